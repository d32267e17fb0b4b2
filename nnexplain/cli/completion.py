"""Shell completion beyond click's own (choices such as activation names and styles
complete by themselves): lesson names, figure names and example networks, each
offered beside the shell's file completion where a file is allowed too.

Enable it as click documents (README: "Shell completion"); every function here reads
only small catalogues (no NumPy, no matplotlib), so a Tab press stays instant.
"""

from click.shell_completion import CompletionItem


def _matching(names, incomplete):
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def lesson_or_file(ctx, param, incomplete):
    """The shipped lessons' names, and files (a teacher's lesson.toml)."""
    from nnexplain.lesson.catalog import CatalogError, shipped_names

    try:
        names = shipped_names()
    except CatalogError:
        names = ()
    return _matching(names, incomplete) + [CompletionItem(incomplete, type="file")]


def figure_name(ctx, param, incomplete):
    """The figure deck's names (``figures --only``)."""
    from nnexplain.deck import DECK

    return _matching([figure.name for figure in DECK], incomplete)


def network_or_file(ctx, param, incomplete):
    """The shipped example networks' names, and files (``--weights``)."""
    from nnexplain import examples

    return _matching(examples.names(), incomplete) + [CompletionItem(incomplete, type="file")]
