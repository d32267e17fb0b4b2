"""The explorer's network view: a small network learning a 2-D task while the learner
watches the decision regions and the cost (``nnexplain explore network``).

The learner picks the task, the hidden layers, their activation and the learning rate
(checked by the ``train --task xor|circles|moons|spiral`` door, ``api.network_training
.prepare``, so a refusal carries the command's message); then trains a chunk of
epochs at a time (space), lets it run (r) or starts again (x). Training continues
from the current weights in chunks, each one call of the core's ``train_network``
from the weights the last one ended at: k chunks of n epochs are, to the last bit,
one run of k·n epochs (a test checks it), so the view after K epochs shows what
``nnexplain train … --epochs K`` shows, and ``command()`` is that command.

The chunks keep what the door's run would keep (the 1-2-5 epochs of its table, the
cost after every epoch) for the network and for the same task with no hidden layer,
so the worked example is the door's own (``explain.network_training``), built from
them without training again. While the view runs, ``table()`` is a compact table of
the same numbers (epoch, cost, accuracy, and the no-hidden model's), cheap enough to
redraw with every chunk; paused, it is the door's full worked example.

A unit (parameter "unit": "none", or a unit named as ``backprop --unit`` names it,
h1, h2, …, ŷ) and a data point (parameter "example", 1..m) show, paused, that unit's
forward arithmetic for that point (the products xᵢ·wᵢⱼ, the sum, + b, the activation)
and its backprop gradients (δ, ∂L/∂w of its incoming weights, ∂L/∂b) with the current
weights: the rows of the ``forward`` and ``backprop`` doors' own examples (log loss on
the sigmoid output) whose group is that unit, so they are the commands' numbers.
Those commands need the weights as a file: the key w writes them (docs/weights.md),
and ``command()`` is then ``nnexplain backprop --weights explore-network-weights.json
… --unit hK``. Changing the unit or the point does not restart training.

The figure panel shows the decision regions, the chosen point marked with
CHOSEN_MARK, or (key d) the network's diagram with weights as text: each unit with
the weights of its incoming arrows, its bias, its activation and its value for the
chosen point (``explain.diagram.diagram`` of the current weights, the data the
``forward`` door's figure draws; s then saves that figure).

No Textual here: the view is tested without a terminal.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass, field, replace

import numpy as np

from nnexplain.api import network_training as door
from nnexplain.core.arrays import sorted_unique
from nnexplain.explore.state import Parameter, View
from nnexplain.inputs import InputError, option, typed_number

# The shapes offered (the --hidden texts), the first the no-hidden model itself.
HIDDEN_CHOICES = ("none", "2", "4", "8", "8,8", "16,16")
# Trained at the start and after every change or reset: the first update, which the
# worked example works out by hand (the door trains at least one epoch).
START_EPOCHS = 1
# A chunk and the view's redraw (figure and table) should take FRAME_SECONDS (14 a
# second, leaving room for the app's own painting under 10 a second), and training should take at least as long as
# drawing (throughput at least half of training alone); a chunk is sized from the
# measured time per epoch and per redraw to fit both. FIRST_CHUNK: before any timing.
FRAME_SECONDS = 0.07
MIN_TRAIN_SECONDS = 0.01
FIRST_CHUNK = 20
# The key w writes the current weights here, in the current folder (as s saves the
# figure), for the command ``c`` shows when a unit is chosen.
WEIGHTS_FILE = "explore-network-weights.json"
NO_UNIT = "none"
# What the figure panel shows: the decision regions and cost, or the diagram with weights.
REGIONS, DIAGRAM = "regions", "diagram"
# The chosen data point on the regions (a character of its own, so it shows without
# colour: the classes are 'o' and 'x', the boundary '#'), and its colour.
CHOSEN_MARK = "@"  # as termplot.network_training.CHOSEN, which draws it (plotext is not imported here)
# The diagram's numbers, as the forward command's table writes them.
DIAGRAM_PRECISION = 4
# A unit's arithmetic is worked with the loss train minimises: log loss on the sigmoid output.
UNIT_LOSS = "log"


def _is_kept(epoch: int) -> bool:
    """0 and the 1-2-5 epochs (1, 2, 5, 10, 20, …): those the door's table keeps at any length."""
    text = str(epoch)
    return epoch == 0 or (text[0] in "125" and set(text[1:]) <= {"0"})


class _Series:
    """One model's run so far, in chunks: its current layers, what the door's run
    keeps at the 1-2-5 epochs (layers, cost, accuracy), the latest epoch's, and the
    cost after every epoch."""

    def __init__(self, layers):
        self.layers = tuple(layers)
        self.kept: dict[int, tuple] = {}
        self.last: tuple | None = None
        self.curve: list[np.ndarray] = []

    def chunk(self, problem, done: int, epochs: int):
        """Train ``epochs`` more epochs from epoch ``done``; the core's run (not yet kept)."""
        from nnexplain.core import network_training as nt

        inner = [e - done for e in range(done + 1, done + epochs) if _is_kept(e)]
        return nt.train_network(problem.x, problem.y, self.layers, problem.lr, epochs, inner)

    def keep(self, run, done: int) -> None:
        """Keep a chunk's run that started at epoch ``done`` (it did not diverge)."""
        for epoch, layers, cost, accuracy in zip(run.epochs, run.layers, run.costs, run.accuracies):
            state = (layers, float(cost), float(accuracy))
            absolute = done + int(epoch)
            if _is_kept(absolute):
                self.kept[absolute] = state
            self.last = state
        self.layers = run.final_layers
        self.curve.append(run.curve if not self.curve else run.curve[1:])

    def training(self, lr: float, epochs: int):
        """The core's record of the whole run, as one ``train_network`` call over
        ``epochs`` epochs recording the door's table epochs would give."""
        from nnexplain.core import network_training as nt
        from nnexplain.explain.network_training import recorded_epochs

        wanted = recorded_epochs(epochs)
        states = [self.last if e == epochs else self.kept[e] for e in wanted]
        return nt.NetworkTraining(
            lr=float(lr), epochs=np.array(wanted, dtype=np.int64),
            layers=tuple(s[0] for s in states),
            costs=np.array([s[1] for s in states], dtype=np.float64),
            accuracies=np.array([s[2] for s in states], dtype=np.float64),
            curve=np.concatenate(self.curve))


class NetworkRun:
    """The network and the no-hidden model trained together, chunk by chunk, from the
    door's problem (its data, seeded start and learning rate)."""

    def __init__(self, problem):
        from nnexplain.core import network_training as nt

        self.problem = problem
        self.epochs = 0
        self.network = _Series(problem.start)
        self.line = _Series(nt.starting_layers((), "sigmoid", problem.seed)) if problem.hidden else None

    @property
    def most(self) -> int:
        """The most epochs the command accepts for this many points."""
        return min(door.MAX_EPOCHS, door.MAX_WORK // self.problem.m)

    def train(self, epochs: int) -> int | None:
        """Train ``epochs`` more epochs of both models. Returns None, or the epoch at
        which a cost became infinite or undefined (then nothing is kept)."""
        runs = []
        for series in (self.network, self.line):
            if series is None:
                continue
            run = series.chunk(self.problem, self.epochs, epochs)
            if run.diverged_at is not None:
                return self.epochs + run.diverged_at
            runs.append((series, run))
        for series, run in runs:
            series.keep(run, self.epochs)
        self.epochs += epochs
        return None

    def outcome(self):
        """The door's outcome for the epochs so far (``explain.network_training.Outcome``)."""
        from nnexplain.explain.network_training import Outcome

        problem = replace(self.problem, epochs=self.epochs)
        run = self.network.training(problem.lr, self.epochs)
        line = run if self.line is None else self.line.training(problem.lr, self.epochs)
        return Outcome(problem, run, line)

    def example(self):
        """The door's example for the epochs so far, built from the kept records."""
        from nnexplain.explain.network_training import network_training_example

        outcome = self.outcome()
        return door.NetworkTrainingExample(network_training_example(outcome), outcome)

    def summary(self) -> tuple:
        """(epoch, cost, accuracy, start cost, no-hidden cost, no-hidden accuracy)
        now (the last two None without a hidden layer)."""
        _, cost, accuracy = self.network.last
        start = self.network.kept[0][1]
        if self.line is None:
            return self.epochs, cost, accuracy, start, None, None
        _, line_cost, line_accuracy = self.line.last
        return self.epochs, cost, accuracy, start, line_cost, line_accuracy


def _parameters() -> list[Parameter]:
    return [
        Parameter("task", "task", "--task", "xor", kind="choice", choices=door.TASKS),
        Parameter("hidden", "hidden layers", "--hidden", "8", kind="choice", choices=HIDDEN_CHOICES),
        Parameter("activation", "activation", "--activation", door.DEFAULT_ACTIVATION, kind="choice",
                  choices=door.ACTIVATIONS),
        Parameter("lr", "learning rate", "--lr", door.DEFAULT_LR, step=0.1, fine=0.01, low=0.01,
                  high=10.0),
        Parameter("unit", "unit", "--unit", NO_UNIT, kind="choice",
                  choices=(NO_UNIT,)),  # the network's units: NetworkView._fit_choices
        Parameter("example", "example (data point)", "--example", 1, step=1, fine=1, low=1,
                  high=door.DEFAULT_N),
    ]


def unit_choices(layers) -> tuple:
    """"none", then every unit as ``backprop --unit`` takes it: h1, h2, … (h(1)1, … with
    two hidden layers), and ŷ."""
    from nnexplain.explain.backprop_graph import plain
    from nnexplain.explain.network import Names

    names = Names(layers)
    units = [names.unit(l, j) for l, current in enumerate(layers, start=1) for j in range(current.n_out)]
    return (NO_UNIT,) + tuple(name if name.startswith("ŷ") else plain(name) for name in units)


@dataclass
class NetworkView(View):
    """A network training on a 2-D task, a chunk of epochs at a time."""

    name: str = "network"
    title: str = "Network: decision regions while it trains"
    parameters: list[Parameter] = field(default_factory=_parameters)
    keys: tuple[tuple[str, str, str], ...] = (
        ("space", "step", "train"),
        ("r", "toggle", "run"),
        ("x", "reset", "reset"),
        ("w", "save_weights", "weights"),
        ("d", "toggle_diagram", "diagram"),
    )

    def __post_init__(self):
        self._candidate = None
        self._example = None
        self._drawing = 0.0  # seconds spent drawing since the last chunk
        self._draw_seconds = 0.0  # the last redraw's
        self._epoch_seconds = None  # measured training time per epoch
        self._unit = None  # (key, text) of the unit's table last drawn
        self._saved = None  # (path, copied layers) of the weights w last wrote
        self._saves = 0  # how many times w has written them
        self.showing = REGIONS  # the figure panel's: REGIONS or DIAGRAM (key d)
        super().__post_init__()
        self.run, self._candidate = self._candidate, None
        self._fit_choices()

    # --- the door -------------------------------------------------------------------

    def _problem(self, values: dict):
        return door.prepare(task=values["task"], hidden=values["hidden"],
                            activation=values["activation"], lr=values["lr"], epochs=START_EPOCHS)

    def compute(self, values: dict):
        """A fresh run for these values, trained START_EPOCHS epochs (InputError if the
        door refuses them); kept as the view's run only once accepted."""
        run = NetworkRun(self._problem(values))
        diverged = run.train(START_EPOCHS)
        if diverged is not None:
            self._refusal(values, diverged)
        self._candidate = run
        return run.example()

    def argv(self, values: dict) -> list[str]:
        """``train`` for the run so far; with a unit chosen, ``backprop`` on the weights
        file w writes, for the chosen point (its table has the unit's gradients)."""
        run = getattr(self, "run", None)
        if run is not None and values.get("unit", NO_UNIT) != NO_UNIT:
            return self._unit_argv("backprop", values) + [
                "--target", typed_number(self._point(values)[1]), "--loss", UNIT_LOSS,
                "--unit", self._unit_option(values["unit"])]
        epochs = run.epochs if run is not None else START_EPOCHS
        return ["train", "--task", values["task"], "--hidden", values["hidden"],
                "--activation", values["activation"], "--lr", typed_number(values["lr"]),
                "--epochs", str(epochs)]

    def set(self, name: str, value) -> bool:
        """Change a parameter: a new run from the start (the old weights belong to
        other settings); running goes on if it was. The unit and the point only
        choose what the table shows: training goes on from where it is."""
        if name in ("unit", "example"):
            return self._choose(name, value)
        accepted = super().set(name, value)
        if accepted:
            self.run = self._candidate
            self._fit_choices()
        self._candidate = None
        return accepted

    # --- the unit and the point -----------------------------------------------------

    def _fit_choices(self) -> None:
        """The unit's choices for this network (a unit it lacks becomes "none") and the
        point's range for this task's data (a number past the end becomes the last)."""
        choices = unit_choices(self.run.network.layers)
        m = self.run.problem.m
        fitted = []
        for p in self.parameters:
            if p.name == "unit":
                p = replace(p, choices=choices, value=p.value if p.value in choices else NO_UNIT)
            elif p.name == "example":
                p = replace(p, high=m, value=min(p.value, m))
            fitted.append(p)
        self.parameters = fitted

    def _choose(self, name: str, value) -> bool:
        try:
            value = self._checked_example(value) if name == "example" else self._checked_unit(value)
        except InputError as refusal:
            self.error = refusal.message if refusal.hint is None else f"{refusal.hint}: {refusal.message}"
            return False
        self.parameters = [replace(p, value=value) if p.name == name else p for p in self.parameters]
        self.error = None
        return True

    def _checked_example(self, value) -> int:
        """A data point's number, 1..m (InputError otherwise)."""
        from nnexplain.inputs.values import number

        if isinstance(value, str):
            value = number(value.strip(), "--example")
        m, task = self.run.problem.m, self.values()["task"]
        try:
            whole = float(value).is_integer()
        except (TypeError, ValueError):
            whole = False
        if not whole or not 1 <= float(value) <= m:
            shown = typed_number(value) if isinstance(value, (int, float, np.number)) else repr(value)
            raise InputError(
                f"{shown} is not a data point: the {task} task has {m} points, numbered 1 to {m}; "
                f"give a whole number from 1 to {m}.",
                option("--example"))
        return int(value)

    def _checked_unit(self, value) -> str:
        """One of the unit's choices; another name ``backprop --unit`` takes for the same
        unit (h₂, 1:2) is read as that choice. InputError for a unit the network lacks."""
        from nnexplain.explain.backprop_graph import unit_names

        text = str(value).strip()
        choices = self.parameter("unit").choices
        if text in choices:
            return text
        known = unit_names(self.run.network.layers)
        if text in known:
            return unit_choices(self.run.network.layers)[1:][self._unit_index(known[text])]
        raise InputError(
            f"{text!r} is not a unit of this {self._shape()} network; its units are "
            f"{', '.join(choices[1:])} (or none, for the training table).",
            option("--unit"))

    def _unit_index(self, place) -> int:
        layer, unit = place
        return sum(c.n_out for c in self.run.network.layers[:layer - 1]) + unit

    def _shape(self) -> str:
        from nnexplain.explain.network_training import shape_name

        return shape_name(self.run.problem.sizes)

    def _point(self, values: dict) -> tuple:
        """The chosen point's (x₁, x₂) and label y, from the task's data."""
        k = int(values["example"]) - 1
        problem = self.run.problem
        return tuple(float(v) for v in problem.x[k]), float(problem.y[k])

    def _unit_option(self, choice: str) -> str:
        """The unit as typed after --unit: h2, h(1)3, y (plain characters)."""
        from nnexplain.explain.backprop_graph import plain

        return plain(choice)

    def _unit_argv(self, command: str, values: dict) -> list[str]:
        x, _ = self._point(values)
        return [command, "--weights", WEIGHTS_FILE, "--x", ",".join(typed_number(v) for v in x)]

    def save_weights(self, path=None) -> str:
        """Key w: write the current weights as a weights file (docs/weights.md), by default
        WEIGHTS_FILE in the current folder; the path written. On failure, the reason in
        ``error``. Every float is written as repr writes it, so it reads back exactly."""
        import json
        import os
        from pathlib import Path

        path = Path.cwd() / WEIGHTS_FILE if path is None else Path(path)
        layers = [{"W": layer.W.tolist(), "b": layer.b.tolist(), "activation": layer.activation}
                  for layer in self.run.network.layers]
        text = json.dumps(layers, indent=1) + "\n"
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        except OSError as failure:
            try:
                temporary.unlink()
            except OSError:
                pass
            self.error = f"cannot write the weights to {path}: {failure.strerror or failure}"
            return str(path)
        self._saved = (str(path), _copied(self.run.network.layers))
        self._saves += 1
        self.error = None
        epochs = self.run.epochs
        self.notice = (f"Saved the weights after {epochs:,} epoch{'s' if epochs != 1 else ''} "
                       f"to {path}")
        return str(path)

    def unit_example(self):
        """The chosen unit's rows for the chosen point, from the forward and backprop
        doors run on the current weights (InputError if a door refuses them); an
        Example whose steps are the doors' own."""
        from nnexplain.api.example import Example
        from nnexplain.api.networks import backprop, forward
        from nnexplain.explain.backprop_graph import unit_names
        from nnexplain.explain.network import Names
        from nnexplain.explain.worked import Given, Worked, sentence

        values = self.values()
        layers = self.run.network.layers
        x, y = self._point(values)
        ahead = forward(x=list(x), weights=layers)
        back = backprop(x=list(x), target=y, loss=UNIT_LOSS, weights=layers, unit=values["unit"])
        names = Names(layers)
        place = unit_names(layers)[values["unit"]]
        group = names.group(*place)
        steps = tuple(s for s in ahead.worked.steps if s.group == group)
        gradients = tuple(s for s in back.worked.steps if s.group == group)
        signal = next(s for s in gradients if s.label.startswith("Error signal"))
        k, m = int(values["example"]), self.run.problem.m
        unit = names.unit(*place)
        notes = (
            sentence(_literal(f"Point {k} of the {m} {values['task']} points: x = (") + "{0}, {1}"
                     + _literal("), label y = ") + "{2}" + _literal(
                         f"; the weights after {self.run.epochs:,} epoch{'s' if self.run.epochs != 1 else ''} of "
                         "training; log loss "
                         "on the sigmoid output (what training minimises)."), *x, y),
            sentence(_literal(
                f"These are the rows of {group} in `nnexplain {shlex.join(self._unit_argv('forward', values))}` "
                f"(forward arithmetic) and in `{self.command()}` (gradients). {self._file_note()}")),
        )
        worked = Worked(
            name="network_unit",
            title=f"Unit {unit} on point {k}: its forward pass and its gradients",
            inputs=(("x", tuple(Given(v) for v in x)), ("y", Given(y)), ("example", k),
                    ("unit", values["unit"])),
            formula=signal.formula,
            substituted=signal.substituted,
            steps=steps + gradients,
            result_symbol=names.delta(*place),
            result=signal.value,
            interpretation=notes,
        )
        return Example(worked)

    def _file_note(self) -> str:
        """Whether the weights file holds the weights shown."""
        if self._saved is None:
            return f"Both read the weights from {WEIGHTS_FILE}: press w to write it in the current folder."
        path, saved = self._saved
        if _same(saved, self.run.network.layers):
            return (f"Both read the weights from {WEIGHTS_FILE}; w wrote these weights to {path} "
                    "(run the commands in its folder).")
        return (f"Both read the weights from {WEIGHTS_FILE}; the file w wrote ({path}) holds "
                "other weights (the network has changed since): press w again.")

    @property
    def example(self):
        """The door's worked example for the epochs so far (built when first asked)."""
        if self._example is None:
            self._example = self.run.example()
        return self._example

    @example.setter
    def example(self, value):
        self._example = value

    # --- training -------------------------------------------------------------------

    def train(self, epochs: int) -> bool:
        """Train exactly ``epochs`` more epochs (fewer if the command's limit comes
        first). On a diverging cost or at the limit: keep the last good state, stop
        running, put the command's refusal in ``error`` and return False."""
        left = self.run.most - self.run.epochs
        if left <= 0:
            self._at_limit()
            return False
        epochs = min(int(epochs), left)
        began = time.perf_counter()
        diverged = self.run.train(epochs)
        elapsed = time.perf_counter() - began
        if diverged is not None:
            self.running = False
            try:
                self._refusal(self.values(), diverged)
            except InputError as refusal:
                self.error = refusal.message if refusal.hint is None else f"{refusal.hint}: {refusal.message}"
            return False
        if epochs >= 5:
            per_epoch = elapsed / epochs
            self._epoch_seconds = per_epoch if self._epoch_seconds is None else (
                0.5 * self._epoch_seconds + 0.5 * per_epoch)
        self._example, self.error = None, None
        return True

    def chunk_size(self) -> int:
        """Epochs for the next chunk: training as long as the last redraw took (or
        longer, up to a redraw every FRAME_SECONDS), at least MIN_TRAIN_SECONDS."""
        if self._epoch_seconds is None:
            return FIRST_CHUNK
        budget = max(self._draw_seconds, FRAME_SECONDS - self._draw_seconds, MIN_TRAIN_SECONDS)
        epochs = max(1, int(budget / self._epoch_seconds))
        return epochs if epochs < 20 else epochs - epochs % 10

    def step(self) -> None:
        """Space: train one chunk."""
        self.train(self.chunk_size())

    def toggle(self) -> None:
        """r: run or pause."""
        if not self.running and self.run.epochs >= self.run.most:
            self._at_limit()
            return
        self.running = not self.running

    def reset(self) -> None:
        """x: back to the start (START_EPOCHS epochs), paused."""
        self.running = False
        self.run = NetworkRun(self._problem(self.values()))
        self.run.train(START_EPOCHS)
        self._example, self.error = None, None

    def tick(self) -> None:
        """One chunk while running; the redraw time since the last chunk sizes the next."""
        if self._drawing:
            self._draw_seconds, self._drawing = self._drawing, 0.0
        if self.running:
            self.train(self.chunk_size())

    def _refusal(self, values, diverged):
        """Raise the door's own refusal of training this long (the cost diverged)."""
        door.train_network(task=values["task"], hidden=values["hidden"],
                           activation=values["activation"], lr=values["lr"], epochs=diverged)
        raise InputError(f"the cost became infinite or undefined at epoch {diverged}: "
                         "the learning rate is too large.")  # the door did not refuse: say it anyway

    def _at_limit(self):
        self.running = False
        try:
            door.prepare(task=self.values()["task"], epochs=self.run.most + 1)
        except InputError as refusal:
            self.error = (f"stopped at epoch {self.run.epochs:,}: " + refusal.message
                          if refusal.hint is None else
                          f"stopped at epoch {self.run.epochs:,}: {refusal.hint}: {refusal.message}")

    # --- drawing --------------------------------------------------------------------

    def table(self, width: int) -> str:
        """Paused: the chosen unit's rows (``unit_example``), or with no unit the door's
        worked example. Running: the compact table."""
        began = time.perf_counter()
        if self.running:
            text = self.compact(width)
        elif self.values()["unit"] != NO_UNIT:
            text = self.unit_table(width)
        else:
            text = super().table(width)
        self._drawing += time.perf_counter() - began
        return text

    def unit_table(self, width: int) -> str:
        """The unit's rows as the commands print them; a door's refusal in its place."""
        key = (id(self.run), self.run.epochs, tuple(sorted(self.values().items())),
               self._saves, width)
        if self._unit is not None and self._unit[0] == key:
            return self._unit[1]
        try:
            text = self.unit_example().to_text(width=width)
        except InputError as refusal:
            where = "" if refusal.hint is None else f"{refusal.hint}: "
            text = f"The unit's arithmetic cannot be worked for these weights: {where}{refusal.message}\n"
        self._unit = (key, text)
        return text

    def figure(self, width: int, height: int, color: bool) -> str:
        """The command's ``--show`` figure (the same drawer) with the chosen point
        marked, from a grid of ŷ sized to the terminal rather than the file figure's
        (see ``picture``); or, after d, the diagram with weights (``diagram_text``)."""
        began = time.perf_counter()
        if self.showing == DIAGRAM:
            text = self.diagram_text(width, height)
        else:
            from nnexplain.termplot import render

            (x1, x2), _ = self._point(self.values())
            picture = replace(self.picture(width, height), chosen=(int(self.values()["example"]), x1, x2))
            text = render("network_training_figure", picture, width, height, color)
        self._drawing += time.perf_counter() - began
        return text

    def toggle_diagram(self) -> None:
        """d: the figure panel shows the diagram with weights, or the regions again."""
        self.showing = DIAGRAM if self.showing == REGIONS else REGIONS

    def diagram(self):
        """The diagram of the current weights with the values of the forward pass for
        the chosen point: ``explain.diagram.diagram``, as the forward door draws it."""
        from nnexplain.explain.diagram import diagram

        x, _ = self._point(self.values())
        return diagram(self.run.network.layers, list(x))

    def figure_example(self):
        """The regions: the door's training example; the diagram: the ``forward``
        door's example on the current weights and point (s saves its diagram)."""
        if self.showing == DIAGRAM:
            from nnexplain.api.networks import forward

            x, _ = self._point(self.values())
            return forward(x=list(x), weights=self.run.network.layers)
        return self.example

    def diagram_text(self, width: int, height: int) -> str:
        """The diagram with weights as text, ``height`` lines at most: a heading, then
        one unit a line (wrapped at ``width``), ``u = f(w·x + … + b) = a``, the
        chosen unit marked with ▶. Lines that do not fit: those around the chosen
        unit are shown, and a last line says which."""
        d = self.diagram()
        values = self.values()
        k, epochs = int(values["example"]), self.run.epochs
        x, _ = self._point(values)
        chosen = values["unit"]
        inputs = ", ".join(f"{name} = {_shown(v)}" for name, v in zip(d.columns[0], x))
        heading = f"{d.shape} after {epochs:,} epoch{'s' if epochs != 1 else ''}; point {k}: {inputs}"
        if len(heading) > width:
            heading = heading[:width - 1] + "…"
        lines, first_of = [], {}
        flat = unit_choices(self.run.network.layers)[1:]
        place = 0
        for l in range(len(d.weights)):
            sources = d.columns[l]
            for j, unit in enumerate(d.columns[l + 1]):
                first_of[flat[place]] = len(lines)
                mark = "▶ " if flat[place] == chosen else "  "
                lines += unit_lines(unit, d.activations[l], sources, d.weights[l][:, j],
                                    d.biases[l][j], d.values[l + 1][j], width - 2, mark)
                place += 1
        rows = max(height - 1, 1)
        if len(lines) <= rows:
            return "\n".join([heading] + lines) + "\n"
        rows -= 1  # a line says which lines are shown
        start = 0 if chosen not in first_of else max(0, min(first_of[chosen] - 1, len(lines) - rows))
        shown = lines[start:start + rows]
        more = f"(lines {start + 1}–{start + len(shown)} of {len(lines)}; a chosen unit's line stays in view)"
        return "\n".join([heading] + shown + [more[:width]]) + "\n"

    def picture(self, width: int, height: int):
        """The figure's data as ``explain.network_training_figures`` computes it from the
        door's outcome, with two changes for speed: ŷ on a grid of about one point per
        character (``width`` + 1 by ``height`` + 1, over the same span) instead of
        GRID_POINTS², and the cost curves at about two epochs per column."""
        from nnexplain.core import network_training as nt
        from nnexplain.explain import network_training as explain

        outcome = self.example.outcome
        p = outcome.problem
        axes = []
        for j, count in ((0, width + 1), (1, height + 1)):
            low, high = float(p.x[:, j].min()), float(p.x[:, j].max())
            pad = explain.GRID_MARGIN * (high - low) or 0.5
            axes.append(np.linspace(low - pad, high + pad, count))
        last = len(outcome.run.curve) - 1
        shown = sorted_unique(np.linspace(0, last, min(last + 1, 2 * width)).round().astype(np.int64))
        return explain.DecisionPicture(
            task=p.task, shape=explain.shape_name(p.sizes), x=p.x, y=p.y, axis_1=axes[0],
            axis_2=axes[1], probability=nt.probability_grid(outcome.run.final_layers, *axes),
            epochs=shown.astype(np.float64), cost=outcome.run.curve[shown],
            line_cost=outcome.line.curve[shown] if outcome.has_hidden else None,
            accuracy=outcome.run.final_accuracy,
            line_accuracy=outcome.line.final_accuracy if outcome.has_hidden else None)

    def compact(self, width: int) -> str:
        """Epoch, cost and accuracy now, and the no-hidden model's: the numbers of the
        door's example (its ``final_cost``, ``accuracy``, ``no_hidden_…`` values)."""
        from nnexplain.explain.network_training import shape_name
        from nnexplain.render.numbers import format_number

        epoch, cost, accuracy, start, line_cost, line_accuracy = self.run.summary()
        m = self.run.problem.m
        rows = [("epoch", f"{epoch:,}"),
                ("cost J", f"{format_number(cost)} (start {format_number(start)})"),
                ("accuracy", f"{format_number(100.0 * round(accuracy * m) / m)}% "
                             f"({round(accuracy * m)} of {m} points)")]
        if line_cost is not None:
            rows += [("no hidden layer", f"J = {format_number(line_cost)}, "
                      f"{format_number(100.0 * round(line_accuracy * m) / m)}% correct")]
        chosen = self.values()["unit"]
        worked = "the worked example" if chosen == NO_UNIT else f"unit {chosen}'s arithmetic"
        heading = (f"Training a {shape_name(self.run.problem.sizes)} network on "
                   f"{self.values()['task']} (running; pause with r for {worked})")
        label = max(len(name) for name, _ in rows)
        lines = [heading[:width]] + [f"{name:<{label}}  {value}"[:width] for name, value in rows]
        return "\n".join(lines) + "\n"


def _shown(value: float) -> str:
    from nnexplain.render.numbers import format_number

    return format_number(value, DIAGRAM_PRECISION)


def unit_lines(unit, activation, sources, weights, bias, value, width, mark="  ") -> list[str]:
    """One unit of the diagram: ``h₁ = tanh(1.2·x₁ − 0.5·x₂ + 0.1) = 0.7``, each
    incoming arrow's weight beside its source, wrapped at ``width`` columns between
    terms (the lines after the first indented)."""
    from nnexplain.render.numbers import MINUS

    pieces = [f"{mark}{unit} = {activation}("]
    for i, (source, w) in enumerate(zip(sources, weights)):
        text = f"{_shown(abs(w))}·{source}"
        if i == 0:
            pieces[0] += text if w >= 0 else MINUS + text
        else:
            pieces.append(f" {MINUS if w < 0 else '+'} {text}")
    pieces.append(f" {MINUS if bias < 0 else '+'} {_shown(abs(bias))})")
    pieces.append(f" = {_shown(value)}")
    indent = " " * (len(mark) + len(unit) + 3)
    lines, line = [], ""
    for piece in pieces:
        if line and len(line) + len(piece) > width:
            lines.append(line)
            line = indent + piece.lstrip()
        else:
            line += piece
    return lines + [line]


def _literal(text: str) -> str:
    """Text put in a sentence's template as it is (braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def _copied(layers) -> tuple:
    return tuple((layer.W.copy(), layer.b.copy(), layer.activation) for layer in layers)


def _same(saved, layers) -> bool:
    """Whether the weights written are these layers', number for number."""
    return len(saved) == len(layers) and all(
        activation == layer.activation and np.array_equal(W, layer.W) and np.array_equal(b, layer.b)
        for (W, b, activation), layer in zip(saved, layers))
