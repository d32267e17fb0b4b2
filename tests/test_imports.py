"""What each command imports: heavy libraries load only on the paths that need them.

A timed test would be flaky; which modules a command loads is not. Each case runs the
CLI in a fresh interpreter (an in-process test would see whatever earlier tests
imported) and lists ``sys.modules`` after the command has finished. The timings
themselves live in ``bench/startup.py``.
"""

import subprocess
import sys

import pytest

from nnexplain.cli import COMMANDS
from nnexplain.deck import DECK

# Runs the CLI in-process with the given arguments, then writes the names of every
# imported module to a file, one a line. Its own imports are sys only, so it adds
# nothing to the list.
PROBE = """
import sys
out, sys.argv = sys.argv[1], ["nnexplain", *sys.argv[2:]]
code = 0
if sys.argv[1:] != ["--import-only"]:
    from nnexplain.cli import main
    try:
        main()
    except SystemExit as exit:
        code = exit.code or 0
else:
    import nnexplain
with open(out, "w", encoding="utf-8") as handle:
    handle.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""

HEAVY_FOR_HELP = ("numpy", "matplotlib")
LOSS = ["loss", "--y", "1", "--yhat", "0.1"]


def imported_by(args, tmp_path):
    """The set of modules loaded after ``nnexplain *args`` ran in a fresh interpreter."""
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(listing), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # A command that failed early would import little and pass for the wrong reason.
    assert done.returncode == 0, f"nnexplain {' '.join(args)} failed:\n{done.stderr}"
    return set(listing.read_text(encoding="utf-8").split("\n"))


# Every figure the tool draws is in the deck, each with the command that draws it.
PLOTS = [[*figure.argv(), figure.option] for figure in DECK]


@pytest.fixture(scope="module")
def plots_drawn(tmp_path_factory):
    """``imported_by`` for every deck figure's command, two fresh interpreters at a
    time: each is mostly matplotlib's import (~1 s), and the suite itself runs on one
    core of a 2-core machine. ``{" ".join(args): (modules, figure path) or the failure}``."""
    from concurrent.futures import ThreadPoolExecutor

    def run(args):
        folder = tmp_path_factory.mktemp("plot")
        figure = folder / "figure.svg"
        try:
            return imported_by(args + [str(figure)], folder), figure
        except AssertionError as failure:
            return failure

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((" ".join(a) for a in PLOTS), pool.map(run, PLOTS)))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["loss", "--help"], ["figures", "--list"]] + [[name, "-h"] for name in COMMANDS],
    ids=" ".join,
)
def test_help_imports_neither_numpy_nor_matplotlib(args, tmp_path):
    modules = imported_by(args, tmp_path)
    assert "click" in modules  # the probe really ran the CLI
    assert not modules & set(HEAVY_FOR_HELP)


def test_a_command_imports_no_other_command_module(tmp_path):
    modules = imported_by(LOSS, tmp_path)
    command_modules = {target.split(":")[0] for target in COMMANDS.values()}
    assert command_modules & modules == {"nnexplain.cli.loss"}


@pytest.mark.parametrize(
    "args",
    [
        LOSS,
        LOSS + ["--format", "json"],
        LOSS + ["--format", "markdown"],
        LOSS + ["--format", "latex"],
        ["cost", "--y", "1,0", "--yhat", "0.5,0.5"],
        ["activation", "sigmoid"],
        ["compare", "sigmoid", "tanh", "relu", "--format", "json"],
        ["bias", "--w", "1", "--b", "-2,0,2"],
        ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1"],
        ["softmax", "--z", "2,1,0.1", "--format", "markdown"],
        ["forward"],
        ["backprop", "--target", "1", "--format", "json"],
        ["train", "--task", "line", "--epochs", "50"],
        ["train", "--task", "logistic", "--epochs", "50", "--format", "markdown"],
        ["linear-collapse"],
        ["lesson", "run", "neuron", "--no-input"],
    ],
    ids=" ".join,
)
def test_worked_commands_do_not_import_matplotlib(args, tmp_path):
    modules = imported_by(args, tmp_path)
    assert "numpy" in modules  # the command really computed something
    assert "matplotlib" not in modules


def test_plot_option_does_import_matplotlib(tmp_path):
    # The other half of the check: the probe can see matplotlib when it is loaded.
    figure = tmp_path / "loss.png"
    modules = imported_by(LOSS + ["--plot", str(figure)], tmp_path)
    assert "matplotlib" in modules
    assert figure.is_file()


@pytest.mark.parametrize("args", PLOTS, ids=" ".join)
def test_every_plot_option_draws(args, plots_drawn):
    drawn = plots_drawn[" ".join(args)]
    if isinstance(drawn, AssertionError):
        raise drawn
    modules, figure = drawn
    assert "matplotlib" in modules
    assert figure.is_file()


def test_importing_the_package_loads_no_heavy_library(tmp_path):
    modules = imported_by(["--import-only"], tmp_path)
    assert "nnexplain" in modules
    assert not modules & {"numpy", "rich", "matplotlib"}
