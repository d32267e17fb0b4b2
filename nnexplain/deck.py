"""The figure deck: every figure nnexplain can draw, each made by a real command.

A deck figure is data: a stable name (its file name), a caption, and the command
line that draws it (``loss --y 1 --yhat 0.1`` with ``--plot``). The deck runs each
command in-process, through the same code a learner's command takes, so the figure
in the deck is the figure the command makes, and the gallery can print the command
beside it. Style, dpi and transparency come from ``figure_settings``.

Importing this module is cheap (no NumPy, no matplotlib): ``--list`` and ``--help``
read the catalogue only.
"""

import dataclasses
import fnmatch
import shlex

from nnexplain.figure_settings import DEFAULT_DPI, DEFAULT_STYLE


@dataclasses.dataclass(frozen=True)
class DeckFigure:
    name: str  # the file name without extension; stable: slides and docs link to it
    title: str  # a few words: the heading in index.md and the image's alternative text
    caption: str  # one or two sentences for index.md and the gallery
    run: str  # the command line, without "nnexplain" and without the figure option
    option: str = "--plot"  # the option that saves the figure

    def argv(self) -> list[str]:
        return shlex.split(self.run)

    def command(self, file: str, style: str = DEFAULT_STYLE) -> str:
        """The command a learner types to make this figure on its own."""
        look = "" if style == DEFAULT_STYLE else f" --style {style}"
        return f"nnexplain {self.run} {self.option} {shlex.quote(file)}{look}"


def _activation(name: str, title: str, symbol: str, shape: str) -> DeckFigure:
    return DeckFigure(
        f"activation-{name.replace('_', '-')}",
        f"{title} and its slope",
        f"{symbol} (left) and its slope, the derivative (right), with z = −3, −2, …, 3 "
        f"marked. {shape}",
        f"activation {name}",
    )


DECK = (
    _activation("sigmoid", "The sigmoid", "σ(z)",
                "The output stays between 0 and 1; the slope is largest at z = 0 and "
                "fades to almost 0 on both sides (vanishing gradient)."),
    _activation("tanh", "tanh", "tanh(z)",
                "Zero-centred, between −1 and 1; its slope at 0 is four times the sigmoid's."),
    _activation("relu", "ReLU", "ReLU(z) = max(0, z)",
                "The slope is 0 for z < 0 and 1 for z > 0: no vanishing for positive z, "
                "but a unit that only sees negative z stops learning."),
    _activation("leaky_relu", "Leaky ReLU", "Leaky ReLU with α = 0.01",
                "A small slope α for z < 0 keeps every unit learning."),
    _activation("identity", "The identity", "id(z) = z",
                "A straight line with slope 1: a network of identity units is one linear model."),
    DeckFigure(
        "activations-compared",
        "Four activations compared",
        "Sigmoid, tanh, ReLU and leaky ReLU on the same axes, values left and slopes right.",
        "compare sigmoid tanh relu leaky_relu --z -4:4:201",
    ),
    DeckFigure(
        "bias-shift",
        "The bias shifts the activation",
        "The bias moves the activation sideways: σ(w·x + b) for w = 1 and b = −2, 0, 2; "
        "each curve is the b = 0 curve shifted by x₀ = −b/w.",
        "bias --w 1 --b -2,0,2",
    ),
    DeckFigure(
        "loss-log",
        "Log loss",
        "Log loss (binary cross-entropy) as a function of the prediction ŷ, for y = 1 and "
        "y = 0; the worked example y = 1, ŷ = 0.1 is marked: confident and wrong costs a lot.",
        "loss --y 1 --yhat 0.1",
    ),
    DeckFigure(
        "loss-squared",
        "Squared loss",
        "Squared loss (y − ŷ)² for the same example: it grows only to 1, however confident "
        "the wrong prediction.",
        "loss --loss squared --y 1 --yhat 0.1",
    ),
    DeckFigure(
        "cost-average",
        "Cost as the average loss",
        "The cost is the average loss: one bar per example (its log loss) and the line at "
        "their mean J.",
        "cost --y 1,0,1,0 --yhat 0.9,0.2,0.6,0.4",
    ),
    DeckFigure(
        "softmax-bars",
        "Softmax",
        "Softmax turns scores z into probabilities that add up to 1: the scores (left) and "
        "the probabilities (right).",
        "softmax --z 2,1,0.1",
    ),
    DeckFigure(
        "crossentropy-bars",
        "Softmax with cross-entropy",
        "Three scores, true class 0: the softmax probabilities beside the one-hot target "
        "(left) and the gradient ∂L/∂z = p − y of each score (right).",
        "crossentropy --z 2,1,0.1 --target 0",
    ),
    DeckFigure(
        "training-line",
        "Gradient descent learns a line",
        "Gradient descent on one neuron: the cost after each epoch (left) and the learned "
        "line over the data, beside the true line y = 2x + 1 (right).",
        "train --task line",
    ),
    DeckFigure(
        "cost-landscape",
        "The cost landscape",
        "The cost J(w, b) of the same run as a landscape: one bowl, the descent path from "
        "the random start, and the lowest point.",
        "train --task line",
        option="--landscape",
    ),
    DeckFigure(
        "decision-boundary",
        "A decision boundary",
        "Logistic regression on two classes: the cost per epoch (left) and the learned "
        "decision boundary ŷ = 0.5 between the classes (right).",
        "train --task logistic",
    ),
    DeckFigure(
        "minibatch-compared",
        "Full batch, mini-batch and stochastic",
        "The same line task from the same start with full batches, batches of 10 and single "
        "examples for 100 epochs: the cost against examples seen (left) and the three paths "
        "on the cost landscape (right).",
        "train --task line --batch-size 10 --epochs 100",
        option="--compare-batches",
    ),
    DeckFigure(
        "learning-rates",
        "Learning rates compared",
        "The cost landscape of the same run with four learning rates from the same start: "
        "too small (0.005 × 2/λmax), good (1/λmax), at the edge of stability (2/λmax: it "
        "bounces across the valley) and diverging (1.1 × 2/λmax: it leaves the map); λmax "
        "is the cost's largest curvature.",
        "train --task line",
        option="--compare-rates",
    ),
    DeckFigure(
        "optimizers-bowl",
        "Optimisers on an elongated bowl",
        "Plain gradient descent, momentum, Nesterov, RMSprop and Adam with PyTorch's update "
        "rules on J = ½(x² + 25y²), from the same start: each path on the cost's contours, "
        "and the minimum.",
        "optimize --problem bowl",
    ),
    DeckFigure(
        "optimizers-rosenbrock",
        "Optimisers in a curved valley",
        "The same five optimisers on Rosenbrock's function (1 − x)² + 100(y − x²)², whose "
        "minimum at (1, 1) lies at the end of a narrow, curved valley.",
        "optimize --problem rosenbrock",
    ),
    DeckFigure(
        "vanishing-gradients",
        "Vanishing gradients",
        "Each activation's slope multiplied through 1 to 20 layers, on a log axis: "
        "σ′(0)ᵈ = 0.25ᵈ is 9.1×10⁻¹³ at d = 20 and a saturated sigmoid (z = 3) 1.3×10⁻²⁷; "
        "ReLU passes back 1 when on and 0 when off.",
        "compare sigmoid tanh relu leaky_relu --depth 20",
        option="--vanishing",
    ),
    DeckFigure(
        "xor-linear-vs-relu",
        "XOR: a plane, and a line in the hidden layer",
        "The best linear model is a flat plane, ŷ = 0.5 everywhere (left). A 2-2-1 ReLU "
        "network gets every corner right (middle, its classes shaded). In its hidden "
        "units' space (h₁, h₂) one line, h₁ − 2h₂ = 0.5, separates the corners (right).",
        "linear-collapse",
    ),
    DeckFigure(
        "network-xor",
        "A network learns XOR",
        "A 2-8-1 tanh network trained by backpropagation for 1,000 epochs on 200 noisy XOR points: its "
        "decision regions and boundary ŷ = 0.5 (left), and its cost beside that of one "
        "neuron with no hidden layer, which stalls (right).",
        "train --task xor --epochs 1000",
    ),
    DeckFigure(
        "approximation-sin",
        "A ReLU network traces sin x",
        "Eight ReLU units, their weights computed from sin at nine knots, make the "
        "piecewise-linear interpolant of sin x on [0, 2π] (left); each unit adds one kink "
        "(right).",
        "approximate --function sin --units 8",
    ),
    DeckFigure(
        "backprop-graph",
        "Backpropagation as a computational graph",
        "Every operation of the forward pass (products, sums, + b, ReLU, the loss) with its "
        "value and its gradient g = ∂L/∂(node); each arrow carries its local derivative, "
        "and colour and line style show the gradient's sign.",
        "backprop --target 1",
    ),
    DeckFigure(
        "network-diagram",
        "A network, drawn",
        "The syllabus 2-2-1 network: inputs, hidden units and output as circles, each "
        "connection labelled with its weight, biases as bias units, and the values of a "
        "forward pass for x = (2, 3).",
        "forward",
        option="--diagram",
    ),
)
NAMES = tuple(figure.name for figure in DECK)


class UnknownFigure(ValueError):
    """A name or pattern matching no deck figure."""


def select(patterns) -> tuple[DeckFigure, ...]:
    """The deck figures named by ``patterns`` (names or shell patterns such as
    ``activation-*``, or comma-separated lists of them), in deck order; all when
    there are none. UnknownFigure for a pattern that matches nothing."""
    wanted = [p.strip() for pattern in patterns for p in pattern.split(",") if p.strip()]
    if not patterns:
        return DECK
    if not wanted:  # --only "" or --only ",": asked for something, named nothing
        raise UnknownFigure("")
    for pattern in wanted:
        if not fnmatch.filter(NAMES, pattern):
            raise UnknownFigure(pattern)
    return tuple(f for f in DECK if any(fnmatch.fnmatchcase(f.name, p) for p in wanted))


def file_name(figure: DeckFigure, fmt: str) -> str:
    return f"{figure.name}.{fmt}"


def draw(figure: DeckFigure, path: str) -> None:
    """Run the figure's command in-process, saving the figure to ``path``
    (in the current figure settings)."""
    from nnexplain.lesson import runs

    runs.draw([*figure.argv(), "--format", "json"], path, figure.option)


def index_markdown(figures, fmt: str, made_with: str, settings: dict | None = None,
                   title: str = "nnexplain figures", folder: str = "") -> str:
    """index.md for a deck folder, or the docs gallery (``folder`` = where the images
    are, relative to the page): each figure with its caption and the command that
    makes it on its own. ``made_with`` is the deck command, ``settings`` its style,
    dpi and transparency. Same input, same text."""
    settings = settings or {}
    style = settings.get("style", DEFAULT_STYLE)
    differs = []
    if settings.get("dpi", DEFAULT_DPI) != DEFAULT_DPI:
        differs.append(f"at {DEFAULT_DPI} dpi")
    if settings.get("transparent"):
        differs.append("on an opaque background")
    also = "Each also comes from the command under it"
    also += f" ({' and '.join(differs)})." if differs else "."
    lines = [
        f"# {title}",
        "",
        f"{len(figures)} figure{'s' if len(figures) != 1 else ''}, made with `{made_with}`. {also}",
        "",
    ]
    for figure in figures:
        file = file_name(figure, fmt)
        lines += [
            f"## {figure.title}: `{file}`",
            "",
            f"![{figure.title}]({folder}{file})",
            "",
            figure.caption,
            "",
            "```",
            figure.command(file, style),
            "```",
            "",
        ]
    return "\n".join(lines)


def draw_many(figures, folder, fmt: str, settings: dict, jobs: int = 1):
    """Draw ``figures`` into ``folder``; yield each figure as its file is complete
    (``jobs`` worker processes at a time: nnexplain.workers.in_order, which says what
    happens when the caller stops early). RunError from a command is raised here."""
    from functools import partial

    from nnexplain.lesson.runs import RunError
    from nnexplain.workers import WorkerStopped, in_order

    work = [(figure, str(folder / file_name(figure, fmt))) for figure in figures]
    try:
        for figure, _ in in_order(partial(_draw_job, settings), work, jobs):
            yield figure
    except WorkerStopped as stopped:
        raise RunError(f"could not draw {stopped.item[0].name}: {stopped}") from None


def _draw_job(settings: dict, work) -> None:
    _draw_with(settings, *work)


def _draw_with(settings: dict, figure: DeckFigure, path: str) -> None:
    from nnexplain.lesson.runs import RunError
    from nnexplain.plot.style import figure_settings

    try:
        with figure_settings(**settings):
            draw(figure, path)
    except RunError as error:
        raise RunError(f"could not draw {figure.name}: {error}") from None
