"""nnexplain: worked, step-by-step explanations of neural-network arithmetic.

Kept free of heavy imports so that ``nnexplain --help`` starts instantly; import
``nnexplain.core`` (NumPy) or ``nnexplain.plot`` (matplotlib) where they are needed.
"""

__version__ = "0.1.0"

from nnexplain.inputs import InputError  # noqa: E402  (tiny: no NumPy, no click)

# The API's functions (nnexplain.api) are loaded on first use, so that ``import
# nnexplain`` and the command line's --help stay free of NumPy and matplotlib.
_API = ("Example", "activation", "approximate", "backprop", "bias", "compare", "cost",
        "crossentropy", "forward", "linear_collapse", "loss", "neuron", "optimize", "problem", "softmax",
        "train", "train_network")


def __getattr__(name):
    if name in _API:
        from nnexplain import api

        return getattr(api, name)
    raise AttributeError(f"module 'nnexplain' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_API})
