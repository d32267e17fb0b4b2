"""The ``nnexplain`` command line: thin click commands over explain and render.

Importing this module loads click only; each command imports NumPy, the views and
matplotlib inside its body, when it runs, so ``--help`` is instant.
"""

import os
import sys

import click

from nnexplain import __version__
from nnexplain.cli.activation import activation, compare
from nnexplain.cli.cost import cost
from nnexplain.cli.loss import loss
from nnexplain.cli.neuron import bias, neuron
from nnexplain.cli.softmax import softmax


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="nnexplain")
def cli():
    """Worked, step-by-step explanations of neural-network arithmetic.

    Every number shown is computed, with the formula, the formula with your
    numbers in, and each intermediate step.

    \b
    Example:
      nnexplain loss --y 1 --yhat 0.1
    """


for command in (loss, cost, activation, compare, bias, neuron, softmax):
    cli.add_command(command)


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
