"""The descent view: gradient descent on the line task, one epoch at a time.

The data are ``nnexplain train --task line``'s (or the learner's CSV, ``data``), read
and checked once by train's door (``api.training.prepare``). The learner changes the
learning rate, the start (w, b) (train's random start by default; moved, the command
shown gives it with ``train --start W,B``) and how far the run has gone (``epoch``);
space steps one epoch, r runs and pauses, x resets.

Every number comes from ``nnexplain.core.training``, by the same functions train uses:
the run is ``train_neuron`` (the updates are train's, number for number), the update
shown is ``neuron_gradient`` at the current (w, b), and the stability warning compares
lr with 2/λmax from ``curvatures(cost_hessian(x))``, the numbers train's diagnosis
reports (JSON: values.lambda_max, lr_limit, stable). A learning rate train refuses
(lr ≤ 0) is refused with its message; one so large that the cost overflows is not
refused: the view runs it and says where it diverged (train's own message).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np

from nnexplain.explore.state import Parameter, View
from nnexplain.inputs import InputError, option

# How many epochs the view's run has: train's default.
RUN_EPOCHS = 500
# A tick of a running view advances this fraction of the run (at least one epoch).
TICKS_PER_RUN = 100
# The figure draws the path while the cost is at most this many times the start's
# (beyond, a diverging path leaves any map that still shows the bowl).
DRAWN_COST_RATIO = 100.0


def _parameters(start_w: float, start_b: float) -> list[Parameter]:
    return [
        Parameter("lr", "learning rate", "--lr", 0.1, step=0.01, fine=0.001, low=0.001, high=10.0),
        Parameter("w0", "start w", "--start-w", start_w, step=0.1, fine=0.01, low=-20.0, high=20.0),
        Parameter("b0", "start b", "--start-b", start_b, step=0.1, fine=0.01, low=-20.0, high=20.0),
        Parameter("epoch", "epoch", "--epochs", 0, step=1, fine=1, low=0, high=RUN_EPOCHS),
    ]


@dataclass
class Run:
    """One run of gradient descent from (w0, b0) at lr: every epoch's (w, b) and cost
    up to ``last`` (the last finite one), and where the cost overflowed."""

    lr: float
    w: np.ndarray  # w at epochs 0 … last
    b: np.ndarray
    cost: np.ndarray
    diverged_at: int | None
    message: str | None  # train's message for a diverged run

    @property
    def last(self) -> int:
        return int(self.w.size - 1)


@dataclass
class DescentView(View):
    """``nnexplain train --task line --lr LR --epochs K+1 [--start W,B]``: the update
    after epoch K."""

    name: str = "descent"
    title: str = "Gradient descent on the cost landscape"
    parameters: list[Parameter] = field(default_factory=list)
    keys: tuple = (("space", "step", "one epoch"), ("r", "toggle_run", "run/pause"),
                   ("x", "reset", "reset"))
    data: str | None = None  # the learner's CSV (x,y), or None for train's generated data
    epochs: int = RUN_EPOCHS

    def __post_init__(self):
        from nnexplain.api.training import prepare
        from nnexplain.core import training as gd

        # Read and checked once, by train's door: nothing here depends on lr.
        self.problem = prepare(task="line", epochs=self.epochs, data=self.data,
                               figures=("landscape",))
        p = self.problem
        start_w, start_b = gd.starting_parameters(p.features, p.seed, p.fit_bias)
        self.seed_start = (float(start_w[0]), float(start_b))
        self.lambdas = gd.curvatures(gd.cost_hessian(p.x, "line", p.fit_bias))
        self.lambda_max = float(self.lambdas[-1])
        best_w, best_b = gd.least_squares(p.x, p.y, p.fit_bias)
        self.minimum = (float(best_w[0]), float(best_b), gd.neuron_cost(p.x, p.y, best_w, best_b))
        self._runs: dict = {}  # (lr, w0, b0) -> Run
        if not self.parameters:
            self.parameters = _parameters(*(round(v, 2) for v in self.seed_start))
            # The run's own start, exactly (the sliders show it rounded).
            self.parameters[1:3] = [replace(self.parameters[1], value=self.seed_start[0]),
                                    replace(self.parameters[2], value=self.seed_start[1])]
        self.parameters = [replace(q, high=self.epochs) if q.name == "epoch" else q
                           for q in self.parameters]
        super().__post_init__()

    # --- the run -------------------------------------------------------------------

    def run_of(self, lr: float, w0: float, b0: float) -> Run:
        """The whole run from (w0, b0) at lr (cached: moving the epoch costs nothing)."""
        key = (lr, w0, b0)
        if key not in self._runs:
            if len(self._runs) > 32:
                self._runs.clear()
            self._runs[key] = self._train(lr, w0, b0)
        return self._runs[key]

    def _train(self, lr, w0, b0) -> Run:
        from nnexplain.core import training as gd

        p = self.problem
        run = gd.train_neuron(p.x, p.y, np.array([w0]), b0, lr, self.epochs, "line", p.fit_bias,
                              record=range(self.epochs + 1))
        message = None
        if run.diverged_at is not None:
            from nnexplain.api.training import diverged
            from nnexplain.explain.training import Outcome

            given = None if (w0, b0) == self.seed_start else (w0, b0)
            trial = replace(p, lr=lr, start=given)
            message = diverged(Outcome(trial, np.array([w0]), b0, run)).message
        return Run(lr, run.ws[:, 0].copy(), run.bs.copy(), run.costs.copy(), run.diverged_at,
                   message)

    # --- the door ------------------------------------------------------------------

    def compute(self, values: dict):
        from nnexplain.inputs import training as rules
        from nnexplain.inputs.values import number

        # train's own checks, so a refusal reads as train's.
        lr = rules.check_lr(number(values["lr"], "--lr"))
        w0 = number(values["w0"], "--start")
        b0 = number(values["b0"], "--start")
        epoch = values["epoch"]
        if isinstance(epoch, float) and epoch.is_integer():
            epoch = int(epoch)  # a typed or nudged number: 3.0 is epoch 3
        epoch = rules.whole_number(epoch, "--epochs")
        if not 0 <= epoch <= self.epochs:
            raise InputError(f"{epoch} is not an epoch of this run: it has epochs 0 to "
                             f"{self.epochs}.", option("--epochs"))
        run = self.run_of(lr, w0, b0)
        if run.last < 0:  # no finite cost even at the start: train refuses it, so does the view
            raise InputError(run.message, usage=False)
        return self._example(run, min(epoch, run.last), w0, b0)

    def set(self, name: str, value) -> bool:
        """As View.set; past a diverged run's last finite epoch the epoch stops there."""
        done = super().set(name, value)
        if done:
            shown = dict(self.example.worked.values)["epoch"]
            if shown != self.parameter("epoch").value:
                self.parameters = [replace(q, value=shown) if q.name == "epoch" else q
                                   for q in self.parameters]
        return done

    def argv(self, values: dict) -> list[str]:
        from nnexplain.inputs import typed_number

        epoch = dict(self.example.worked.values)["epoch"] if hasattr(self, "example") else 0
        argv = ["train", "--task", "line", "--lr", typed_number(values["lr"]),
                "--epochs", str(epoch + 1)]
        if (values["w0"], values["b0"]) != self.seed_start:  # the learner moved the start
            argv += ["--start", f"{typed_number(values['w0'])},{typed_number(values['b0'])}"]
        if self.data is not None:
            argv += ["--data", self.data]
        return argv

    def from_seed_start(self) -> bool:
        """Whether the run starts where train starts (its seed's random w, b)."""
        values = self.values()
        return (values["w0"], values["b0"]) == self.seed_start

    # --- the keys ------------------------------------------------------------------

    @property
    def epoch(self) -> int:
        return int(self.parameter("epoch").value)

    @property
    def end(self) -> int:
        """The last epoch this run reaches (the run's end, or the last finite one)."""
        values = self.values()
        return min(self.epochs, self.run_of(values["lr"], values["w0"], values["b0"]).last)

    def step(self) -> bool:
        """One epoch on (no further than the end)."""
        if self.epoch >= self.end:
            self.running = False
            return False
        return self.set("epoch", self.epoch + 1)

    def toggle_run(self) -> None:
        """Run or pause; run again from epoch 0 when at the end."""
        if self.running:
            self.running = False
            return
        if self.epoch >= self.end:
            self.set("epoch", 0)
        self.running = True

    def reset(self) -> bool:
        """Back to epoch 0, paused (lr and the start stay)."""
        self.running = False
        return self.set("epoch", 0)

    def tick(self) -> None:
        """A chunk of the run while running; stops at the end."""
        if not self.running:
            return
        chunk = max(1, self.epochs // TICKS_PER_RUN)
        self.set("epoch", min(self.epoch + chunk, self.end))
        if self.epoch >= self.end:
            self.running = False

    # --- the figure ----------------------------------------------------------------

    def landscape(self):
        """The landscape figure's data with the path grown up to the current epoch
        (train's own ``training_figures.landscape``, given the path so far)."""
        from nnexplain.explain import training_figures

        values = self.values()
        run = self.run_of(values["lr"], values["w0"], values["b0"])
        shown = self._drawn_until(run, self.epoch)
        outcome = SimpleNamespace(
            problem=self.problem,
            run=SimpleNamespace(ws=run.w[: shown + 1, None], bs=run.b[: shown + 1],
                                epochs=np.arange(shown + 1)),
        )
        return training_figures.landscape(outcome)

    @staticmethod
    def _drawn_until(run: Run, epoch: int) -> int:
        """The last epoch ≤ ``epoch`` the figure draws: while J ≤ DRAWN_COST_RATIO × J at
        the start (and at least epoch 1, the first step)."""
        limit = DRAWN_COST_RATIO * max(float(run.cost[0]), 1e-300)
        beyond = np.flatnonzero(run.cost[: epoch + 1] > limit)
        if beyond.size:  # at least the first step, to show where it went
            return min(max(int(beyond[0]) - 1, 1), epoch, run.last)
        return min(epoch, run.last)

    def figure_example(self):
        """An example whose figure is the landscape so far (terminal and matplotlib)."""
        from nnexplain.api.example import Drawing, Example

        data = self.landscape()
        return Example(self.example.worked,
                       drawing=Drawing("nnexplain.plot.training:landscape_figure", lambda: data))


    # --- the worked update ---------------------------------------------------------

    def _example(self, run: Run, epoch: int, w0: float, b0: float):
        from nnexplain.api.example import Example

        return Example(self._worked(run, epoch, w0, b0))

    def _worked(self, run: Run, epoch: int, w0: float, b0: float):
        from nnexplain.core import training as gd
        from nnexplain.explain.worked import Fact, Given, Section, Step, Worked, formula, sentence, written_sum

        p = self.problem
        x, y, m = p.x, p.y, p.m
        w, b = float(run.w[epoch]), float(run.b[epoch])
        with np.errstate(over="ignore", invalid="ignore"):
            error = gd.neuron_output(x, np.array([w]), b) - y
            terms = error * x[:, 0]
            dw, db = gd.neuron_gradient(x, y, np.array([w]), b)
            dw = float(dw[0])
            lr = Given(run.lr)
            new_w, new_b = w - run.lr * dw, b - run.lr * db
            after = gd.neuron_cost(x, y, np.array([new_w]), new_b)
        before = float(run.cost[epoch])
        group = f"Update {epoch + 1} (epoch {epoch} → {epoch + 1})"
        steps = [
            Step(f"Cost at epoch {epoch}", "J = (1/m)·Σ (yᵢ − ŷᵢ)²",
                 sentence("with w = {0}, b = {1}", w, b), before, group=f"Epoch {epoch}"),
            Step("Add up errors times x", "Σ (ŷᵢ − yᵢ)·xᵢ", written_sum(terms), float(np.sum(terms)),
                 group=group),
            Step("Gradient for w", "∂J/∂w = (2/m)·Σ (ŷᵢ − yᵢ)·xᵢ",
                 formula("2·{0} / {1}", float(np.sum(terms)), m), dw, group=group),
            Step("Add up errors", "Σ (ŷᵢ − yᵢ)", written_sum(error), float(np.sum(error)), group=group),
            Step("Gradient for b", "∂J/∂b = (2/m)·Σ (ŷᵢ − yᵢ)",
                 formula("2·{0} / {1}", float(np.sum(error)), m), db, group=group),
            Step("New w", "w ← w − lr·∂J/∂w", formula("{0} − {1}·{2}", w, lr, dw), new_w, group=group),
            Step("New b", "b ← b − lr·∂J/∂b", formula("{0} − {1}·{2}", b, lr, db), new_b, group=group),
        ]
        if math.isfinite(after):
            from nnexplain.explain.training import cost_change_note

            note = cost_change_note(before, after, when="before")
            steps.append(Step("Cost after the update", "J = (1/m)·Σ (yᵢ − ŷᵢ)²",
                              sentence("the same sum with the new w and b"), after, note=note,
                              group=group))
        product = run.lr * self.lambda_max
        limit = 2.0 / self.lambda_max if self.lambda_max > 0 else math.inf
        stability = gd.stability(self.lambdas, run.lr)
        stable = stability == "stable"
        facts = [
            Fact("Curvatures", sentence("λmin = {0}, λmax = {1}: the eigenvalues of the Hessian "
                                        "(2/m)·XᵀX, the same everywhere",
                                        float(self.lambdas[0]), self.lambda_max)),
            Fact("Stability", sentence("lr·λmax = {0}; plain gradient descent is stable only "
                                       "below 2, that is lr < 2/λmax = {1}", product, limit)),
        ]
        if stability == "edge":
            warning = sentence("lr = {0} is exactly 2/λmax: each step bounces between two points "
                               "for ever", lr)
        elif not stable:
            warning = sentence("lr = {0} is above 2/λmax = {1}: each step overshoots the minimum "
                               "by more than the last, and the run diverges", lr, limit)
        else:
            warning = None
        if warning is not None:
            facts.append(Fact("Warning", warning))
        best_w, best_b, best_cost = self.minimum
        facts.append(Fact("Minimum", sentence("w* = {0}, b* = {1}, J* = {2} (least squares)",
                                              best_w, best_b, best_cost)))
        if run.diverged_at is not None:
            facts.append(Fact("Diverged", sentence(
                "the cost overflowed at epoch {0}; the view stops at epoch {1}", run.diverged_at,
                run.last)))
        drawn = self._drawn_until(run, epoch)
        if drawn < epoch:
            facts.append(Fact("Figure", sentence(
                "the path is drawn up to epoch {0}; after it J is more than {1} times its start",
                drawn, DRAWN_COST_RATIO)))
        interpretation = []
        if warning is not None:
            interpretation.append(warning)
        if run.message is not None:
            interpretation.append(sentence(_escaped(run.message[0].upper() + run.message[1:])))
        start = "train's random start" if (w0, b0) == self.seed_start else "your start"
        return Worked(
            name="explore_descent",
            title=(f"Gradient descent, epoch {epoch} of {self.epochs} from {start}: one neuron "
                   f"learns a line ({m} examples"
                   + (f" from {p.source})" if p.source else " of y = 2x + 1 + noise)")),
            inputs=(("lr", lr), ("start_w", Given(w0)), ("start_b", Given(b0)),
                    ("epoch", float(epoch))),
            formula="ŷ = w·x + b",
            substituted=formula("{0}·x + {1}", w, b),
            more_formulas=("J = (1/m)·Σ (yᵢ − ŷᵢ)²",),
            steps=tuple(steps),
            result_symbol="J",
            result=None,
            sections=(Section("Stability", tuple(facts)),),
            interpretation=tuple(interpretation),
            values=(
                ("epoch", epoch), ("w", w), ("b", b), ("cost", before), ("dw", dw), ("db", db),
                ("new_w", new_w), ("new_b", new_b),
                ("cost_after", after if math.isfinite(after) else None),
                ("lambda_max", self.lambda_max), ("lr_limit", limit),
                ("lr_times_lambda_max", product), ("stable", stable),
                ("diverged_at", run.diverged_at),
            ),
        )


def _escaped(text: str) -> str:
    """Text with no slots: braces doubled (a sentence template fills {0} …)."""
    return text.replace("{", "{{").replace("}", "}}")
