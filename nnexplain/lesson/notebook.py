"""A lesson as a Jupyter notebook: ``lesson export NAME --format ipynb``.

Text steps become Markdown cells; worked and figure steps become code cells that
call the Python API (``nx.loss(y=1, yhat=0.1)``, ``….figure()``), so a learner can
change a number and run the cell again; questions become Markdown with the hint and
the answer folded away in ``<details>`` blocks; the recap closes the notebook.

A step's run line is translated into its call with the command's own parser: the
options the lesson gives, converted and checked exactly as on the command line, are
passed to the function under the option's name (``--yhat`` is ``yhat=``, ``--no-bias``
is ``no_bias=``); options the lesson leaves out keep the function's defaults, which
are the command's. A range such as ``--z -5:5:201`` is passed as its text, so the
values are spaced (and shown) as the command spaces them. Every call is made once
while exporting, so a step that does not compute fails the export (as a Markdown
export would) rather than the learner's notebook. A command without a Python
function in this nnexplain gets a Markdown cell naming the command line instead.

``nbformat`` is an optional extra (``pip install 'nnexplain[notebook]'``).
"""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass

import click

from nnexplain.lesson import present, runs
from nnexplain.lesson.format import FIGURE_OPTIONS, Computed, Lesson, Step
from nnexplain.lesson.runner import failing_step

INSTALL = "pip install 'nnexplain[notebook]'"
IMPORT_LINE = "import nnexplain as nx"
# A figure step's option -> the figure kind its Example draws (format.FIGURE_OPTIONS).
FIGURE_KINDS = FIGURE_OPTIONS
_INDEX = re.compile(r"-?\d+", re.ASCII)


class NotebookUnavailable(Exception):
    """nbformat is not installed; the message says how to install it."""


def require_nbformat():
    """The nbformat module, or NotebookUnavailable naming the extra to install."""
    try:
        import nbformat
        import nbformat.v4  # noqa: F401
    except ImportError:
        raise NotebookUnavailable(
            f"writing a notebook (--format ipynb) needs the nbformat package: {INSTALL}"
        ) from None
    return nbformat


@dataclass(frozen=True)
class Call:
    """An API call equivalent to a run line: ``nx.DOOR(*args, **kwargs)``, then
    ``.figure(kind)`` for a figure step (``figure`` is None for a worked step,
    "" for the example's one figure)."""

    door: str
    args: tuple
    kwargs: tuple[tuple[str, object], ...]
    figure: str | None = None
    style: str | None = None  # the figure's --style, if the run line gives one

    def source(self) -> str:
        """The call as Python source, e.g. ``nx.loss(y=1, yhat=0.1)``."""
        arguments = [literal(value) for value in self.args]
        arguments += [f"{name}={literal(value)}" for name, value in self.kwargs]
        text = f"nx.{self.door}({', '.join(arguments)})"
        if self.figure is not None:
            figure = [literal(self.figure)] if self.figure else []
            figure += [f"style={literal(self.style)}"] if self.style else []
            text += f".figure({', '.join(figure)})"
        return text

    def example(self):
        """Run the call (without drawing): the Example."""
        import nnexplain

        return getattr(nnexplain, self.door)(*self.args, **dict(self.kwargs))

    def run(self):
        """Run the call as the notebook will: the Example, or the Figure it draws."""
        example = self.example()
        if self.figure is None:
            return example
        style = {"style": self.style} if self.style else {}
        return example.figure(self.figure, **style) if self.figure else example.figure(**style)


def door_name(command: str) -> str:
    """The API function's name for a command: ``linear-collapse`` is ``linear_collapse``."""
    return command.replace("-", "_")


def door(name: str):
    """The API function ``nnexplain.NAME``, or None if this nnexplain has none."""
    import nnexplain

    return getattr(nnexplain, name, None) if name in dir(nnexplain) else None


def api_call(argv, figure_option: str | None = None) -> Call | None:
    """The API call that does what the run line ``argv`` does, or None when this
    nnexplain has no function for the command, or the function lacks one of the
    options given (the step is then shown as a command line). The options are
    parsed by the command's own parser (RunError if they do not parse)."""
    name = door_name(argv[0])
    function = door(name)
    if function is None:
        return None
    args, kwargs, style = _arguments(argv)
    if style is _UNSUPPORTED:
        return None
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return None
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    if not takes_any and any(key not in parameters for key, _ in kwargs):
        return None
    figure = None
    if figure_option is not None:
        kind = FIGURE_KINDS.get(figure_option)
        if figure_option not in FIGURE_KINDS:
            return None
        figure = kind or ""
    return Call(name, tuple(args), tuple(kwargs), figure, style if figure is not None else None)


# An option that only the command line understands (the step is shown as a command line).
_UNSUPPORTED = object()


def _arguments(argv):
    """``(positional values, [(keyword, value)], figure style)`` of the parameters the
    run line gives (the style is _UNSUPPORTED for an option that no function takes)."""
    from nnexplain.cli import cli
    from nnexplain.cli.options import PointList

    command = runs._command(argv[0])
    parent = click.Context(cli, info_name="nnexplain", **cli.context_settings)
    try:
        with command.make_context(argv[0], list(argv[1:]), parent=parent) as context:
            values = dict(context.params)
            given = {
                param.name for param in command.params
                if context.get_parameter_source(param.name) is click.core.ParameterSource.COMMANDLINE
            }
    except click.ClickException as error:
        raise runs.RunError(f"{runs.command_line(argv)} failed: {error.format_message()}") from None
    except (click.exceptions.Exit, click.Abort):
        raise runs.RunError(f"{runs.command_line(argv)} does not compute anything") from None
    args, kwargs, style = [], [], None
    for param in command.params:
        if param.name not in given:
            continue
        if not param.expose_value:  # --style sets the figures' look for the whole command
            if "--style" not in param.opts:
                style = _UNSUPPORTED
            elif style is not _UNSUPPORTED:
                style = _raw_text(argv, param)
            continue
        value = values[param.name]
        if isinstance(param, click.Argument):
            args.append(list(value) if isinstance(value, tuple) else value)
            continue
        if isinstance(value, PointList) and not value.typed:
            value = _raw_text(argv, param)  # a range: its text, spaced by the function
        kwargs.append((param.opts[0].lstrip("-").replace("-", "_"), value))
    return args, kwargs, style


def _raw_text(argv, param) -> str:
    """The text given to an option on the command line (its last occurrence)."""
    text = None
    tokens = list(argv[1:])
    for i, token in enumerate(tokens):
        for opt in param.opts:
            if token == opt and i + 1 < len(tokens):
                text = tokens[i + 1]
            elif token.startswith(opt + "="):
                text = token[len(opt) + 1:]
    return text


def literal(value) -> str:
    """Python source for a parsed option value: numbers as written (1, 0.1, −2.5e-07),
    lists as lists, text quoted."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            return f"float({str(value)!r})"
        if value.is_integer() and abs(value) < 1e15 and not (value == 0 and math.copysign(1, value) < 0):
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as Python source")


def check_expression(call: Call, path: str) -> str:
    """Python source reading the number at a JSON path of the call's example."""
    if path == "result":
        return f"{call.source()}.result"
    keys = "".join(f"[{part}]" if _INDEX.fullmatch(part) else f"[{part!r}]" for part in path.split("."))
    return f"{call.source()}.to_dict(){keys}"


# --- the notebook --------------------------------------------------------------------


def notebook(lesson: Lesson):
    """The lesson as an nbformat notebook (no outputs: run it to see them).
    StepFailed if a step cannot be computed or drawn."""
    nbformat = require_nbformat()
    v4 = nbformat.v4
    cells = []

    def markdown(text, key):
        cells.append(v4.new_markdown_cell(text.strip("\n"), id=key))

    def code(text, key):
        cells.append(v4.new_code_cell(text, id=key))

    questions = len(lesson.questions)
    markdown("\n\n".join([
        f"# {lesson.title}",
        lesson.summary.strip("\n"),
        f"*About {lesson.minutes} minute{'s' if lesson.minutes != 1 else ''} · {len(lesson.steps)} steps · "
        f"{questions} question{'s' if questions != 1 else ''}. Run each cell in turn (Shift-Enter); "
        f"change a number and run it again. In a terminal: `nnexplain lesson run {lesson.name}`.*",
    ]), "title")
    code(IMPORT_LINE, "import")
    for step in lesson.steps:
        title = step.title or present.KIND_TITLES.get(step.kind)
        parts = [f"## Step {step.number}" + (f": {title}" if title else "")]
        if step.kind != "question" and step.text:
            parts.append(step.text.strip("\n"))
        with failing_step(lesson, step):
            source = _step(step, parts)
        markdown("\n\n".join(parts), f"step-{step.number}")
        if source is not None:
            code(source, f"step-{step.number}-code")
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "nnexplain": {"lesson": lesson.name},
    })
    nbformat.validate(notebook)
    return notebook


def notebook_text(lesson: Lesson) -> str:
    """The notebook as the text of an .ipynb file."""
    nbformat = require_nbformat()
    return nbformat.writes(notebook(lesson)) + "\n"


def _step(step: Step, parts: list[str]) -> str | None:
    """Add the step's Markdown to ``parts``; return its code cell's source, if any."""
    if step.kind in ("worked", "figure"):
        argv = runs.parse_run(step.run)
        option = step.option if step.kind == "figure" else None
        shown = [*argv, option, "figure.png"] if option else list(argv)
        call = api_call(argv, option)
        if call is None:
            parts.append(f"This step runs a command that has no Python function in this nnexplain; "
                         f"run it in a terminal: `{runs.command_line(shown)}`")
            if step.kind == "worked":
                parts.append(runs.markdown(argv))
            return None
        _computes(call, argv)
        parts.append(f"In a terminal: `{runs.command_line(shown)}`")
        return call.source()
    if step.kind == "question":
        parts += _question(step)
    elif step.kind == "recap":
        parts.append("\n".join(f"- {point}" for point in step.points))
    return None


def _computes(call: Call, argv) -> None:
    """Make the call now (drawing its figure), so a step that fails, fails the export."""
    from nnexplain.inputs import InputError

    try:
        call.run()
    except InputError as error:
        raise runs.RunError(f"{call.source()} failed: {error}") from None


def _question(step: Step) -> list[str]:
    from nnexplain.lesson.export import question_head

    parts, expected = question_head(step)
    parts.append(_details("Hint", step.hint))
    answer = present.answer_text(step, expected)
    if isinstance(step.answer, Computed):
        argv = runs.parse_run(step.answer.run)
        call = api_call(argv)
        check = (f"`{check_expression(call, step.answer.path)}`" if call is not None
                 else f"`{runs.command_line(argv)}`")
        answer += f"  \nCheck it: {check}"
    parts.append(_details("Answer", f"**Answer:** {answer}\n\n{step.explanation.strip()}"))
    return parts


def _details(summary: str, body: str) -> str:
    """A folded block; Markdown inside it needs the blank lines around it."""
    return f"<details>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>"
