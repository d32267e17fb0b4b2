"""Write docs/cli.md from the commands' own ``--help`` text.

Run ``python docs/generate_cli_reference.py`` after changing a command; the test
``tests/test_docs.py`` fails while docs/cli.md is stale.
"""

from pathlib import Path

import click

from nnexplain.cli import cli

TARGET = Path(__file__).with_name("cli.md")
WIDTH = 88


def help_text(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    settings = {**cli.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    context = click.Context(command, info_name=name, parent=parent, **settings)
    return command.get_help(context), context


def reference() -> str:
    """The whole command reference as Markdown."""
    root_help, root = help_text(cli, "nnexplain")
    parts = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `docs/generate_cli_reference.py`;",
        "do not edit by hand.",
        "",
        "## `nnexplain`",
        "",
        "```text",
        root_help,
        "```",
    ]
    for name in cli.list_commands(root):
        parts += command_sections(cli.get_command(root, name), [name], root)
    return "\n".join(parts) + "\n"


def command_sections(command, path, parent):
    """A section for the command and, for a group such as ``lesson``, one per subcommand."""
    command_help, context = help_text(command, path[-1], parent=parent)
    parts = ["", f"## `nnexplain {' '.join(path)}`", "", "```text", command_help, "```"]
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            parts += command_sections(command.get_command(context, name), [*path, name], context)
    return parts


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
