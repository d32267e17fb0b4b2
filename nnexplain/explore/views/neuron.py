"""The neuron / bias / activation view: one input x, a weight w, a bias b and an
activation f; the worked neuron a = f(x·w + b) and the bias curve f(w·x + b) with its
shift −b/w marked and the neuron's point (x, a) on it.

The table is ``nnexplain neuron``'s (products, sum, bias, activation), so the command
shown is that one; the figure is ``nnexplain bias``'s curve for the same w, b and f.
Both come from the doors (``api.neuron`` and ``api.bias``), so a value either command
refuses is refused here with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nnexplain.explore.state import Parameter, View
from nnexplain.inputs.activations import ACTIVATION_NAMES


def _parameters() -> list[Parameter]:
    return [
        Parameter("w", "weight w", "--w", 1.0, step=0.5, fine=0.1, low=-10.0, high=10.0),
        Parameter("b", "bias b", "--b", -2.0, step=0.5, fine=0.1, low=-20.0, high=20.0),
        Parameter("x", "input x", "--x", 1.0, step=0.5, fine=0.1, low=-20.0, high=20.0),
        Parameter("activation", "activation f", "--activation", "sigmoid", kind="choice",
                  choices=ACTIVATION_NAMES),
    ]


@dataclass
class BiasView(View):
    """``nnexplain neuron --x X --w W --b B --activation F``, with bias's curve."""

    name: str = "bias"
    title: str = "Neuron, bias and activation: a = f(x·w + b)"
    parameters: list[Parameter] = field(default_factory=_parameters)
    keys: tuple = (("z", "zero_input", "zero input"),)

    def __post_init__(self):
        self._curves = {}  # (w, b, activation) -> bias's Example (the figure)
        self._before_zero = None  # x before the zero-input key, to go back to
        super().__post_init__()

    def compute(self, values: dict):
        from nnexplain import api

        example = api.neuron([values["x"]], [values["w"]], values["b"], activation=values["activation"])
        self.curve_of(values)  # bias's refusals (w = 0, a shift too large) count too
        return example

    def curve_of(self, values: dict):
        """bias's Example for these w, b and activation: the curve and −b/w."""
        from nnexplain import api

        key = (values["w"], values["b"], values["activation"])
        if key not in self._curves:
            if len(self._curves) > 64:
                self._curves.clear()
            self._curves[key] = api.bias(values["w"], [values["b"]], activation=values["activation"])
        return self._curves[key]

    def argv(self, values: dict) -> list[str]:
        from nnexplain.inputs import typed_number

        return ["neuron", "--x", typed_number(values["x"]), "--w", typed_number(values["w"]),
                "--b", typed_number(values["b"]), "--activation", values["activation"]]

    def nudge(self, name: str, direction: int, fine: bool = False) -> bool:
        """One key press; the weight steps over 0 (w = 0 has no shift −b/w)."""
        value = self.parameter(name).nudged(direction, fine)
        if name == "w" and value == 0:
            from dataclasses import replace

            value = replace(self.parameter(name), value=0.0).nudged(direction, fine)
        return self.set(name, value)

    def zero_input(self) -> bool:
        """The zero-input case: x = 0, so z = b and only the bias moves the output;
        pressed again, back to the x before."""
        x = self.parameter("x").value
        if x == 0 and self._before_zero is not None:
            done = self.set("x", self._before_zero)
            self._before_zero = None
            return done
        self._before_zero = x
        return self.set("x", 0.0)

    def figure_example(self):
        """The example whose figure is shown and saved: bias's curve, with the point
        (x, a) of the neuron in the table on it (the x range reaching x). When x is so
        far away that the widened figure cannot be drawn, bias's own figure, without
        the point."""
        import numpy as np

        from nnexplain.api.example import Drawing, Example
        from nnexplain.api.neurons import DEFAULT_SLOPE
        from nnexplain.explain.neuron import bias_curves, default_bias_x
        from nnexplain.inputs import InputError
        from nnexplain.inputs.activations import check_bias_drawable

        values = self.values()
        curve = self.curve_of(values)
        w, b, x, activation = values["w"], values["b"], values["x"], values["activation"]
        reach = np.append(default_bias_x(w, [b]), float(x))
        try:
            check_bias_drawable(w, [b], reach)
        except InputError:
            return curve
        return Example(curve.worked, result=curve.result,
                       drawing=Drawing("nnexplain.plot.bias:bias_figure",
                                       lambda: bias_curves(w, [b], activation, slope=DEFAULT_SLOPE,
                                                           point_x=x)),
                       check_figure=lambda: check_bias_drawable(w, [b], reach))
