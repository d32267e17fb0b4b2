"""Placeholder while being built this session; replaced before commit."""

import click


@click.command()
def activation():
    """Not built yet."""
    raise click.UsageError("not built yet")


@click.command()
def compare():
    """Not built yet."""
    raise click.UsageError("not built yet")
