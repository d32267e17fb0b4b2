"""Figures: functions take computed arrays and return a matplotlib ``Figure``.

Object API only (no pyplot state), Agg rendering through ``save_figure``.
Importing this package imports matplotlib; only drawing code paths do so.
"""

from nnexplain.plot.losses import loss_curve_figure
from nnexplain.plot.save import save_figure

__all__ = ["loss_curve_figure", "save_figure"]

from nnexplain.plot.training import landscape_figure, training_figure  # noqa: E402

__all__ += ["landscape_figure", "training_figure"]
