"""Worksheets for a class: problem sheets and an answer key, as Markdown and LaTeX.

``nnexplain worksheet SKILL|TOPIC … --n N --seed S --out DIR [--students K]``

- Problems go round-robin over the skills in the order named (a topic is all its
  skills, in their file order). Variant ``v`` (0 for the first) draws its N problems,
  in order, from ONE generator ``numpy.random.default_rng([S, v])`` (PCG64: the same
  numbers on every machine), so variant A of a class set is the single sheet of the
  same seed.
- Files (K = 1): ``sheet.md``, ``sheet.tex``, ``key.md``, ``key.tex``. K > 1: one
  ``sheet-A.md``/``sheet-A.tex`` … per variant (named A … Z, AA, AB …, printed at the
  top of each sheet; the seed is not, so a student cannot rebuild the key), and ONE
  key (``key.md``, ``key.tex``): an "answers at a glance" table (variant × problem)
  for quick marking, then each variant's worked solutions in its own section. One key
  is what a teacher keeps and searches; K key files would be K files to print.
- A key entry: the prompt, the answer as asked (``Problem.shown_answer()``), the full
  float64 value, the command that reproduces it (and where the answer is in its JSON
  view), the skill's explanation when it has one, and the worked solution: the
  command's own Markdown view (pipe tables) or LaTeX view (align*, tabular).
- A skill with ``figure`` gets one PNG per problem in ``figures/`` (the command's own
  plot with the problem's numbers), shown in the key with the worked solution (the
  plot marks the answer, so it is never on the sheet).
- Deterministic: no dates, no absolute paths, fixed order; figures are saved with
  fixed metadata by the plot module. All or nothing: every file is written into a
  staging folder inside DIR and moved into place only when all are written; on any
  failure the files already moved are removed again and the staging folder is
  deleted (files of earlier runs that this run would have replaced are replaced only
  by complete ones).
"""

import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnexplain.atomic import check_target, move_into_place
from nnexplain.workers import default_jobs, in_order
from nnexplain.lesson import answers, runs
from nnexplain.practice import problems as drawing
from nnexplain.practice.templates import Skill
from nnexplain.render.latex import to_latex_text
from nnexplain.render.numbers import MINUS

MAX_PROBLEMS = 100
MAX_STUDENTS = 200
MAX_TITLE = 200
GLANCE_COLUMNS = 10  # problems per row block of the "answers at a glance" table
FIGURES = "figures"


class WorksheetError(Exception):
    """A request that cannot be met; ``option`` names what to change."""

    def __init__(self, option: str, message: str):
        self.option = option
        super().__init__(message)


@dataclass(frozen=True)
class Entry:
    """One problem of one variant: its number (from 1), the drawn problem, and the
    figure's path relative to DIR (or None)."""

    number: int
    problem: drawing.Problem
    figure: str | None = None
    variant_name: str = ""

    @property
    def label(self) -> str:
        """"A3" (variant A, problem 3), or "3" when there is one variant."""
        return f"{self.variant_name}{self.number}"


@dataclass(frozen=True)
class Variant:
    name: str  # "" when there is only one
    index: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Worksheet:
    title: str
    seed: int
    made_with: str  # the command line that rebuilds the set (without --out)
    variants: tuple[Variant, ...]


# ---------------------------------------------------------------- choosing skills


def resolve(names, skills: dict[str, Skill]) -> list[Skill]:
    """The skills ``names`` pick, in order (a topic is all its skills; a skill named
    twice is used twice as often). WorksheetError naming the closest match."""
    from nnexplain.practice.catalog import SelectError, expand

    try:
        return [skills[name] for name in expand(skills, names)]
    except SelectError as error:
        raise WorksheetError("SKILL|TOPIC", str(error)) from None


def variant_name(index: int, count: int) -> str:
    """A, B, … Z, AA, AB, … (spreadsheet columns); "" when there is only one variant."""
    if count == 1:
        return ""
    name, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def default_title(names, chosen: list[Skill]) -> str:
    """The skills' titles (one or two), else their topics (up to three), else plain."""
    titles = list(dict.fromkeys(skill.title for skill in chosen))
    topics = list(dict.fromkeys(skill.topic for skill in chosen))
    if len(titles) <= 2:
        return "Practice: " + "; ".join(titles)
    if len(topics) <= 3:
        return "Practice: " + ", ".join(topics)
    return "Practice problems"


# ---------------------------------------------------------------- drawing


def draw_variant(chosen: list[Skill], n: int, seed: int, index: int) -> list[drawing.Problem]:
    """Variant ``index``'s N problems, round-robin over ``chosen``, from one generator."""
    rng = np.random.default_rng([seed, index])
    return [drawing.draw(chosen[k % len(chosen)], rng) for k in range(n)]


def build(chosen: list[Skill], n: int, seed: int, students: int = 1, title: str = "", made_with: str = "",
          progress=None) -> Worksheet:
    """Every variant's problems (no files yet). ``progress(done)`` after each variant."""
    if not 1 <= n <= MAX_PROBLEMS:
        raise WorksheetError("--n", f"{n} problems: give 1 to {MAX_PROBLEMS}")
    if not 1 <= students <= MAX_STUDENTS:
        raise WorksheetError("--students", f"{students} variants: give 1 to {MAX_STUDENTS}")
    variants = []
    for index in range(students):
        name = variant_name(index, students)
        drawn = draw_variant(chosen, n, seed, index)
        entries = tuple(
            Entry(k, problem, _figure_name(name, k, n) if problem.skill.figure else None, name)
            for k, problem in enumerate(drawn, start=1)
        )
        variants.append(Variant(name, index, entries))
        if progress is not None:
            progress(index + 1)
    return Worksheet(title, seed, made_with, tuple(variants))


def _figure_name(variant: str, number: int, n: int) -> str:
    width = len(str(n))
    return f"{FIGURES}/{variant + '-' if variant else ''}{number:0{width}d}.png"


# ---------------------------------------------------------------- shared wording


def precision(problem: drawing.Problem) -> str:
    return f"Answer {answers.precision_phrase(problem.step)}."


def full_value(value: float) -> str:
    """Every digit of the float64 answer (the shortest text that reads back to it)."""
    return repr(float(value)).replace("-", MINUS)


def sheet_name(variant: Variant, ext: str) -> str:
    return f"sheet{'-' + variant.name if variant.name else ''}.{ext}"


def _variant_title(sheet: Worksheet, variant: Variant) -> str:
    return f"{sheet.title} — variant {variant.name}" if variant.name else sheet.title


def _answer_line(problem: drawing.Problem) -> str:
    return f"{problem.shown_answer()} ({answers.precision_phrase(problem.step)})"


# ---------------------------------------------------------------- Markdown


def sheet_markdown(sheet: Worksheet, variant: Variant) -> str:
    parts = [f"# {_variant_title(sheet, variant)}",
             "Name: ______________________" + (f"  \nVariant: **{variant.name}**" if variant.name else ""),
             "Answer each problem to the precision it asks for, and show your working."]
    for entry in variant.entries:
        problem = entry.problem
        parts += [f"## Problem {entry.number}", problem.prompt, f"*{precision(problem)}*",
                  "Working:\n\n&nbsp;\n\n&nbsp;\n\n&nbsp;", "Answer: ______________"]
    return _join(parts)


def key_markdown(sheet: Worksheet) -> str:
    many = len(sheet.variants) > 1
    intro = f"Made with `{sheet.made_with}`."
    if many:
        names = [v.name for v in sheet.variants]
        intro += (f" {len(names)} variants, {names[0]} to {names[-1]}: each student's sheet names its "
                  "variant at the top.")
    parts = [f"# {sheet.title} — answer key", intro, "## Answers at a glance"]
    parts += _glance_markdown(sheet)
    for variant in sheet.variants:
        if many:
            parts.append(f"## Variant {variant.name}")
        for entry in variant.entries:
            parts += _entry_markdown(entry, "###")
    return _join(parts)


def _glance_markdown(sheet: Worksheet) -> list[str]:
    tables = []
    count = len(sheet.variants[0].entries)
    for start in range(0, count, GLANCE_COLUMNS):
        numbers = range(start, min(start + GLANCE_COLUMNS, count))
        head = "| Variant | " + " | ".join(str(k + 1) for k in numbers) + " |"
        rule = "|---|" + "---:|" * len(numbers)
        rows = [f"| {v.name or '—'} | " + " | ".join(v.entries[k].problem.shown_answer() for k in numbers) + " |"
                for v in sheet.variants]
        if len(sheet.variants) == 1:
            head, rule = head.replace("| Variant |", "| Problem |", 1), rule
            rows = ["| Answer | " + rows[0].split(" | ", 1)[1]]
        tables.append("\n".join([head, rule, *rows]))
    return tables


def _entry_markdown(entry: Entry, level: str) -> list[str]:
    problem = entry.problem
    label = entry.label
    lines = [
        f"**Answer:** {_answer_line(problem)}",
        f"**Full value:** {full_value(problem.answer)}",
        f"**Check it:** `{problem.command}` (the answer is `{problem.skill.path}` in its `--format json` view)",
    ]
    parts = [f"{level} {label}. {problem.skill.title}", problem.prompt, "  \n".join(lines)]
    if problem.skill.explanation:
        parts.append(problem.step.explanation)
    parts.append(_demote(runs.markdown(problem.argv), level))
    if entry.figure:
        parts.append(f"![The plot of `{problem.command}`]({entry.figure})")
    return parts


def _demote(text: str, level: str) -> str:
    """The command's Markdown view with its headings put below the entry's."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * max(hashes, len(level) + 1) + line[hashes:]
        out.append(line)
    return "\n".join(out)


def _join(parts) -> str:
    return "\n\n".join(part.strip("\n") for part in parts if part) + "\n"


# ---------------------------------------------------------------- LaTeX


# Characters the tool's text uses, as pdflatex (inputenc utf8, OT1) can set them in
# text and in maths alike. Any other non-ASCII character met is declared as its code
# point in brackets, so the document still compiles (tests check shipped skills meet none).
UNICODE_LATEX = {
    "ŷ": r"\ensuremath{\hat{y}}", "−": r"\ensuremath{-}", "·": r"\ensuremath{\cdot}",
    "×": r"\ensuremath{\times}", "≈": r"\ensuremath{\approx}", "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}", "≠": r"\ensuremath{\neq}", "→": r"\ensuremath{\to}",
    "←": r"\ensuremath{\leftarrow}", "∞": r"\ensuremath{\infty}", "…": r"\ensuremath{\dots}",
    "±": r"\ensuremath{\pm}", "√": r"\ensuremath{\surd}", "∂": r"\ensuremath{\partial}",
    "∇": r"\ensuremath{\nabla}", "∈": r"\ensuremath{\in}", "⊙": r"\ensuremath{\odot}",
    "∘": r"\ensuremath{\circ}", "≡": r"\ensuremath{\equiv}", "ℓ": r"\ensuremath{\ell}",
    "Σ": r"\ensuremath{\Sigma}", "Δ": r"\ensuremath{\Delta}", "Π": r"\ensuremath{\Pi}",
    "α": r"\ensuremath{\alpha}", "β": r"\ensuremath{\beta}", "γ": r"\ensuremath{\gamma}",
    "δ": r"\ensuremath{\delta}", "ε": r"\ensuremath{\varepsilon}", "η": r"\ensuremath{\eta}",
    "θ": r"\ensuremath{\theta}", "λ": r"\ensuremath{\lambda}", "μ": r"\ensuremath{\mu}",
    "π": r"\ensuremath{\pi}", "ρ": r"\ensuremath{\rho}", "σ": r"\ensuremath{\sigma}",
    "τ": r"\ensuremath{\tau}", "φ": r"\ensuremath{\varphi}", "ω": r"\ensuremath{\omega}",
    "ᵀ": r"\ensuremath{^{\top}}", "ᵢ": r"\ensuremath{_{i}}", "ⱼ": r"\ensuremath{_{j}}",
    "ₖ": r"\ensuremath{_{k}}", "ₗ": r"\ensuremath{_{l}}", "ˡ": r"\ensuremath{^{l}}",
    "⁽": r"\ensuremath{^{(}}", "⁾": r"\ensuremath{^{)}}", "⁻": r"\ensuremath{^{-}}",
    "✓": r"\ensuremath{\checkmark}", "✗": r"\ensuremath{\times}",
    "½": r"\ensuremath{\tfrac{1}{2}}", "′": r"\ensuremath{'}", "″": r"\ensuremath{''}",
    "‖": r"\ensuremath{\|}", "₊": r"\ensuremath{{}_{+}}", "₋": r"\ensuremath{{}_{-}}", "⁺": r"\ensuremath{^{+}}",
    **{c: f"\\ensuremath{{^{{{t}}}}}" for c, t in zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijkmnoprstuvwxyz")},
    **{c: f"\\ensuremath{{_{{{t}}}}}" for c, t in zip("ₐₑₕₘₙₒₚᵣₛₜᵤᵥₓ", "aehmnoprstuvx")},
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~",
    **{d: f"\\ensuremath{{_{{{i}}}}}" for i, d in enumerate("₀₁₂₃₄₅₆₇₈₉")},
    **{d: f"\\ensuremath{{^{{{i}}}}}" for i, d in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
}
# Latin letters with accents: inputenc sets these itself.
_LATIN = set("àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜÝ")


def unicode_declarations(text: str) -> str:
    """A \\DeclareUnicodeCharacter line for each non-ASCII character ``text`` uses."""
    lines = []
    for ch in sorted({c for c in text if ord(c) > 127 and c not in _LATIN}):
        spelled = UNICODE_LATEX.get(ch, f"\\texttt{{[U+{ord(ch):04X}]}}")
        lines.append(f"\\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{spelled}}}")
    return "\n".join(lines)


def unmapped(text: str) -> list[str]:
    """Non-ASCII characters of ``text`` that have no spelling of their own."""
    return sorted({c for c in text if ord(c) > 127 and c not in _LATIN and c not in UNICODE_LATEX})


def _document(title: str, body: str) -> str:
    head = ("\\documentclass[11pt]{article}\n"
            "\\usepackage[utf8]{inputenc}\n"
            "\\usepackage{amsmath,amssymb,graphicx}\n"
            "\\usepackage[a4paper,margin=2cm]{geometry}\n"
            "\\setlength{\\parindent}{0pt}\n"
            "\\setlength{\\parskip}{0.5\\baselineskip}\n")
    text = f"\\begin{{document}}\n\\section*{{{_text(title)}}}\n{body}\\end{{document}}\n"
    text = _COMBINING_HAT.sub(lambda m: f"\\ensuremath{{\\hat{{{m.group(1)}}}}}", text)
    declarations = unicode_declarations(text)
    return head + (declarations + "\n" if declarations else "") + text


def _text(text: str) -> str:
    """Prose as LaTeX (render.latex's escaping), with < and > outside maths set as
    maths: the default OT1 text font has no such glyphs (it prints ¡ and ¿)."""
    return _angles(to_latex_text(text))


def _angles(line: str) -> str:
    parts = re.split(r"(?<!\\)\$", line)
    for index in range(0, len(parts), 2):  # the text between $…$ groups
        parts[index] = parts[index].replace("<", "\\ensuremath{<}").replace(">", "\\ensuremath{>}")
    return "$".join(parts)


def _view_angles(view: str) -> str:
    """_angles on every line of a command's LaTeX view outside its align* blocks."""
    out, in_align = [], False
    for line in view.split("\n"):
        if line.startswith("\\begin{align"):
            in_align = True
        if not in_align and not line.startswith("%"):
            line = _angles(line)
        if line.startswith("\\end{align"):
            in_align = False
        out.append(line)
    return "\n".join(out)


def _tt(command: str) -> str:
    """A command line in typewriter type, specials escaped; it may break at spaces."""
    return "\\texttt{" + "".join(_TT_SPECIALS.get(ch, ch) for ch in command) + "}"


_TT_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# A wide table is shrunk to the text width; a narrow one keeps its size.
_FIT = "\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{"
# A letter with a combining circumflex (m̂, v̂ of Adam) as one hatted letter.
_COMBINING_HAT = re.compile("(\\w)\u0302")


# x_{k}₊_{1} in a command's LaTeX view (its renderer does not know ₊ ₋ yet): x_{k+1}.
_SPLIT_SUBSCRIPT = re.compile("_\\{([^{}]*)\\}([\u208a\u208b])_\\{([^{}]*)\\}")


def _fit_tables(view: str) -> str:
    view = _SPLIT_SUBSCRIPT.sub(lambda m: "_{" + m.group(1) + ("+" if m.group(2) == "\u208a" else "-")
                                + m.group(3) + "}", view)
    view = _view_angles(view).replace("\\begin{tabular}", _FIT + "\\begin{tabular}")
    return view.replace("\\end{tabular}", "\\end{tabular}}\\par\\medskip")  # one table under another


def sheet_latex(sheet: Worksheet, variant: Variant) -> str:
    body = ["Name: \\rule{7cm}{0.4pt}" + (f"\\hfill Variant: \\textbf{{{variant.name}}}" if variant.name else ""),
            "",
            "Answer each problem to the precision it asks for, and show your working.",
            ""]
    for entry in variant.entries:
        problem = entry.problem
        body += [f"\\subsection*{{Problem {entry.number}}}",
                 _text(problem.prompt),
                 "",
                 f"\\emph{{{_text(precision(problem))}}}",
                 "",
                 "\\vspace{3.5cm}",
                 "",
                 "Answer: \\rule{5cm}{0.4pt}",
                 ""]
    return _document(_variant_title(sheet, variant), "\n".join(body) + "\n")


def key_latex(sheet: Worksheet) -> str:
    many = len(sheet.variants) > 1
    body = [f"Made with {_tt(sheet.made_with)}."]
    if many:
        names = [v.name for v in sheet.variants]
        body[0] += (f" {len(names)} variants, {names[0]} to {names[-1]}: each student's sheet names its "
                    "variant at the top.")
    body += ["", "\\subsection*{Answers at a glance}", ""]
    body += _glance_latex(sheet)
    for variant in sheet.variants:
        if many:
            body += ["\\clearpage", f"\\subsection*{{Variant {variant.name}}}", ""]
        for entry in variant.entries:
            body += _entry_latex(entry, many)
    return _document(f"{sheet.title} — answer key", "\n".join(body) + "\n")


def _glance_latex(sheet: Worksheet) -> list[str]:
    out = []
    count = len(sheet.variants[0].entries)
    for start in range(0, count, GLANCE_COLUMNS):
        numbers = range(start, min(start + GLANCE_COLUMNS, count))
        one = len(sheet.variants) == 1
        first = "Problem" if one else "Variant"
        out += [f"\\begin{{tabular}}{{l{'r' * len(numbers)}}}",
                f"  {first} & " + " & ".join(str(k + 1) for k in numbers) + " \\\\",
                "  \\hline"]
        for variant in sheet.variants:
            cells = [_text(variant.entries[k].problem.shown_answer()) for k in numbers]
            out.append(f"  {'Answer' if one else variant.name} & " + " & ".join(cells) + " \\\\")
        out += ["\\end{tabular}", "", "\\medskip", ""]
    return out


def _entry_latex(entry: Entry, many: bool) -> list[str]:
    problem = entry.problem
    label = entry.label
    out = [f"\\subsubsection*{{{label}. {_text(problem.skill.title)}}}",
           _text(problem.prompt),
           "",
           f"\\textbf{{Answer:}} {_text(_answer_line(problem))}\\\\",
           f"\\textbf{{Full value:}} {_text(full_value(problem.answer))}\\\\",
           f"\\textbf{{Check it:}} {_tt(problem.command)} (the answer is "
           f"\\texttt{{{_text(problem.skill.path)}}} in its JSON view)",
           ""]
    if problem.skill.explanation:
        out += [_text(problem.step.explanation), ""]
    view, _ = runs.capture([*problem.argv, "--format", "latex"])
    out += ["{\\small", _fit_tables(view.rstrip("\n")), "}", ""]
    if entry.figure:
        out += ["\\begin{center}", f"\\includegraphics[width=0.7\\linewidth]{{{entry.figure}}}", "\\end{center}", ""]
    return out


# ---------------------------------------------------------------- files


def makers(sheet: Worksheet) -> list[tuple[str, object]]:
    """``(name in DIR, function that makes its text)`` for every text file of the
    set, in a fixed order."""
    files = []
    for variant in sheet.variants:
        files.append((sheet_name(variant, "md"), lambda v=variant: sheet_markdown(sheet, v)))
        files.append((sheet_name(variant, "tex"), lambda v=variant: sheet_latex(sheet, v)))
    files.append(("key.md", lambda: key_markdown(sheet)))
    files.append(("key.tex", lambda: key_latex(sheet)))
    return files


def texts(sheet: Worksheet) -> dict[str, str]:
    """Every text file of the set by its name in DIR."""
    return {name: make() for name, make in makers(sheet)}


def figures_of(sheet: Worksheet) -> list[Entry]:
    return [e for v in sheet.variants for e in v.entries if e.figure]


def _draw_figure(job) -> None:
    argv, option, path = job
    runs.draw(argv, path, option)


def write(sheet: Worksheet, folder, progress=None) -> list[str]:
    """Write the set into ``folder`` (which exists), all or nothing; the names
    written, relative to it. ``progress(done, total)`` after each file. OSError if a
    file cannot be written (nothing of this set is left then) and RunError if a
    figure cannot be drawn."""
    from nnexplain.atomic import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temporaries

    folder = Path(folder)
    remove_stale_temporaries(folder)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX))
    made_figures_folder = False
    try:
        entries = figures_of(sheet)
        files = makers(sheet)
        total, done = len(entries) + len(files), 0
        if entries:
            (staging / FIGURES).mkdir()
        # Each distinct figure is drawn once (worker processes share the drawing, as
        # the deck's do); a problem whose command repeats another's gets a copy.
        first: dict[tuple, Path] = {}
        for entry in entries:
            first.setdefault((entry.problem.argv, entry.problem.skill.figure), staging / entry.figure)
        jobs = [(argv, option, str(target)) for (argv, option), target in first.items()]
        for _ in in_order(_draw_figure, jobs, default_jobs()):
            done += 1
            if progress:
                progress(done, total)
        for entry in entries:
            target = staging / entry.figure
            source = first[(entry.problem.argv, entry.problem.skill.figure)]
            if source != target:
                shutil.copyfile(source, target)
                done += 1
                if progress:
                    progress(done, total)
        for name, make in files:
            text = make()
            with open(staging / name, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            done += 1
            if progress:
                progress(done, total)
        names = [e.figure for e in entries] + [name for name, _ in files]
        for name in names:  # refuse before the figures folder is made
            check_target(folder / name)
        if entries and not (folder / FIGURES).is_dir():
            if os.path.lexists(folder / FIGURES):
                raise OSError(errno.ENOTDIR, f"{FIGURES!r} in the folder is not a folder")
            (folder / FIGURES).mkdir()
            made_figures_folder = True
        move_into_place([(staging / name, folder / name) for name in names], mode=_permissions())
    except BaseException:
        if made_figures_folder:
            try:
                os.rmdir(folder / FIGURES)
            except OSError:
                pass
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return names


def _permissions() -> int:
    from nnexplain.atomic import current_umask

    return 0o666 & ~current_umask()


