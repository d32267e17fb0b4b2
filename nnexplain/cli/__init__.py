"""The ``nnexplain`` command line: thin click commands over explain and render.

Importing this module loads click only. A command's module is imported only when
that command runs (or when the group's help lists them all), and each command
imports NumPy, the views and matplotlib inside its body, so ``--help`` is instant
and adding commands does not slow the others down.
"""

import importlib
import os
import sys

import click

from nnexplain import __version__

# Command name -> "module:attribute", imported on first use.
COMMANDS = {
    "loss": "nnexplain.cli.loss:loss",
    "cost": "nnexplain.cli.cost:cost",
    "activation": "nnexplain.cli.activation:activation",
    "compare": "nnexplain.cli.activation:compare",
    "bias": "nnexplain.cli.neuron:bias",
    "neuron": "nnexplain.cli.neuron:neuron",
    "softmax": "nnexplain.cli.softmax:softmax",
    "forward": "nnexplain.cli.network:forward",
    "backprop": "nnexplain.cli.network:backprop",
    "train": "nnexplain.cli.train:train",
    "linear-collapse": "nnexplain.cli.collapse:linear_collapse",
    "lesson": "nnexplain.cli.lesson:lesson",
    "figures": "nnexplain.cli.deck:figures",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is wanted."""

    def __init__(self, *args, lazy_commands=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            module_name, attribute = self.lazy_commands[name].split(":")
            module = importlib.import_module(module_name)
            self.add_command(getattr(module, attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="nnexplain")
def cli():
    """Worked, step-by-step explanations of neural-network arithmetic.

    Every number shown is computed, with the formula, the formula with your
    numbers in, and each intermediate step.

    \b
    Example:
      nnexplain loss --y 1 --yhat 0.1
    """


def main() -> None:
    """Console-script entry point: run the CLI, never show a traceback."""
    try:
        cli.main(prog_name="nnexplain")
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:  # a bug, not a user mistake: say so in one line
        if os.environ.get("NNEXPLAIN_DEBUG"):
            raise
        click.echo(
            f"Error: internal error ({type(error).__name__}: {error}). This is a bug in "
            "nnexplain; set NNEXPLAIN_DEBUG=1 to see the traceback and please report it.",
            err=True,
        )
        sys.exit(70)
