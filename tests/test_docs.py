"""Docs stay true: the CLI reference, the gallery, the README's samples, figure and quick start."""

import importlib.util
import re
import shlex
import tomllib
from pathlib import Path

from click.testing import CliRunner

from nnexplain.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def load_generator(name="generate_cli_reference"):
    path = ROOT / "docs" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    generated = load_generator().reference()
    on_disk = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert on_disk == generated, "docs/cli.md is stale: run python docs/generate_cli_reference.py"


def test_cli_reference_covers_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.list_commands(None):
        assert f"## `nnexplain {name}`" in text


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_gallery_is_current():
    generator = load_generator("generate_gallery")
    on_disk = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    assert on_disk == generator.page(), "docs/gallery.md is stale: run python docs/generate_gallery.py"


def test_gallery_shows_every_deck_figure_and_nothing_else():
    from nnexplain.deck import DECK

    generator = load_generator("generate_gallery")
    gallery = ROOT / "docs" / "gallery"
    images = sorted(p.name for p in gallery.iterdir() if p.is_file())
    assert images == sorted(f"{figure.name}.png" for figure in DECK), \
        "docs/gallery/ does not match the deck: run python docs/generate_gallery.py"
    folders = sorted(p.name for p in gallery.iterdir() if p.is_dir())
    assert folders == sorted(generator.OTHER_STYLES)
    samples = sorted(f"{figure.name}.png" for figure in generator.samples())
    assert len(samples) == len(generator.STYLE_SAMPLES), "a style sample is not in the deck"
    for style in folders:
        assert sorted(p.name for p in (gallery / style).iterdir()) == samples, \
            f"docs/gallery/{style}/ is stale: run python docs/generate_gallery.py"
    for path in gallery.rglob("*.png"):
        assert path.read_bytes().startswith(b"\x89PNG")


def test_gallery_style_samples_are_in_their_style():
    """The other styles' images have their style's size: slides 16:9, dark as light."""
    import struct

    from matplotlib import image

    generator = load_generator("generate_gallery")
    gallery = ROOT / "docs" / "gallery"

    def size(path):
        head = path.read_bytes()[16:24]
        return struct.unpack(">II", head)

    for figure in generator.samples():
        name = f"{figure.name}.png"
        width, height = size(gallery / "slides" / name)
        assert abs(width / height - 16 / 9) < 0.02, (name, width, height)
        assert size(gallery / "slides-dark" / name) == (width, height)
        for style, dark in (("slides", False), ("dark", True), ("slides-dark", True)):
            corner = image.imread(gallery / style / name)[2, 2, :3].mean()
            assert (corner < 0.3) if dark else (corner > 0.7), (style, name, corner)


README_SAMPLE = re.compile(r"`nnexplain ([^`]*)` in an 80-column terminal:\n\n```text\n(.*?)```", re.S)


def test_readme_samples_are_real_output():
    samples = README_SAMPLE.findall(readme())
    assert [args for args, _ in samples] == ["loss --y 1 --yhat 0.1", "neuron --x 2,3 --w 0.5,-1 --b 0.1"], \
        "README lost a sample output"
    for args, shown in samples:
        result = CliRunner().invoke(cli, shlex.split(args), env={"COLUMNS": "80"})
        actual = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
        assert shown == actual, args


def test_readme_figure_is_the_deck_figure_its_command_makes():
    from nnexplain.deck import DECK

    images = re.findall(r"!\[[^\]]+\]\((docs/gallery/([a-z-]+)\.png)\)", readme())
    assert images, "README lost its figure"
    commands = " ".join(readme().split())  # the command may wrap over two lines
    for path, name in images:
        assert (ROOT / path).is_file(), path
        figure = next(f for f in DECK if f.name == name)
        assert figure.command(f"{name}.png") in commands, name


def quick_start():
    section = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return section, re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    _, commands = quick_start()
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && nnexplain loss --y 1 --yhat 0.1",
        "pip install '.[test]' && pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_quick_start_installs_into_a_virtual_environment_first():
    """A system Python that refuses ``pip install`` ("externally-managed-environment")
    still takes the quick start: the first command makes and enters a venv before any
    pip, and in the current shell (``.``, not ``bash``), so the second command's pip
    and pytest are the venv's too. The folder it makes is ignored by git."""
    _, (first, second) = quick_start()
    steps = first.split(" && ")
    venv = steps.index("python3 -m venv .venv")
    activate = steps.index(". .venv/bin/activate")
    assert venv < activate < min(i for i, step in enumerate(steps) if step.startswith("pip "))
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_quick_start_says_how_long_the_suite_takes_and_what_is_checked():
    section, _ = quick_start()
    text = " ".join(section.split())
    assert re.search(r"about \d+(–\d+)? minutes on a 2-core machine", text)
    for needed in ("tests/reference/reference.json", "pip install '.[test,reference]'"):
        assert needed in text
    reference = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "reference" in reference["project"]["optional-dependencies"]
    assert (ROOT / "tests" / "reference" / "reference.json").is_file()


def test_readme_python_examples_run_as_shown():
    """The README's Python session is real: doctest runs it."""
    import doctest

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0 and len(test.examples) >= 5


def test_readme_shows_how_to_enable_completion_for_each_shell():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_NNEXPLAIN_COMPLETE={shell}_source nnexplain" in text


def test_api_reference_is_current():
    generator = load_generator("generate_api_reference")
    on_disk = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert on_disk == generator.reference(), "docs/api.md is stale: run python docs/generate_api_reference.py"


def test_every_door_is_documented_with_an_example_that_runs():
    """Each door's docstring example is real (doctest), and the reference lists them all."""
    import doctest

    import numpy as np

    import nnexplain

    generator = load_generator("generate_api_reference")
    assert sorted(generator.DOORS) == sorted(
        name for name in nnexplain.api.__all__ if name[0].islower())
    for name in generator.DOORS:
        function = getattr(nnexplain, name)
        test = doctest.DocTestParser().get_doctest(function.__doc__, {"nx": nnexplain, "np": np}, name, name, 0)
        assert test.examples, f"{name} has no example"
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0, name


def test_the_package_is_typed():
    import tomllib

    assert (ROOT / "nnexplain" / "py.typed").exists()
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in setup["package-data"]["nnexplain"]
