"""The practice drill: problems with fresh numbers, one skill at a time in the order
the schedule gives, each answer checked by the lessons' checker and saved.

The prompt, its words and the answer parsing are the lessons' (runner.read_line,
answers.judge through Problem.judge, present): ``hint`` gives the staged hints, then
the worked solution; ``solution`` shows it at once; ``skip`` shows the answer;
``quit``, the end of input and Ctrl-C stop (the record is saved after every problem).
A wrong answer is answered at once: what went wrong (the slip, when one matches; close
when it is probably rounding), the answer and the worked solution, then the next problem.
"""

import sys
from dataclasses import dataclass

import click
from rich.rule import Rule
from rich.text import Text

from nnexplain.lesson import answers, present, runs
from nnexplain.lesson.runner import HINT_WORDS, QUIT_WORDS, SKIP_WORDS, Quit, read_line
from nnexplain.practice import schedule
from nnexplain.practice.schedule import HINTED, MISSED, RIGHT

PROMPT = "Your answer (or hint, skip, quit): "
SOLUTION_WORDS = ("solution", "solve")
COMMANDS = "hint, solution, skip, quit, help"
HELP = (
    "At the prompt type your answer (spaces, −, 1e-3 and 1/4 are fine), or: hint (the next "
    "hint; after the last, the worked solution), solution (the worked solution now), skip "
    "(show the answer and go on), quit (save and stop), help (this list)."
)


class DrillFailed(Exception):
    """A problem could not be drawn or worked out; the message names the skill."""


@dataclass
class Outcome:
    """How a drill ended (``finished``, ``quit``, ``eof``, ``interrupted``), the
    problems answered and right at the first try, and whether every save worked."""

    how: str
    answered: int
    right: int
    saved: bool = True


class Drill:
    """An interactive drill of ``names`` (keys into ``skills`` and ``record``)."""

    def __init__(self, skills: dict, names: list[str], record, rng, count: int | None = None, keys=None):
        from nnexplain.render.console import stdout_console

        self.skills, self.names, self.record, self.rng, self.count = skills, names, record, rng, count
        self.keys = keys or {name: name for name in names}  # skill name -> record key
        self.console = stdout_console(highlight=False)
        self.answered = self.right = 0
        self.save_failed = False
        self.start = record.problems + 1  # new skills are due from here

    def run(self) -> Outcome:
        self._header()
        try:
            while self.count is None or self.answered < self.count:
                self._one()
        except Quit:
            return self._outcome("quit")
        except EOFError:
            return self._outcome("eof")
        except KeyboardInterrupt:
            if sys.stdout.isatty():  # ^C was echoed where the cursor was
                sys.stdout.write("\n")
                sys.stdout.flush()
            return self._outcome("interrupted")
        return self._outcome("finished")

    def _outcome(self, how: str) -> Outcome:
        return Outcome(how, self.answered, self.right, saved=not self.save_failed)

    def _header(self) -> None:
        count = len(self.names)
        self.console.print(Text("Practice: fresh numbers every problem", style="bold"))
        topics = sorted({self.skills[name].topic for name in self.names})
        self.console.print(Text(present.shown(self.console, f"{count} skill{'s' if count != 1 else ''} "
                                              f"({', '.join(topics)}); ones you miss come back sooner."), style="dim"))
        self.console.print(Text(f"Commands at the prompt: {COMMANDS}.", style="dim"))

    def _one(self) -> None:
        from nnexplain.practice.problems import DrawError, draw

        number = self.record.problems + 1
        states = {name: self.record.get(self.keys[name]) for name in self.names}
        name = schedule.choose(self.names, {n: s for n, s in states.items() if s is not None}, number,
                               min(self.start, number))
        skill, state = self.skills[name], states[name]
        try:
            problem = draw(skill, self.rng)
        except DrawError as error:
            raise DrillFailed(f"{skill.source}: skill {name!r}: {error}") from None
        box = state.box if state is not None else 1
        label = f"Problem {self.answered + 1}" + (f" of {self.count}" if self.count else "")
        self.console.print()
        self.console.print(Rule(Text(present.shown(self.console, f"{label} · {skill.title} · box {box}"),
                                     style="bold"), align="left", style="dim"))
        present.prompt(self.console, problem.step)
        result = self._ask(problem)
        self.answered += 1
        self.right += result == RIGHT
        self._save(name, schedule.after(state, result, number), number)

    # Asking -----------------------------------------------------------------------

    def _ask(self, problem) -> str:
        """Ask until the problem is answered (right or wrong) or skipped: RIGHT, HINTED or MISSED."""
        hints, solved = 0, False
        while True:
            typed = read_line(PROMPT)
            word = typed.strip().lower()
            if word in QUIT_WORDS:
                raise Quit
            if word == "help":
                self.console.print(HELP)
                continue
            if word in HINT_WORDS:
                if hints < len(problem.step.hints):
                    self._hint(problem, hints)
                    hints += 1
                elif hints == len(problem.step.hints):
                    hints += 1
                    self.console.print("That was the last hint. Type hint again for the worked solution "
                                       "(the command's steps), or keep trying.")
                else:
                    self._solution(problem)
                    solved = True
                continue
            if word in SOLUTION_WORDS:
                self._solution(problem)
                solved = True
                continue
            if word in SKIP_WORDS:
                self._answer(problem, "The answer is")
                if not solved:
                    self._solution(problem)
                return MISSED
            try:
                verdict = problem.judge(typed)
            except answers.AnswerError as error:
                self.console.print(f"{str(error)[0].upper()}{str(error)[1:]}.")
                continue
            if verdict.right:
                self._answer(problem, "Right! The answer is")
                if solved:
                    return MISSED
                return HINTED if hints else RIGHT
            message = verdict.message.removesuffix(answers.TRY_AGAIN).rstrip()
            self.console.print(Text(present.shown(self.console, message), style="bold"))
            self._answer(problem, "The answer is")
            if not solved:
                self._solution(problem)
            return MISSED

    def _hint(self, problem, shown: int) -> None:
        hints = problem.step.hints
        label = "Hint: " if len(hints) == 1 else f"Hint {shown + 1} of {len(hints)}: "
        present.hint(self.console, problem.step, hints[shown], label)

    def _answer(self, problem, opening: str) -> None:
        step = problem.step
        self.console.print(Text.assemble((f"{opening} ", "bold"),
                                         present.shown(self.console, present.answer_text(step, problem.answer))))
        if problem.skill.explanation:
            self.console.print(present.markdown(self.console, step.explanation))

    def _solution(self, problem) -> None:
        self.console.print(Text("The worked solution:", style="bold"))
        self.console.file.flush()
        try:
            runs.show(problem.argv)
        except runs.RunError as error:
            raise DrillFailed(f"{problem.skill.source}: skill {problem.skill.name!r}: {error}") from None
        present.try_it(self.console, problem.argv)

    def _save(self, name: str, state, number: int) -> None:
        try:
            self.record.put(self.keys[name], state, number)
        except OSError as error:
            if not self.save_failed:  # say it once, then carry on
                click.echo(f"Warning: cannot save practice progress to {self.record.path}: "
                           f"{error.strerror or error}; this session's progress will not be kept.", err=True)
            self.save_failed = True
            # Carry on in memory, so the schedule still moves.
            self.record.states = {**self.record.states, self.keys[name]: state}
            self.record.problems = max(self.record.problems, number)
