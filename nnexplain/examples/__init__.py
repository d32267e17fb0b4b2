"""Networks shipped with nnexplain, named for ``--weights NAME`` and
``nnexplain.forward(weights=NAME)``: each is a weights file (docs/weights.md) installed
with the package, so an example works from any folder.

``ABOUT`` says what each is for; the network's shape and activations are read from the
file itself when the names are listed (``nnexplain forward --list-examples``).
Nothing here imports NumPy.
"""

import importlib.resources

# name -> what the network is for (a test keeps these equal to the files shipped here,
# and checks each claim: the syllabus network is the preset, the XOR one fits XOR).
ABOUT = {
    "syllabus_2_2_1": "the syllabus's trained network, the default",
    "xor_sigmoid": "fits XOR (ŷ > 0.5 just for (1, 0) and (0, 1)); --loss log applies",
}


def names() -> tuple[str, ...]:
    """The examples' names, sorted."""
    return tuple(sorted(ABOUT))


def path(name: str) -> str:
    """The file of the example called ``name`` (KeyError for another name)."""
    if name not in ABOUT:
        raise KeyError(name)
    return str(importlib.resources.files(__name__) / f"{name}.json")
