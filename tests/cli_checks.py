"""Shared checks for CLI error tests: a failed run ends in exactly one Error line."""

USAGE = 2  # click.BadParameter / click.UsageError
FAILED = 1  # click.ClickException


def error_line(result, *mentions, exit_code=USAGE):
    """The one ``Error:`` line of a failed run, after checking the rule: the
    expected exit status, no traceback, one Error line naming each of ``mentions``."""
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == exit_code
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    for text in mentions:
        assert text in errors[0], (text, errors[0])
    return errors[0]
