"""The loss view: a true value y, a prediction ŷ and the loss (log or squared), as
``nnexplain loss --y Y --yhat Ŷ --loss L``: the worked loss (with "what frameworks
report" where the true loss is infinite) and the loss curves with the point."""

from __future__ import annotations

from dataclasses import dataclass, field

from nnexplain.explore.state import Parameter, View


def _parameters() -> list[Parameter]:
    return [
        Parameter("y", "true value y", "--y", 1.0, step=1.0, fine=0.1),
        Parameter("yhat", "prediction ŷ", "--yhat", 0.1, step=0.05, fine=0.01),
        Parameter("loss", "loss", "--loss", "log", kind="choice", choices=("log", "squared")),
    ]


@dataclass
class LossView(View):
    """``nnexplain loss --y Y --yhat Ŷ --loss L``."""

    name: str = "loss"
    title: str = "Loss of one prediction"
    parameters: list[Parameter] = field(default_factory=_parameters)

    def compute(self, values: dict):
        from nnexplain import api

        return api.loss(values["y"], values["yhat"], loss=values["loss"])

    def argv(self, values: dict) -> list[str]:
        from nnexplain.inputs import typed_number

        return ["loss", "--y", typed_number(values["y"]), "--yhat", typed_number(values["yhat"]),
                "--loss", values["loss"]]
