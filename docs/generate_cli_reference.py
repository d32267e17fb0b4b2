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
        command_help, _ = help_text(cli.get_command(root, name), name, parent=root)
        parts += ["", f"## `nnexplain {name}`", "", "```text", command_help, "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
