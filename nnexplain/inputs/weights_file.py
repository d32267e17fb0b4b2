"""Reading a network from ``--weights FILE.json`` (the schema is in docs/weights.md),
from a shipped example's name (``--weights xor_sigmoid``) or, from Python, from a list
of layers given as objects.

The file is a JSON list of layers, each an object with exactly the fields ``W`` (one
row per input, one number per unit: Keras' layout), ``b`` (one number per unit) and
``activation``. Every problem is reported as one error naming the file, the layer
(counting from 1) and the field. Nothing here imports NumPy until the file has been
read and checked, and nothing is printed before the whole network is known to be good.
Every problem is an InputError naming ``'--weights'``.
"""

import json
import math
import os
import re
from dataclasses import dataclass

from nnexplain.inputs import InputError
from nnexplain.inputs.files import reading_errors
from nnexplain.inputs.values import count
from nnexplain.reading import read_bytes_limited

# A worked printout shows every product and every gradient, so the network must
# be small enough to read: at most MAX_LAYERS layers and MAX_UNITS units per
# layer (the inputs count as a layer here too).
MAX_LAYERS = 8
MAX_UNITS = 16
# A network within those limits is a few kilobytes of JSON; a far larger file is
# refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
FIELDS = ("W", "b", "activation")
OPTION = "--weights"


class _Object(list):
    """A JSON object as its (key, value) pairs, so a repeated key can be reported."""


class _Constant:
    """NaN, Infinity or -Infinity as written in the file (json accepts them)."""

    def __init__(self, text):
        self.text = text


# What a network given from Python (a list of layers) is called in messages.
GIVEN = "the layers given"
# A --weights value that could be an example's name rather than a file's.
_NAME = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Network:
    """The layers to work through, and how messages name where they came from."""

    layers: tuple
    source: str  # "the preset network", "the network in net.json", …
    given: bool  # whether the learner gave them (so a value too large may be theirs)

    @property
    def blame(self) -> str:
        """Which option(s) a number too large for float64 can come from."""
        return "'--x' / '--weights'" if self.given else "'--x'"


def load_network(weights=None) -> Network:
    """The network ``weights`` names: None for the syllabus's preset network; a path
    of a weights file; a shipped example's name (a file that exists wins); or, from
    Python, a list of layers, each a mapping with the fields W, b, activation (or a
    core ``Layer``)."""
    if weights is None:
        from nnexplain.core.network import preset

        return Network(preset(), "the preset network", given=False)
    if isinstance(weights, (str, os.PathLike)):
        text = os.fspath(weights)
        if isinstance(text, bytes):
            text = os.fsdecode(text)
        if not os.path.exists(text) and _NAME.fullmatch(text):
            from nnexplain import examples

            if text not in examples.ABOUT:
                _fail(f"{text!r} is neither a file nor the name of an example network; the "
                      f"examples are {', '.join(examples.names())} (--list-examples says what "
                      "each is)")
            return Network(_layers(_check_layers(text, _parse(text, _read_text(examples.path(text))))),
                           f"the example network {text}", given=True)
        return Network(read_network(text), f"the network in {text}", given=True)
    return Network(network_from_python(weights), "the network given", given=True)


def read_network(path: str):
    """The layers of the network in ``path``, as a tuple of core ``Layer``."""
    data = _parse(path, _read_text(path))
    return _layers(_check_layers(path, data))


def network_from_python(layers):
    """The layers of a network given from Python (a list of layers, each a mapping
    with W, b and activation, or a core Layer), checked by the rules of a file."""
    try:
        text = json.dumps(layers, default=_plain, allow_nan=True)
    except (TypeError, ValueError, RecursionError) as error:
        _fail(f"{GIVEN} are not a network: {error} (give a list of layers, each "
              '{"W": …, "b": …, "activation": …}; see docs/weights.md)')
    return _layers(_check_layers(GIVEN, _parse(GIVEN, text)))


def _plain(value):
    """What json cannot write itself: NumPy arrays and numbers, core Layers."""
    if all(hasattr(value, field) for field in FIELDS):
        return {field: getattr(value, field) for field in FIELDS}
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _layers(checked):
    from nnexplain.core.network import layer

    return tuple(layer(W, b, activation) for W, b, activation in checked)


def _fail(message):
    raise InputError(message, f"'{OPTION}'")


def _read_text(path):
    if not path:
        _fail("the file name is empty; give the path of a JSON file (see docs/weights.md)")
    with reading_errors(path, _fail, "a JSON file"):
        data = read_bytes_limited(
            path, MAX_FILE_BYTES, "a weights file",
            f"; a network small enough to work by hand (at most {MAX_LAYERS} layers of "
            f"{MAX_UNITS} units) takes a few kilobytes",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"{path} is not a UTF-8 text file (byte {error.start + 1} cannot be read)")


def _parse(path, text):
    if not text.strip():
        _fail(f"{path} is empty; expected a JSON list of layers (see docs/weights.md)")
    try:
        return json.loads(
            text, object_pairs_hook=_Object, parse_constant=_Constant, parse_int=float
        )
    except json.JSONDecodeError as error:
        _fail(f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except RecursionError:
        _fail(f"{path} is not a network: its lists or objects are nested too deeply")
    except ValueError:  # Python's limit of 4,300 digits on an integer (int is not used, but be safe)
        _fail(f"{path} is not a network: a number in it has too many digits")


def _check_layers(path, data):
    if isinstance(data, _Object):
        _fail(
            f"{path} holds a JSON object; the top level must be a list of layers, "
            '[{"W": …, "b": …, "activation": …}, …] (see docs/weights.md)'
        )
    if not _is_list(data):
        _fail(f"{path} holds {_kind(data)}; the top level must be a list of layers (see docs/weights.md)")
    if not data:
        _fail(f"{path} holds an empty list; a network needs at least one layer")
    if len(data) > MAX_LAYERS:
        _fail(f"{path} has {len(data)} layers; at most {MAX_LAYERS} are allowed (a worked printout "
              "must stay readable)")
    layers = []
    for number, item in enumerate(data, start=1):
        where = f"{path}, layer {number}"
        fields = _fields(where, item)
        W = _matrix(f"{where}, field 'W'", fields["W"])
        b = _vector(f"{where}, field 'b'", fields["b"])
        activation = _activation(f"{where}, field 'activation'", fields["activation"])
        if len(b) != len(W[0]):
            _fail(f"{where}, field 'b' has {count(len(b))} but W has {count(len(W[0]), 'column')}: "
                  "give one bias per unit (one per column of W)")
        if layers and len(W) != len(layers[-1][1]):
            _fail(f"{where}, field 'W' has {count(len(W), 'row')} but layer {number - 1} has "
                  f"{count(len(layers[-1][1]), 'unit')}: the shapes do not chain (layer k's W needs "
                  "one row per unit of layer k − 1)")
        layers.append((W, b, activation))
    return layers


def _fields(where, item):
    if not isinstance(item, _Object):
        _fail(f"{where} is {_kind(item)}; each layer must be an object with the fields W, b, activation")
    seen = {}
    for key, value in item:
        if key in seen:
            _fail(f"{where} has the field {key!r} twice")
        if key not in FIELDS:
            _fail(f"{where} has an unknown field {key!r}; a layer has exactly the fields W, b, activation")
        seen[key] = value
    missing = [key for key in FIELDS if key not in seen]
    if missing:
        _fail(f"{where} has no field {missing[0]!r}; a layer has exactly the fields W, b, activation")
    return seen


def _matrix(where, value):
    """W as a list of rows of floats: non-empty, rectangular, within the limits."""
    if not _is_list(value):
        _fail(f"{where} is {_kind(value)}; W must be a list of rows, one per input, e.g. [[1, 2], [3, 4]]")
    if not value:
        _fail(f"{where} is an empty list; W needs one row per input")
    if isinstance(value[0], (float, _Constant)):
        _fail(f"{where} is a flat list; W must be a list of rows, one per input, each a list with "
              "one number per unit, e.g. [[0.5], [-1]] for 2 inputs and 1 unit")
    if len(value) > MAX_UNITS:
        _fail(f"{where} has {len(value)} rows (inputs); at most {MAX_UNITS} are allowed")
    rows = []
    for r, row in enumerate(value, start=1):
        if not _is_list(row):
            _fail(f"{where}, row {r} is {_kind(row)}; each row of W must be a list of numbers")
        if not row:
            _fail(f"{where}, row {r} is empty; each row needs one number per unit")
        if len(row) != len(value[0]):
            _fail(f"{where}, row {r} has {count(len(row))} but row 1 has {len(value[0])}: W must be "
                  "rectangular (every row has one number per unit)")
        rows.append([_number(f"{where}, row {r}, item {i}", v) for i, v in enumerate(row, start=1)])
    if len(rows[0]) > MAX_UNITS:
        _fail(f"{where} has {len(rows[0])} columns (units); at most {MAX_UNITS} are allowed")
    return rows


def _vector(where, value):
    if not _is_list(value):
        _fail(f"{where} is {_kind(value)}; b must be a list of numbers, one per unit, e.g. [0, 0.5]")
    if not value:
        _fail(f"{where} is an empty list; b needs one number per unit")
    return [_number(f"{where}, item {i}", v) for i, v in enumerate(value, start=1)]


def _number(where, value):
    if isinstance(value, _Constant):
        _fail(f"{where} is {value.text}; weights and biases must be finite numbers")
    if isinstance(value, bool) or not isinstance(value, float):
        _fail(f"{where} is {_kind(value)}, not a number")
    if not math.isfinite(value):  # json reads 1e400 as inf
        _fail(f"{where} is more than the largest float64 (about 1.8e308)")
    return value


def _activation(where, value):
    from nnexplain.core.activations import ACTIVATIONS  # the core's registry of names

    names = ", ".join(ACTIVATIONS)
    if not isinstance(value, str):
        _fail(f"{where} is {_kind(value)}; give one of {names} as a string")
    if value not in ACTIVATIONS:
        _fail(f"{where} is {value!r}, not an activation nnexplain knows; use one of {names}")
    return value


def _is_list(value) -> bool:
    """A JSON array (a JSON object is read as a list of pairs, so it needs excluding)."""
    return isinstance(value, list) and not isinstance(value, _Object)


def _kind(value) -> str:
    """What a JSON value is, in words, quoting short values: the JSON type found
    (an object, a list, a string, true, false, null, NaN/Infinity, a number)."""
    if isinstance(value, _Object):
        return "an empty object" if not value else "an object"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"the string {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, _Constant):
        return value.text
    if isinstance(value, float):
        return "a number"
    raise TypeError(f"not a JSON value: {type(value).__name__}")  # a bug, not a file problem
