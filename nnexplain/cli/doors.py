"""Where the command line meets the doors (``nnexplain.api``): an InputError raised
below becomes the click error that prints the same text after ``Error:``, inside the
command's own context (so click's usage line names the command)."""

import functools

import click

from nnexplain.inputs import InputError


def as_click(error: InputError) -> click.ClickException:
    """The click exception that prints ``Error: {error}`` with the right status."""
    if not error.usage:
        return click.ClickException(error.message)
    if error.hint is None:
        return click.UsageError(error.message)
    return click.BadParameter(error.message, param_hint=error.hint)


def translating(command: click.Command) -> click.Command:
    """``command`` with its callback raising click errors for InputErrors (once)."""
    callback = command.callback
    if callback is None or getattr(callback, "_translates_input_errors", False):
        return command

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except InputError as error:
            raise as_click(error) from None

    run._translates_input_errors = True
    command.callback = run
    return command
