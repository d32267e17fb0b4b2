"""The explorer's views, one module each; ``VIEWS`` names them in menu order.

Each value is a ``state.View`` subclass; ``nnexplain explore NAME`` starts it, and its
parameters' options (``--w``, ``--b`` …) give the starting state. A view's module is
imported when the view is first looked up, so starting on one view loads only it.
"""

import importlib
from collections.abc import Mapping

# Name -> (module in this package, class), in menu order.
_WHERE = {
    "bias": ("neuron", "BiasView"),
    "loss": ("loss", "LossView"),
    "descent": ("descent", "DescentView"),
    "network": ("network", "NetworkView"),
}


class _Views(Mapping):
    """The views by name, each class imported on first use."""

    def __getitem__(self, name):
        module, cls = _WHERE[name]
        return getattr(importlib.import_module(f"nnexplain.explore.views.{module}"), cls)

    def __iter__(self):
        return iter(_WHERE)

    def __len__(self):
        return len(_WHERE)


VIEWS = _Views()


def __getattr__(name):
    """The view classes by their own names too (``from … import BiasView``)."""
    for key, (_, cls) in _WHERE.items():
        if cls == name:
            return VIEWS[key]
    raise AttributeError(f"module 'nnexplain.explore.views' has no attribute {name!r}")
