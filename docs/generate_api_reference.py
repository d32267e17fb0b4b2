"""Write docs/api.md from the Python API's own signatures and docstrings.

Run ``python docs/generate_api_reference.py`` after changing a door; the test
``tests/test_docs.py`` fails while docs/api.md is stale.
"""

import inspect
from pathlib import Path

import nnexplain
from nnexplain import api

TARGET = Path(__file__).with_name("api.md")
# The doors in the order the command reference lists their commands.
DOORS = ("loss", "cost", "activation", "compare", "bias", "neuron", "softmax", "crossentropy",
         "forward", "backprop", "train", "train_network", "optimize", "approximate", "linear_collapse",
         "problem")


def signature(name: str, function) -> str:
    text = str(inspect.signature(function, eval_str=True))
    for module in ("nnexplain.api.example.", "nnexplain.api.training.", "nnexplain.api.activations."):
        text = text.replace(module, "")
    return f"nx.{name}{text}"


def section(title: str, text: str, doc: str | None) -> list[str]:
    return [f"### `{title}`", "", "```python", text, "```", "", inspect.cleandoc(doc or "").strip(), ""]


def reference() -> str:
    parts = [
        "# Python API",
        "",
        "Generated from the functions' signatures and docstrings by",
        "`docs/generate_api_reference.py`; do not edit by hand.",
        "",
        "```python",
        "import nnexplain as nx",
        "```",
        "",
        inspect.cleandoc(api.__doc__),
        "",
        "## The doors",
        "",
    ]
    for name in DOORS:
        function = getattr(nnexplain, name)
        parts += section(f"nx.{name}", signature(name, function), function.__doc__)
    parts += ["## What a door returns", ""]
    parts += section("Example", "class Example", api.Example.__doc__)
    for name, member in inspect.getmembers(api.Example):
        if name.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
            continue
        summary = " ".join(inspect.cleandoc(member.__doc__ or "").split("\n\n")[0].split())
        if isinstance(member, property):
            parts += [f"- `.{name}`: {summary}"]
        else:
            text = str(inspect.signature(member, eval_str=True)).replace("(self, ", "(").replace("(self)", "()")
            parts += [f"- `.{name}{text}`: {summary}"]
    parts.append("")
    parts += section("ActivationExample", "class ActivationExample(Example)", api.ActivationExample.__doc__)
    parts += section("TrainingExample", "class TrainingExample(Example)", api.TrainingExample.__doc__)
    parts += ["## Errors", ""]
    parts += section("InputError", "class InputError(ValueError)", nnexplain.InputError.__doc__)
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
