"""The practice door: a problem with fresh numbers, from the same templates and the
same checker as ``nnexplain practice`` and ``nnexplain worksheet``."""

from __future__ import annotations

import os

from nnexplain.inputs import InputError


def problem(skill: str, seed: int | None = None, templates: str | os.PathLike | None = None):
    """A practice problem of ``skill`` (``nnexplain practice --list`` names them) with
    numbers drawn from ``seed`` (None: fresh numbers), from the shipped templates or
    a teacher's template file ``templates``.

    The ``Problem`` has the ``prompt``, the ``answer`` (computed by ``command``, the
    line a learner can type), ``shown_answer()`` (rounded as the question asks),
    ``judge(typed)`` (the lessons' checker: ``.right``, and ``.message`` naming the
    slip when a wrong answer matches one), the staged ``step.hints`` and ``values``,
    the drawn numbers. The same seed gives the same problem on every machine.

    >>> p = nx.problem("log-loss", seed=3)
    >>> p.prompt
    'The true label is y = 1 and the model predicts ŷ = 0.12. What is the log loss L?'
    >>> p.command, p.shown_answer()
    ('nnexplain loss --y 1 --yhat 0.12', '2.120')
    >>> p.judge("2.12").right
    True
    >>> print(p.judge("0.921").message)
    It looks like you used log₁₀ instead of the natural log ln: ... Try again, or type hint or skip.
    """
    import numpy as np

    from nnexplain.lesson.catalog import CatalogError
    from nnexplain.practice import catalog, problems
    from nnexplain.practice.catalog import SelectError, select
    from nnexplain.practice.templates import TemplateError

    if not isinstance(skill, str):
        raise InputError(f"skill: expected a skill's name such as 'log-loss', got {skill!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InputError(f"seed: expected a whole number ≥ 0, got {seed!r}")
    try:
        skills = catalog.shipped_skills() if templates is None else catalog.load_file(os.fspath(templates))
    except (CatalogError, TemplateError) as error:
        raise InputError(f"templates: {error}") from None
    if skill not in skills:
        try:
            select(skills, [skill])  # a topic's name selects its skills
            message = f"{skill!r} is a topic; name one of its skills (nnexplain practice --list)"
        except SelectError as error:
            message = str(error)
        raise InputError(f"skill: {message}")
    return problems.draw(skills[skill], np.random.default_rng(seed))
