"""A worked example in a notebook: the HTML table, rich's console, figures inline.

The display methods are checked in-process (content, escaping, what they import) and
then in a real Jupyter kernel (ipykernel through nbclient): a small notebook using
the API runs top to bottom and its outputs hold the HTML table and PNG figures. One
kernel for the module.
"""

import dataclasses
import html
import io
import re
import subprocess
import sys

import pytest

import nnexplain as nx

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402


def visible(markup: str) -> str:
    """The text a reader of the HTML sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


EXAMPLES = {
    "loss": lambda: nx.loss(y=1, yhat=0.1),
    "cost": lambda: nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6]),
    "train": lambda: nx.train(task="line", epochs=20),
    "forward": lambda: nx.forward(x=[2, 3]),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_html_holds_what_the_terminal_shows(name):
    from nnexplain.render.numbers import format_exact, format_number
    from nnexplain.render.rows import header_text, row_cells

    example = EXAMPLES[name]()
    worked = example.worked
    markup = example._repr_html_()
    seen = visible(markup)
    assert markup.startswith('<div class="nnexplain-example">') and "<table" in markup
    expected = [worked.title, worked.formula.partition(" = ")[2]]
    for step in worked.steps:
        expected += [step.label, step.formula, step.substituted.fill(format_number, format_exact),
                     format_number(step.value)]
    if worked.result is not None:
        expected.append(f"{worked.result_symbol} = {format_number(worked.result)}")
    for table in (worked.table, *worked.tables_after):
        if table is not None:
            expected += [header_text(column, format_number) for column in table.columns]
            expected += row_cells(table, 0, format_number)
    for section in worked.sections:
        expected += [section.title] + [fact.label for fact in section.facts]
    expected += [line.fill(format_number, format_exact) for line in worked.interpretation]
    missing = [text for text in expected if text not in seen]
    assert not missing


def test_html_escapes_every_text():
    example = nx.loss(y=1, yhat=0.1)
    hostile = dataclasses.replace(example.worked, title="<script>alert(1)</script> & co")
    markup = type(example)(hostile)._repr_html_()
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in markup


def test_rich_console_shows_the_terminal_view():
    from rich.console import Console

    example = nx.loss(y=1, yhat=0.1)
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(example)
    shown = [line.rstrip() for line in console.export_text().splitlines()]
    assert shown == [line.rstrip() for line in example.to_text(width=100).splitlines()]
    assert any("2.3026" in line for line in shown)


def test_rich_console_keeps_to_the_console_s_characters():
    """A console that cannot print "−" or "ŷ" gets the ASCII view, as in the terminal."""
    from rich.console import Console

    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    console = Console(file=stream, width=100, color_system=None, legacy_windows=False)
    console.print(nx.loss(y=1, yhat=0.1))  # would raise UnicodeEncodeError otherwise
    stream.flush()
    text = stream.buffer.getvalue().decode("ascii")
    assert "2.3026" in text


def test_repr_stays_short():
    assert repr(nx.loss(y=1, yhat=0.1)) == (
        "<nnexplain example log_loss: L = 2.3026 — Log loss (binary cross-entropy) of one example>")


def test_display_methods_import_no_matplotlib(tmp_path):
    """_repr_html_ needs neither matplotlib nor rich; making examples registers the
    inline figure formatter without importing matplotlib."""
    probe = ("import sys, nnexplain as nx\n"
             "nx.loss(1, 0.1)._repr_html_(); nx.cost(y=[1, 0], yhat=[0.5, 0.5])._repr_html_()\n"
             "print(sorted(m for m in ('matplotlib', 'rich') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- in a real kernel ---------------------------------------------------------------------

CELLS = [
    "import nnexplain as nx",
    "nx.loss(y=1, yhat=0.1)",
    "nx.loss(y=1, yhat=0.1).figure()",
    "nx.train(task='line', epochs=20).figure('landscape')",
    "from rich.console import Console\nConsole(width=100).print(nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6]))",
    "import sys\nprint('pyplot' , 'matplotlib.pyplot' in sys.modules)",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=120,
        resources={"metadata": {"path": str(tmp_path_factory.mktemp("kernel"))}},
    )
    client.execute()  # CellExecutionError if any cell fails
    return notebook


def outputs(notebook, index):
    return notebook.cells[index].outputs


def test_kernel_shows_the_step_table_as_html(executed):
    (result,) = outputs(executed, 1)
    assert result.output_type == "execute_result"
    markup = result.data["text/html"]
    assert "<table" in markup and "2.3026" in markup and "With numbers" in markup
    assert result.data["text/plain"].startswith("<nnexplain example log_loss: L = 2.3026")


@pytest.mark.parametrize("index", [2, 3], ids=["loss plot", "train landscape"])
def test_kernel_shows_figures_inline(executed, index):
    (result,) = outputs(executed, index)
    png = result.data.get("image/png")
    assert png, f"no image/png, only {sorted(result.data)}"
    import base64

    assert base64.b64decode(png).startswith(b"\x89PNG")


def test_kernel_rich_console_prints_the_text_view(executed):
    # rich sees Jupyter and sends its text as display data (plain text and HTML).
    text = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "")
                   for output in outputs(executed, 4))
    assert "Cost" in text and "0.2798" in text and "Step" in text


def test_kernel_never_needed_pyplot(executed):
    (printed,) = outputs(executed, 5)
    assert printed.text.strip() == "pyplot False"
