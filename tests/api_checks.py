"""Shared checks for the Python API: a door gives what its command gives."""

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.inputs import InputError


def cli_run(args):
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "100"}, catch_exceptions=False)


def same_json_as_cli(args, example, precision=None):
    """The command's ``--format json`` output equals the example's ``to_json()``."""
    extra = [] if precision is None else ["--precision", str(precision)]
    result = cli_run([*args, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    expected = example.to_json() if precision is None else example.to_json(precision)
    assert result.stdout == expected + "\n"


def same_error_as_cli(args, call):
    """The command fails with ``Error: <message>`` and the door raises InputError
    whose text is that message, with the same exit status kind."""
    result = cli_run(args)
    assert result.exit_code in (1, 2), result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    with pytest.raises(InputError) as caught:
        call()
    assert errors[0] == f"Error: {caught.value}"
    assert (result.exit_code == 2) == caught.value.usage
    return caught.value
