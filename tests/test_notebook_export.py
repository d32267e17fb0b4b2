"""``lesson export --format ipynb``: a lesson as a Jupyter notebook whose code cells call
the API. Every shipped lesson is exported and run top to bottom in one real kernel;
each step's call is checked to compute what its run line computes."""

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import nnexplain
from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import answers, catalog, notebook, runs
from nnexplain.lesson.format import Computed

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

FIXTURE = Path(__file__).parent / "lessons_fixture"
SHIPPED = catalog.shipped_names()


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))


def export(*args):
    return CliRunner().invoke(cli, ["lesson", "export", *args])


def cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


# --- the notebook's shape (the fixture lessons) ----------------------------------------------


@pytest.fixture
def fixture_lessons(monkeypatch):
    monkeypatch.setattr(catalog, "shipped_folder", lambda: FIXTURE)


def test_tiny_lesson_as_a_notebook(fixture_lessons, tmp_path):
    result = export("tiny", "--format", "ipynb", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote {tmp_path / 'tiny.ipynb'}."
    assert os.listdir(tmp_path) == ["tiny.ipynb"]
    nbformat.validate(nbformat.read(str(tmp_path / "tiny.ipynb"), as_version=4))
    found = cells(tmp_path / "tiny.ipynb")
    kinds = [(cell["cell_type"], cell["id"]) for cell in found]
    assert kinds == [("markdown", "title"), ("code", "import"), ("markdown", "step-1"),
                     ("markdown", "step-2"), ("code", "step-2-code"), ("markdown", "step-3"),
                     ("markdown", "step-4"), ("markdown", "step-5")]
    assert source(found[0]).startswith("# A tiny lesson\n\nFive steps that use every kind but figures.")
    assert source(found[1]) == "import nnexplain as nx"
    assert source(found[2]) == "## Step 1: Hello\n\nSome **Markdown** text."
    assert "In a terminal: `nnexplain loss --y 1 --yhat 0.1`" in source(found[3])
    assert source(found[4]) == "nx.loss(y=1, yhat=0.1)"
    question = source(found[5])
    assert "**Question.** Log loss for y = 1, ŷ = 0.1?\n\n*Answer to 2 decimal places.*" in question
    assert "<details>\n<summary>Hint</summary>\n\n−ln(0.1)\n\n</details>" in question
    answer = question.split("<summary>Answer</summary>")[1]
    assert "**Answer:** 2.30 (the tool computes 2.302585)" in answer
    assert "Check it: `nx.loss(y=1, yhat=0.1).result`" in answer
    assert answer.rstrip().endswith("It is −ln(0.1).\n\n</details>")
    assert "1. ln 2\n2. ln 3" in source(found[6]) and "**Answer:** 2. ln 3" in source(found[6])
    assert source(found[-1]) == "## Step 5: Recap\n\n- one\n- two"  # the recap last


def test_figure_step_becomes_a_figure_call(fixture_lessons, tmp_path):
    result = export("drawn", "--format", "ipynb", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert os.listdir(tmp_path) == ["drawn.ipynb"]  # no figure files: they show inline
    found = cells(tmp_path / "drawn.ipynb")
    assert source(found[3]) == "nx.compare(['sigmoid', 'tanh']).figure()"
    assert "`nnexplain compare sigmoid tanh --plot figure.png`" in source(found[2])
    # An infinite answer, and a path into the document rather than .result.
    assert "**Answer:** ∞" in source(found[-1])
    assert "nx.loss(y=1, yhat=0).to_dict()['steps'][2]['value']" in source(found[-1])


def test_a_figure_style_goes_to_the_figure_call():
    call = notebook.api_call(runs.parse_run("loss --y 1 --yhat 0.2 --style dark"), "--plot")
    assert call.source() == "nx.loss(y=1, yhat=0.2).figure(style='dark')"
    assert call.run().get_facecolor() != nx_light_facecolor()
    call = notebook.api_call(runs.parse_run("train --task line --epochs 5 --style slides"), "--landscape")
    assert call.source() == "nx.train(task='line', epochs=5).figure('landscape', style='slides')"
    worked = notebook.api_call(runs.parse_run("loss --y 1 --yhat 0.2 --style dark"))
    assert worked.source() == "nx.loss(y=1, yhat=0.2)"


def nx_light_facecolor():
    return nnexplain.loss(y=1, yhat=0.2).figure(style="light").get_facecolor()


def test_export_is_the_same_every_time(fixture_lessons, tmp_path):
    for out in ("a", "b"):
        assert export("tiny", "--format", "ipynb", "--out", str(tmp_path / out)).exit_code == 0
    assert (tmp_path / "a" / "tiny.ipynb").read_bytes() == (tmp_path / "b" / "tiny.ipynb").read_bytes()


def test_a_command_without_a_function_becomes_a_command_line(fixture_lessons, tmp_path, monkeypatch):
    real = notebook.door
    monkeypatch.setattr(notebook, "door", lambda name: None if name == "loss" else real(name))
    result = export("tiny", "--format", "ipynb", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    found = cells(tmp_path / "tiny.ipynb")
    assert not any(cell["cell_type"] == "code" and "nx.loss" in source(cell) for cell in found)
    step = source(found[3])
    assert "run it in a terminal: `nnexplain loss --y 1 --yhat 0.1`" in step
    assert "| Step | What | Formula | With numbers | Value |" in step  # the numbers are still there
    assert "Check it: `nnexplain loss --y 1 --yhat 0.1`" in source(found[4])


def test_a_failing_step_leaves_no_notebook(tmp_path):
    lesson = tmp_path / "fails.toml"
    lesson.write_text('format = 1\nname = "fails"\ntitle = "F"\nsummary = "S"\nminutes = 1\n'
                      '[[steps]]\nkind = "text"\ntext = "ok"\n'
                      '[[steps]]\nkind = "worked"\nrun = "loss --y 1 --yhat 7"\n')
    out = tmp_path / "out"
    error_line(export(str(lesson), "--format", "ipynb", "--out", str(out)),
               "fails.toml: step 2 (worked): run:", exit_code=FAILED)
    assert os.listdir(out) == []


def test_missing_nbformat_names_the_extra(fixture_lessons, tmp_path, monkeypatch):
    for name in [name for name in sys.modules if name == "nbformat" or name.startswith("nbformat.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "nbformat", None)  # import nbformat raises ImportError
    result = export("tiny", "--format", "ipynb", "--out", str(tmp_path))
    error_line(result, "writing a notebook (--format ipynb) needs the nbformat package: "
                       "pip install 'nnexplain[notebook]'", exit_code=FAILED)
    assert os.listdir(tmp_path) == []
    # The Markdown handout does not need it.
    assert export("tiny", "--out", str(tmp_path)).exit_code == 0


def test_literals_read_as_written():
    assert notebook.literal(1.0) == "1"
    assert notebook.literal(0.1) == "0.1"
    assert notebook.literal(-0.0) == "-0.0"
    assert notebook.literal(1e-7) == "1e-07"
    assert notebook.literal(1e300) == "1e+300"
    assert notebook.literal(float("inf")) == "float('inf')"
    assert notebook.literal([2.0, -1.5]) == "[2, -1.5]"
    assert notebook.literal("it's") == '"it\'s"'
    assert notebook.literal(True) == "True" and notebook.literal(7) == "7"


# --- every shipped lesson ---------------------------------------------------------------------


def shipped_run_lines():
    for name in SHIPPED:
        lesson = catalog.filled(catalog.load_shipped(name))
        for step in lesson.steps:
            if step.kind in ("worked", "figure"):
                yield f"{name}-{step.number}", step.run, step.option if step.kind == "figure" else None
            if step.kind == "question" and isinstance(step.answer, Computed):
                yield f"{name}-{step.number}-answer", step.answer.run, None


RUN_LINES = list(shipped_run_lines())


@pytest.mark.parametrize("where, line, option", RUN_LINES, ids=[where for where, _, _ in RUN_LINES])
def test_each_call_computes_what_its_run_line_computes(where, line, option):
    argv = runs.parse_run(line)
    call = notebook.api_call(argv, option)
    assert call is not None, f"no API function for {line!r}"
    assert json.loads(call.example().to_json()) == runs.document(argv)


def test_check_expressions_give_the_expected_answers():
    checked = 0
    for name in SHIPPED:
        for step in catalog.filled(catalog.load_shipped(name)).questions:
            if isinstance(step.answer, Computed):
                call = notebook.api_call(runs.parse_run(step.answer.run))
                expression = notebook.check_expression(call, step.answer.path)
                value = eval(expression, {"nx": nnexplain})  # our own generated source
                assert float(value) == answers.expected_number(step), expression
                checked += 1
    assert checked >= 20


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every shipped lesson exported as a notebook (one folder)."""
    out = tmp_path_factory.mktemp("notebooks")
    for name in SHIPPED:
        result = export(name, "--format", "ipynb", "--out", str(out))
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """One kernel for the module; each notebook starts from a fresh namespace."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3",
                                       cwd=str(tmp_path_factory.mktemp("kernel")))
    try:
        yield manager
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_lesson_runs_top_to_bottom(name, exported, kernel):
    import nbclient

    path = exported / f"{name}.ipynb"
    book = nbformat.read(str(path), as_version=4)
    book.cells.insert(0, nbformat.v4.new_code_cell("%reset -f", id="reset"))
    client = nbclient.NotebookClient(book, km=kernel, timeout=120)
    try:
        client.execute()  # CellExecutionError if any cell fails
    finally:
        if client.kc is not None:  # the kernel is shared, so nbclient leaves its client open
            client.kc.stop_channels()
    lesson = catalog.load_shipped(name)
    for step in lesson.steps:
        if step.kind not in ("worked", "figure"):
            continue
        (cell,) = [cell for cell in book.cells if cell.get("id") == f"step-{step.number}-code"]
        shown = [output for output in cell.outputs if output.output_type == "execute_result"]
        assert len(shown) == 1, cell.outputs
        if step.kind == "figure":
            assert "image/png" in shown[0].data
        else:
            assert "<table" in shown[0].data["text/html"]
        assert not [output for output in cell.outputs if output.get("name") == "stderr"], cell.outputs
