"""The practice schedule: Leitner boxes counted in problems, not days. Pure and
deterministic (no clock): the same answers give the same order of skills.

Every skill is in one of five boxes. Problems are numbered 1, 2, 3, … over all your
practice (the number carries on across sessions). When you answer a skill's problem
number ``p``, the skill moves box and becomes due again at problem ``p + INTERVALS[box]``:

* right at the first try, with no hint and no worked solution: up one box (at most 5);
* right after a hint (no wrong try, no worked solution): the box is kept;
* a wrong answer, a skip, or the worked solution seen: back to box 1.

The next skill, at problem ``p``, is:

1. a skill in box 1 that you have answered before and that is due (due ≤ p), the
   earliest due first; so a skill you miss comes back within 2 problems (after at
   most one other problem);
2. otherwise the most overdue skill (the smallest due), ties going to the lower box
   and then to the order the skills were given. A new skill (never answered) is in
   box 1 and due from the problem the session started at, so skills overdue from
   earlier sessions come first, then the new ones in order, then those that fell due
   during the session; no new skill waits for ever behind reviews.

So a skill that keeps being missed keeps coming back every other problem until you
get it: missing two skills every time fills the session with those two.
"""

from dataclasses import dataclass, replace

BOXES = 5
# Problems until a skill in each box is due again.
INTERVALS = {1: 2, 2: 4, 3: 8, 4: 16, 5: 32}
RECENT = 10  # results kept per skill
# How a problem went, as kept in ``State.recent``.
RIGHT, HINTED, MISSED = "right", "hinted", "missed"
LETTERS = {RIGHT: "R", HINTED: "H", MISSED: "M"}


@dataclass(frozen=True)
class State:
    """One skill's record: its box, the problem number it is due at, problems
    answered, right at the first try, the current and best run of first-try rights,
    and the last RECENT results as letters (R right, H right after a hint, M missed)."""

    box: int = 1
    due: int = 0
    answered: int = 0
    right: int = 0
    streak: int = 0
    best: int = 0
    recent: str = ""

    @property
    def accuracy(self) -> float | None:
        """Right at the first try as a fraction of answered (None before any answer)."""
        return self.right / self.answered if self.answered else None


def after(state: State | None, result: str, problem: int) -> State:
    """The record of a skill after ``result`` (RIGHT, HINTED or MISSED) at ``problem``."""
    if result not in LETTERS:
        raise ValueError(f"result must be one of {', '.join(LETTERS)}, not {result!r}")
    state = state or State()
    if result == RIGHT:
        box = min(state.box + 1, BOXES)
    elif result == HINTED:
        box = state.box
    else:
        box = 1
    streak = state.streak + 1 if result == RIGHT else 0
    return replace(
        state,
        box=box,
        due=problem + INTERVALS[box],
        answered=state.answered + 1,
        right=state.right + (result == RIGHT),
        streak=streak,
        best=max(state.best, streak),
        recent=(state.recent + LETTERS[result])[-RECENT:],
    )


def choose(names, states: dict, problem: int, start: int | None = None) -> str:
    """The skill to practise at ``problem`` among ``names`` (in the order given);
    ``start``: the problem the session started at (default ``problem``: now)."""
    names = list(names)
    if not names:
        raise ValueError("no skills to choose from")

    def rank(item):
        order, name = item
        state = states.get(name)
        if state is not None and state.answered and state.box == 1 and state.due <= problem:
            return (0, state.due, 0, order)
        if state is None or not state.answered:
            return (1, problem if start is None else start, 1, order)
        return (1, state.due, state.box, order)

    return min(enumerate(names), key=rank)[1]


def due_in(state: State | None, problem: int) -> int:
    """Problems from ``problem`` until the skill is due (0: due now or overdue)."""
    if state is None or not state.answered:
        return 0
    return max(0, state.due - problem)
