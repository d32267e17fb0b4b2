"""The practice schedule (nnexplain/practice/schedule.py): Leitner boxes counted in
problems. A missed skill comes back within the stated 2 problems, a mastered one
rarely; the record of each skill moves as the docs state; everything is deterministic."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.practice import schedule
from nnexplain.practice.schedule import HINTED, INTERVALS, MISSED, RIGHT, State, after, choose


def simulate(names, results):
    """Practise ``names`` for len(results) problems; ``results(name, p)`` gives each
    outcome. Returns the skill chosen at each problem (numbered from 1)."""
    states, chosen = {}, []
    for number in range(1, len(results) + 1):
        name = choose(names, states, number, start=1)
        chosen.append(name)
        states[name] = after(states.get(name), results[number - 1](name, number), number)
    return chosen, states


def test_the_intervals_are_as_stated():
    assert INTERVALS == {1: 2, 2: 4, 3: 8, 4: 16, 5: 32}


def test_right_at_the_first_try_moves_up_a_box_to_at_most_five():
    state = None
    for number, box in zip(range(1, 8), (2, 3, 4, 5, 5, 5, 5)):
        state = after(state, RIGHT, number)
        assert state.box == box and state.due == number + INTERVALS[box]
    assert (state.answered, state.right, state.streak, state.best) == (7, 7, 7, 7)


def test_a_hint_keeps_the_box_and_a_miss_goes_back_to_box_one():
    state = after(after(None, RIGHT, 1), RIGHT, 2)
    assert state.box == 3
    hinted = after(state, HINTED, 3)
    assert (hinted.box, hinted.due, hinted.streak, hinted.right, hinted.best) == (3, 3 + 8, 0, 2, 2)
    missed = after(hinted, MISSED, 4)
    assert (missed.box, missed.due, missed.answered, missed.recent) == (1, 6, 4, "RRHM")


def test_recent_keeps_the_last_ten_results():
    state = None
    for number in range(1, 13):
        state = after(state, RIGHT if number % 3 else MISSED, number)
    assert len(state.recent) == 10 and state.recent == "RMRRMRRMRRM"[-10:]
    assert state.accuracy == pytest.approx(8 / 12)


def test_an_unknown_result_is_refused():
    with pytest.raises(ValueError):
        after(None, "maybe", 1)


def test_new_skills_come_in_the_order_given():
    chosen, _ = simulate(["a", "b", "c"], [lambda name, p: RIGHT] * 3)
    assert chosen == ["a", "b", "c"]


def test_a_missed_skill_comes_back_two_problems_later():
    chosen, _ = simulate(["a", "b", "c", "d"], [lambda n, p: MISSED if n == "a" and p == 1 else RIGHT] * 6)
    assert chosen[:4] == ["a", "b", "a", "c"]


def test_a_single_skill_comes_back_at_once():
    chosen, _ = simulate(["a"], [lambda n, p: MISSED] * 3)
    assert chosen == ["a", "a", "a"]


@settings(max_examples=60, deadline=None)
@given(skills=st.integers(2, 8), outcomes=st.lists(st.sampled_from([RIGHT, HINTED, MISSED]), min_size=40, max_size=80))
def test_every_miss_comes_back_within_two_problems(skills, outcomes):
    names = [f"s{i}" for i in range(skills)]
    results = [lambda n, p, o=o: o for o in outcomes]
    chosen, _ = simulate(names, results)
    for number, outcome in enumerate(outcomes[:-2], start=1):
        if outcome == MISSED:
            name = chosen[number - 1]
            assert name in chosen[number:number + 2], (number, chosen)


def test_a_mastered_skill_comes_rarely():
    names = [f"s{i}" for i in range(6)]
    # s0 always right; the others right only every other time they come.
    counts = {}

    def result(name, number):
        counts[name] = counts.get(name, 0) + 1
        return RIGHT if name == "s0" or counts[name] % 2 else MISSED

    chosen, states = simulate(names, [result] * 300)
    assert states["s0"].box == 5
    mastered = chosen.count("s0")
    assert mastered <= 20, mastered  # under 7% of 300 problems
    late = [p for p, name in enumerate(chosen, 1) if name == "s0" and p > 100]
    assert all(b - a >= INTERVALS[5] for a, b in zip(late, late[1:])), late
    assert min(chosen.count(name) for name in names[1:]) > 40


def test_the_schedule_is_deterministic():
    pattern = [lambda n, p: (RIGHT, HINTED, MISSED)[(p * 7 + len(n)) % 3]] * 100
    assert simulate(["x", "yy", "zzz"], pattern)[0] == simulate(["x", "yy", "zzz"], pattern)[0]


def test_new_skills_wait_only_for_reviews_overdue_before_the_session():
    states = {"old": after(None, RIGHT, 1), "late": after(None, RIGHT, 8)}  # due 5 and 12
    assert choose(["late", "new", "old"], states, 10, start=6) == "old"
    assert choose(["late", "new"], states, 10, start=6) == "new"
    assert choose(["late", "new"], states, 14, start=14) == "late"  # due 12: more overdue than now


def test_due_in():
    assert schedule.due_in(None, 5) == 0
    state = after(None, RIGHT, 3)  # box 2, due 7
    assert schedule.due_in(state, 4) == 3 and schedule.due_in(state, 9) == 0
    assert State().accuracy is None
