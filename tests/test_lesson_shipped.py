"""A lint over every shipped lesson (rustlings-style), parametrised from the manifest so
lessons added later are covered without touching this file: names unique and equal to
their file names, manifest and files agree, every worked and figure step computes,
every answer computes to a number, every question has a hint, at least two checked
questions per lesson. And the golden read-through of the first lesson."""

import math

import pytest

from nnexplain.lesson import answers, catalog
from nnexplain.lesson.check import Report, check_folder, computes
from nnexplain.lesson.format import Computed

NAMES = catalog.shipped_names()


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))


def test_manifest_and_files_agree_and_names_are_unique(monkeypatch):
    # The folder's structure only; what each lesson computes is test_every_step_computes.
    from nnexplain.lesson import check

    monkeypatch.setattr(check, "computes", lambda lesson: [])
    report = check_folder(catalog.shipped_folder(), "lessons", Report())
    assert report.problems == []
    assert len(NAMES) == len(set(NAMES)) == len(report.lessons)
    assert [lesson.name for lesson in report.lessons] == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_step_computes(name):
    lesson = catalog.load_shipped(name)
    assert lesson.name == name
    assert computes(lesson) == []


@pytest.mark.parametrize("name", NAMES)
def test_every_question_is_checked_and_has_a_hint(name):
    lesson = catalog.load_shipped(name)
    computed = [step for step in lesson.questions if isinstance(step.answer, Computed)]
    assert len(computed) >= 2, f"{name}: at least two questions whose answers the tool computes"
    for step in lesson.questions:
        assert step.hint and step.explanation
        if not step.is_choice:
            expected = answers.expected_number(step)
            assert math.isfinite(expected) or math.isinf(expected)
            # the answer as shown is accepted, so a learner copying it is right
            shown = answers.show_expected(expected, step).replace("−", "-")
            assert answers.is_close(answers.parse_number(shown, math.isinf(expected)), expected, step)


@pytest.mark.parametrize("name", NAMES)
def test_precision_is_not_repeated_in_the_prompt(name):
    for step in catalog.load_shipped(name).questions:
        assert "decimal place" not in step.prompt, f"{name} step {step.number}: the engine states the precision"


def test_golden_neuron_read_through(golden):
    golden("lesson_neuron_no_input", ["lesson", "run", "neuron", "--no-input"])
