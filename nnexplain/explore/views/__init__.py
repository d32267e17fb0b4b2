"""The explorer's views, one module each; ``VIEWS`` names them in menu order.

Each value is a ``state.View`` subclass; ``nnexplain explore NAME`` starts it, and its
parameters' options (``--w``, ``--b`` …) give the starting state.
"""

from nnexplain.explore.views.descent import DescentView
from nnexplain.explore.views.loss import LossView
from nnexplain.explore.views.network import NetworkView
from nnexplain.explore.views.neuron import BiasView

VIEWS = {"bias": BiasView, "loss": LossView, "descent": DescentView, "network": NetworkView}
