"""Placeholder while being built this session; replaced before commit."""

import click


@click.command()
def bias():
    """Not built yet."""
    raise click.UsageError("not built yet")


@click.command()
def neuron():
    """Not built yet."""
    raise click.UsageError("not built yet")
