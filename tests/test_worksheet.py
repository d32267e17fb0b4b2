"""``nnexplain worksheet``: problem sheets and one answer key, Markdown and LaTeX,
byte-identical for the same arguments, every key answer equal to what its command
computes, all or nothing on failure, one Error line per refusal.

The skills come from a template file written here (so the tests do not depend on
which shipped templates exist); one test also uses the shipped ones.
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import error_line
from nnexplain.cli import cli
from nnexplain.lesson import answers, runs
from nnexplain.practice import worksheet as sheets
from nnexplain.practice.catalog import load_file

TEMPLATES = """\
format = 1
topic = "loss"

[[skills]]
name = "log-loss-t"
title = "Log loss: 100% & more, y_true #1"
prompt = "Label y = {y}, prediction ŷ = {yhat} (50% & up; y_true #1). What is L?"
run = "loss --y {y} --yhat {yhat}"
path = "result"
decimals = 3
hints = ["Use ln."]
explanation = "With y = {y} one term counts: 100% & nothing else_here #2."
require = ["answer >= 0.0005"]
[skills.params]
y = { choices = [0, 1] }
yhat = { low = 0.05, high = 0.95, decimals = 2 }

[[skills]]
name = "squared-t"
title = "Squared loss"
prompt = "The true value is y = {y} and the model predicts ŷ = {yhat}. What is (y − ŷ)²?"
run = "loss --y {y} --yhat {yhat} --loss squared"
path = "result"
decimals = 2
hints = ["Subtract, then square."]
require = ["abs(y - yhat) >= 0.2"]
[skills.params]
y = { low = -3, high = 5, decimals = 1 }
yhat = { low = -3, high = 5, decimals = 1 }

[[skills]]
name = "curve-t"
title = "Log loss with its curve"
prompt = "y = {y}, ŷ = {yhat}: the log loss?"
run = "loss --y {y} --yhat {yhat}"
path = "result"
decimals = 2
figure = "--plot"
hints = ["Use ln."]
[skills.params]
y = { choices = [0, 1] }
yhat = { low = 0.1, high = 0.9, decimals = 1 }
"""


@pytest.fixture
def templates(tmp_path):
    path = tmp_path / "class.toml"
    path.write_text(TEMPLATES, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, ["worksheet", *map(str, args)])


def make(templates, out, *args):
    result = run(*args, "--templates", templates, "--out", out)
    assert result.exit_code == 0, result.output
    return result


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_variant_names():
    names = [sheets.variant_name(i, 800) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)]
    assert names == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
    assert sheets.variant_name(0, 1) == ""


def test_same_arguments_give_byte_identical_files(templates, tmp_path):
    args = ("log-loss-t", "curve-t", "--n", 3, "--seed", 5, "--students", 2)
    make(templates, tmp_path / "one", *args)
    make(templates, tmp_path / "two", *args)
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert sorted(one) == ["figures/A-2.png", "figures/B-2.png", "key.md", "key.tex",
                           "sheet-A.md", "sheet-A.tex", "sheet-B.md", "sheet-B.tex"]
    assert one == two
    key = one["key.md"].decode()
    assert str(tmp_path) not in key and str(tmp_path) not in one["key.tex"].decode()  # no absolute paths
    assert "Made with `nnexplain worksheet log-loss-t curve-t --n 3 --seed 5 --students 2 --templates class.toml`." in key
    # figures: only with the skill that has one (problems 2 of each variant), shown in the key only
    assert "![The plot of `nnexplain loss" in key and "(figures/A-2.png)" in key
    assert "\\includegraphics[width=0.7\\linewidth]{figures/B-2.png}" in one["key.tex"].decode()
    assert "figures/" not in one["sheet-A.md"].decode()


def test_another_seed_gives_other_numbers(templates, tmp_path):
    make(templates, tmp_path / "a", "log-loss-t", "squared-t", "--n", 6, "--seed", 1)
    make(templates, tmp_path / "b", "log-loss-t", "squared-t", "--n", 6, "--seed", 2)
    a = (tmp_path / "a" / "sheet.md").read_text(encoding="utf-8")
    b = (tmp_path / "b" / "sheet.md").read_text(encoding="utf-8")
    assert a != b
    assert _prompts(a) != _prompts(b)


def _prompts(text):
    return [line for line in text.splitlines() if "What is" in line]


def test_variants_differ_and_variant_a_is_the_single_sheet(templates, tmp_path):
    make(templates, tmp_path / "class", "squared-t", "--n", 5, "--seed", 9, "--students", 4)
    make(templates, tmp_path / "single", "squared-t", "--n", 5, "--seed", 9)
    prompts = [_prompts((tmp_path / "class" / f"sheet-{v}.md").read_text(encoding="utf-8")) for v in "ABCD"]
    assert all(len(p) == 5 for p in prompts)
    assert len({tuple(p) for p in prompts}) == 4
    assert _prompts((tmp_path / "single" / "sheet.md").read_text(encoding="utf-8")) == prompts[0]
    sheet_a = (tmp_path / "class" / "sheet-A.md").read_text(encoding="utf-8")
    assert "Variant: **A**" in sheet_a and "--seed" not in sheet_a and "seed" not in sheet_a


ENTRY = re.compile(r"^### (\w+)\. .*?\*\*Answer:\*\* (\S+) .*?\*\*Full value:\*\* (\S+)\s+"
                   r"\*\*Check it:\*\* `([^`]+)` \(the answer is `([^`]+)`", re.S | re.M)


def test_every_answer_in_the_key_is_what_its_command_computes(templates, tmp_path):
    make(templates, tmp_path / "k", "log-loss-t", "squared-t", "--n", 5, "--seed", 3, "--students", 3)
    key = (tmp_path / "k" / "key.md").read_text(encoding="utf-8")
    found = ENTRY.findall(key)
    assert [label for label, *_ in found] == [f"{v}{k}" for v in "ABC" for k in range(1, 6)]
    for label, shown, full, command, path in found:
        argv = shlex.split(command)
        assert argv[0] == "nnexplain"
        computed = answers.lookup(runs.document(argv[1:]), path)
        assert float(full.replace("−", "-")) == computed, label  # every digit
        decimals = 3 if "--squared" not in command and "squared" not in command else 2
        assert shown == f"{computed:.{decimals}f}".replace("-", "−"), label
    # the glance table holds the same answers, variant by variant
    for variant in "ABC":
        row = next(line for line in key.splitlines() if line.startswith(f"| {variant} |"))
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        assert cells == [shown for label, shown, *_ in found if label.startswith(variant)]


def test_the_key_has_the_commands_worked_steps(templates, tmp_path):
    make(templates, tmp_path / "w", "log-loss-t", "--n", 1, "--seed", 4)
    key = (tmp_path / "w" / "key.md").read_text(encoding="utf-8")
    tex = (tmp_path / "w" / "key.tex").read_text(encoding="utf-8")
    assert "#### Log loss (binary cross-entropy) of one example" in key  # demoted below the entry
    assert "| Step | What | Formula | With numbers | Value |" in key
    assert "With y = " in key and "one term counts" in key  # the skill's explanation
    assert "\\begin{align*}" in tex and "\\text{Add the terms and flip the sign}" in tex
    sheet = (tmp_path / "w" / "sheet.md").read_text(encoding="utf-8")
    assert "Answer to 3 decimal places." in sheet and "Answer: ____" in sheet
    assert "nnexplain loss" not in sheet and "Full value" not in sheet


def test_round_robin_over_the_skills_in_the_order_named(templates, tmp_path):
    skills = load_file(str(templates))
    chosen = sheets.resolve(["squared-t", "log-loss-t"], skills)
    sheet = sheets.build(chosen, 5, 0)
    assert [e.problem.skill.name for e in sheet.variants[0].entries] == \
        ["squared-t", "log-loss-t", "squared-t", "log-loss-t", "squared-t"]
    assert [s.name for s in sheets.resolve(["loss"], skills)] == ["log-loss-t", "squared-t", "curve-t"]


SLOT = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_.]*\}(?!\})")


def test_markdown_has_no_unfilled_slot(templates, tmp_path):
    make(templates, tmp_path / "m", "log-loss-t", "squared-t", "--n", 4, "--seed", 8, "--students", 2)
    for path in (tmp_path / "m").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not SLOT.search(text), (path.name, SLOT.search(text))
        assert "{{" not in text and "}}" not in text


def _balanced(tex: str) -> None:
    body = re.sub(r"\\verb\|[^|]*\|", "", tex)  # verbatim text is not TeX
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{([^}]*)\}", body):
        if kind == "begin":
            stack.append(name)
        else:
            assert stack and stack.pop() == name, name
    assert stack == []
    unescaped = re.sub(r"\\[{}]", "", body)
    depth = 0
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_latex_escapes_specials_and_balances_environments(templates, tmp_path):
    make(templates, tmp_path / "t", "log-loss-t", "squared-t", "--n", 2, "--seed", 2, "--students", 2)
    for path in (tmp_path / "t").glob("*.tex"):
        tex = path.read_text(encoding="utf-8")
        assert tex.startswith("\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n")
        assert tex.endswith("\\end{document}\n")
        _balanced(tex)
        assert sheets.unmapped(tex) == []  # every non-ASCII character has a spelling
    key = (tmp_path / "t" / "key.tex").read_text(encoding="utf-8")
    assert "(50\\% \\& up; y\\_true \\#1)" in key
    assert "100\\% \\& nothing else\\_here \\#2." in key
    assert "Log loss: 100\\% \\& more, y\\_true \\#1" in key
    for line in key.splitlines():  # outside tables, no bare specials are left in our own lines
        if "y\\_true" in line:
            assert not re.search(r"(?<!\\)[&%#_]", line), line
    assert "\\DeclareUnicodeCharacter{2014}{---}" in key  # the — of the key's title


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_pdflatex_compiles_a_sheet_and_a_key(templates, tmp_path):
    out = tmp_path / "pdf"
    make(templates, out, "log-loss-t", "curve-t", "squared-t", "--n", 3, "--seed", 6, "--title", "Week 3: 50% & more")
    for name in ("sheet.tex", "key.tex"):
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name], cwd=out,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout[-2000:]
        assert (out / name.replace(".tex", ".pdf")).stat().st_size > 1000


def test_the_final_line_says_what_was_written_where(templates, tmp_path):
    out = tmp_path / "final"
    result = make(templates, out, "squared-t", "--n", 2, "--seed", 1, "--students", 3)
    assert result.output == (f"Wrote 3 sheets (sheet-A … sheet-C) of 2 problems and the answer key, "
                             f"as Markdown (.md) and LaTeX (.tex), to {out}\n")  # no bar when piped
    result = make(templates, out, "curve-t", "--n", 1, "--seed", 1)
    assert result.output.endswith("and the answer key and 1 figure in figures/, as Markdown (.md) and LaTeX (.tex), "
                                  f"to {out}\n")


# ---------------------------------------------------------------- refusals


def test_unknown_skill_names_the_closest(templates, tmp_path):
    result = run("log-los-t", "--seed", 1, "--templates", templates, "--out", tmp_path / "x")
    line = error_line(result, "SKILL|TOPIC", "'log-los-t'", "did you mean 'log-loss-t'")
    assert "log-loss-t" in line
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("option, value", [("--n", 0), ("--n", 101), ("--students", 0), ("--students", 201)])
def test_counts_out_of_range(templates, tmp_path, option, value):
    args = {"--n": 2, "--students": 1, option: value}
    result = run("squared-t", "--seed", 1, "--templates", templates, "--out", tmp_path / "x",
                 "--n", args["--n"], "--students", args["--students"])
    error_line(result, option)
    assert not (tmp_path / "x").exists()


def test_out_is_a_file_or_cannot_be_created(templates, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep\n")
    error_line(run("squared-t", "--seed", 1, "--templates", templates, "--out", afile), "--out", "is a file")
    error_line(run("squared-t", "--seed", 1, "--templates", templates, "--out", afile / "sub"), "--out", "cannot create")
    assert afile.read_text() == "keep\n"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write a read-only folder")
def test_read_only_folder_is_refused(templates, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        error_line(run("squared-t", "--seed", 1, "--templates", templates, "--out", folder), "--out", "cannot be written")
    finally:
        folder.chmod(0o700)


def test_missing_seed_or_out_and_bad_title(templates, tmp_path):
    error_line(run("squared-t", "--templates", templates, "--out", tmp_path / "x"), "--seed")
    error_line(run("squared-t", "--seed", 1, "--templates", templates), "--out")
    error_line(run("squared-t", "--seed", 1, "--templates", templates, "--out", tmp_path / "x", "--title", "a\nb"),
               "--title")
    error_line(run("squared-t", "--seed", 1, "--templates", tmp_path / "none.toml", "--out", tmp_path / "x"),
               "--templates")


# ---------------------------------------------------------------- all or nothing


def test_a_failure_while_writing_leaves_no_partial_set(templates, tmp_path, monkeypatch):
    out = tmp_path / "class"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")

    def broken(sheet):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sheets, "key_latex", broken)  # the last file: every other one is written by then
    result = run("curve-t", "squared-t", "--n", 2, "--seed", 1, "--students", 2, "--templates", templates,
                 "--out", out)
    error_line(result, "--out", "No space left on device", "nothing was written")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]  # no sheets, no figures/, no staging folder


def test_a_failure_while_moving_into_place_removes_what_was_moved(templates, tmp_path, monkeypatch):
    out = tmp_path / "new"  # created by the command, removed again
    real, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(sheets.os, "replace", replace)
    result = run("squared-t", "--n", 2, "--seed", 1, "--students", 2, "--templates", templates, "--out", out)
    error_line(result, "--out", "Input/output error")
    assert len(calls) == 3
    assert not out.exists()


def test_earlier_files_are_replaced_only_by_complete_ones(templates, tmp_path, monkeypatch):
    out = tmp_path / "again"
    make(templates, out, "squared-t", "--n", 2, "--seed", 1)
    before = files_of(out)
    monkeypatch.setattr(sheets, "key_markdown", lambda sheet: 1 / 0)
    result = run("squared-t", "--n", 2, "--seed", 2, "--templates", templates, "--out", out)
    assert result.exit_code != 0
    assert files_of(out) == before


def test_shipped_skills_make_a_sheet(tmp_path):
    from nnexplain.practice.catalog import shipped_skills
    from nnexplain.practice.templates import TemplateError

    try:
        skills = shipped_skills()
    except TemplateError as error:  # another template is being edited; not this command's fault
        pytest.skip(f"shipped templates are broken: {error.problems[0]}")
    result = run("log-loss", "--n", 2, "--seed", 1, "--out", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "log-loss" in skills
    assert "### 1. Log loss of one example" in (tmp_path / "s" / "key.md").read_text(encoding="utf-8")
