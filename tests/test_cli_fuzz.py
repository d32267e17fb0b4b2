"""Random argument lists thrown at every command: whatever a learner types, the CLI
answers (exit 0) or says what is wrong in an ``Error:`` line (exit 1 or 2); it
never lets another exception escape and never leaves a half-written file behind.

Every run happens inside a fresh temporary folder (it is the working directory,
and no generated argument contains a slash), so ``--plot`` and ``--data`` can only
touch files there; the ``--data`` files are written by the test, with random content.

Two narrower properties follow: good numbers always get an answer (any view, any
precision, a figure when asked), and ``--data`` gives the same result as the same
numbers typed with ``--y``/``--yhat``, whatever the file's layout.
"""

import json
import os
import tempfile

import numpy as np
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnexplain.cli import cli

OPTIONS = (
    "--y", "--yhat", "--loss", "--eps", "--plot", "--data", "--format", "--precision",
    "--z", "--slope", "--w", "--b", "--x", "--activation",
    "--target", "--lr", "--weights", "--task", "--n", "--noise", "--seed", "--epochs",
    "--no-bias", "--landscape", "--restart", "--no-input", "--input", "--out", "--all",
    "-h", "--help", "-V", "--version",
)  # fmt: skip
COMMANDS = ("loss", "cost", "activation", "compare", "bias", "neuron", "softmax", "forward",
            "backprop", "train", "crossentropy", "optimize", "approximate", "linear-collapse",
            "lesson", "figures", "explore", "practice", "worksheet")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")


def no_slash_text(**kwargs):
    # No "/" (or "\\") keeps every path relative, so inside the temporary folder;
    # no NUL because a real command line cannot contain one.
    alphabet = st.characters(exclude_characters="/\\\x00", exclude_categories=("Cs",))
    return st.text(alphabet, **kwargs)


NUMBER_TEXT = st.one_of(
    st.sampled_from(
        ["0", "1", "0.5", "0.1", "0.9", "-0", "1e-7", "1e-320", "5e-324", "0.999999999999",
         "1e154", "-1e154", "1e200", "-1e308", "1.7976931348623157e308", "1e400", "-1e400",
         "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+1", ".5", "5.", "1E3", "1_0",
         "١", "１", " 1 ", "\t0.5", "", " ", "0x10", "1e", "e1", "--1", "1,5", "abc"]
    ),  # fmt: skip
    st.floats().map(repr),
    st.floats(0, 1, allow_subnormal=False).map(str),
    st.integers(-(10**400), 10**400).map(str),
    no_slash_text(max_size=6),
)
NUMBER_LIST = st.lists(NUMBER_TEXT, max_size=6).map(",".join) | st.lists(
    st.floats(0, 1, allow_subnormal=False).map(repr), min_size=1, max_size=40
).map(",".join)
CHOICES = st.sampled_from(
    ["log", "squared", "text", "json", "markdown", "latex", "LOG", "xml", "svg", *ACTIVATIONS,
     "Sigmoid", "softmax", "relu6"]
)  # fmt: skip
RANGE_TEXT = st.one_of(
    st.builds(
        lambda a, b, n: f"{a}:{b}:{n}",
        st.sampled_from(["-3", "-5", "0", "1e308", "-1e308", "nan", "", "2", "1e-300"]),
        st.sampled_from(["3", "5", "-3", "0", "1e308", "inf", "x", "2"]),
        st.sampled_from(["7", "2", "1", "0", "-1", "201", "10000", "10001", "1e3", "3.5", "", "1000000000"]),
    ),
    st.sampled_from(["-3:3", "::", "1:2:3:4", "-3:3:7 ", " -1 : 1 : 3"]),
)
PRECISION = st.integers(-5, 40).map(str)
OPTION_LIKE = st.from_regex(r"\A--?[a-zA-Z_-]{0,10}(=[a-z0-9.,]{0,5})?\Z").filter(lambda s: "/" not in s)
FIGURE_NAME = st.one_of(
    st.builds(
        lambda folder, stem, extension: folder + stem + extension,
        st.sampled_from(["", "existing_folder" + os.sep]),
        st.sampled_from(["figure", "curve", "a b", "ŷ"]),
        st.sampled_from([".png", ".svg", ".pdf", ".PNG"]),
    ),
    st.builds(
        lambda folder, stem, extension: folder + stem + extension,
        st.sampled_from(["", "missing_folder" + os.sep, "existing_folder" + os.sep, "locked" + os.sep]),
        st.sampled_from(["figure", "", ".hidden", "existing_folder", "data0"]),
        st.sampled_from([".png", ".svg", ".jpg", "", ".png.part", ".", ".csv"]),
    ),
)
DATA_NAME = st.sampled_from(
    ["data0.csv", "data0.csv", "data1.csv", "data2.csv", "missing.csv", "existing_folder", ".", ""]
)

PROBABILITY = st.floats(0, 1, allow_subnormal=False).map(repr) | st.sampled_from(["0", "1", "0.5", "1e-300", "0.9999999999999999"])

# Hypothesis leans towards small integers and first choices, so below the unusual
# case is always the *largest* integer drawn (e.g. `integers(0, 3) == 3`).


@st.composite
def mostly_probabilities(draw, m):
    """m numbers as text, each in [0, 1]; sometimes one of them is something else."""
    items = draw(st.lists(PROBABILITY, min_size=m, max_size=m))
    if draw(st.integers(0, 3)) == 3:
        items[draw(st.integers(0, m - 1))] = draw(NUMBER_TEXT)
    return items


@st.composite
def csv_contents(draw):
    """A CSV file's bytes: usually a good one, sometimes with one thing wrong."""
    if draw(st.integers(0, 9)) == 9:
        return draw(st.binary(max_size=40))
    header = draw(
        st.one_of(
            st.just("y,y_hat"),
            st.just("y,y_hat"),
            st.sampled_from(["y_hat,y", "id,y,y_hat", " y , y_hat ", "y,yhat", "y;y_hat", "", "y,y_hat,"]),
            no_slash_text(max_size=12),
        )
    )
    width = max(1, header.count(",") + 1)
    m = draw(st.integers(0, 8))
    cells = draw(mostly_probabilities(m * width)) if m else []
    rows = [",".join(cells[i * width : (i + 1) * width]) for i in range(m)]
    if rows and draw(st.integers(0, 3)) == 3:  # a blank line, a short or a long row
        odd = draw(st.sampled_from(["", "  ", "1", "1,0,1", "0.5,"]))
        rows.insert(draw(st.integers(0, len(rows))), odd)
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = draw(st.sampled_from(["", "\ufeff"])) + newline.join([header, *rows])
    text += draw(st.sampled_from(["", "\n", newline, "\n  \n"]))
    data = text.encode("utf-8")
    if draw(st.integers(0, 15)) == 15:
        data += b"\xff\xfe"
    return data


SMALL = st.floats(-3, 3, allow_subnormal=False).map(repr)


@st.composite
def weights_contents(draw):
    """A --weights file's bytes: usually a network that chains, sometimes one thing wrong."""
    if draw(st.integers(0, 9)) == 9:
        return draw(st.binary(max_size=40))
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    sizes[0] = 2  # the default --x has two numbers
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers.append({
            "W": [[draw(SMALL) for _ in range(n_out)] for _ in range(n_in)],
            "b": [draw(SMALL) for _ in range(n_out)],
            "activation": draw(st.sampled_from([*ACTIVATIONS, "softmax"])),
        })
    text = json.dumps(layers).replace('"', '"')
    if draw(st.integers(0, 3)) == 3:  # one token replaced by something else
        text = text.replace(draw(st.sampled_from(['"b"', '"W"', "[[", "relu", ", "])),
                            draw(st.sampled_from(['"B"', "[", "NaN", "1e400", "true", ""])), 1)
    return text.encode("utf-8")


WILD = st.one_of(
    NUMBER_TEXT, NUMBER_LIST, CHOICES, PRECISION, FIGURE_NAME, DATA_NAME, OPTION_LIKE,
    st.sampled_from(OPTIONS), no_slash_text(max_size=10),
)  # fmt: skip
GOOD = {
    "--loss": st.sampled_from(["log", "squared"]),
    "--format": st.sampled_from(["text", "json", "markdown", "latex"]),
    "--precision": st.integers(1, 15).map(str),
    "--eps": st.floats(0, 0.5, exclude_min=True, exclude_max=True, allow_subnormal=False).map(repr) | st.just("1e-7"),
    "--plot": FIGURE_NAME,
    "--data": DATA_NAME,
    "--z": st.one_of(RANGE_TEXT, NUMBER_LIST),
    "--slope": st.sampled_from(["0.01", "0", "0.2", "0.99"]) | NUMBER_TEXT,
    "--activation": st.sampled_from(ACTIVATIONS),
    "--w": NUMBER_TEXT,
    "--b": NUMBER_TEXT | NUMBER_LIST,
    "--x": st.one_of(RANGE_TEXT, NUMBER_LIST),
    "--target": PROBABILITY | NUMBER_TEXT | st.sampled_from(["0", "1", "2", "3", "-1", "1.0", "2.5"]),
    "--lr": st.sampled_from(["0.001", "0.1", "1", "2", "100", "0", "-1", "1e-300"]) | NUMBER_TEXT,
    "--weights": DATA_NAME | st.sampled_from(["weights.json", "weights.json"]),
    "--task": st.sampled_from(["line", "logistic", "xor", "circles", "moons", "spiral", "Line", ""]),
    "--batch-size": st.sampled_from(["1", "10", "50", "0", "51", "-1", "x"]),
    "--hidden": st.sampled_from(["8", "4,4", "", "0", "65", "1,1,1,1,1", "x", "2.5"]),
    # Small sizes keep each run fast; the limits themselves are tested directly.
    "--n": st.sampled_from(["2", "10", "50", "1", "0", "-3", "1000001", "2.5", "x"]),
    "--noise": st.sampled_from(["0", "0.5", "-0", "-1", "1e6", "1e7", "nan"]),
    "--seed": st.sampled_from(["0", "1", "42", "-1", "1.5", "2**64", "18446744073709551616"]),
    "--epochs": st.sampled_from(["1", "10", "200", "0", "-5", "1000001", "1e3", "ten"]),
    "--landscape": FIGURE_NAME,
    "--y": NUMBER_LIST | st.sampled_from(["0,1,0", "0.1,0.8,0.1", "1,0", "0.5,0.5,0.1"]),
    "--problem": st.sampled_from(["bowl", "line", "rosenbrock", "Bowl", ""]),
    "--optimizer": st.sampled_from(["sgd", "adam", "momentum,nesterov", "rmsprop,adam,adam", "sgd,", "lbfgs"]),
    # Small step counts keep each run fast; the limits themselves are tested directly.
    "--steps": st.sampled_from(["1", "5", "50", "0", "-1", "100001", "2.5", "x"]),
    "--momentum": st.sampled_from(["0", "0.9", "0.99", "1", "-0.1", "nan"]),
    "--beta1": st.sampled_from(["0", "0.9", "1", "1.5", "inf"]),
    "--beta2": st.sampled_from(["0", "0.999", "1", "-1", "x"]),
    "--alpha": st.sampled_from(["0", "0.99", "1", "2"]),
    "--start": NUMBER_LIST | st.sampled_from(["-4,1", "0,0", "1e7,0", "1"]),
    "--target-cost": NUMBER_TEXT,
    "--function": st.sampled_from(["sin", "square", "abs", "step", "cos", "Sin"]),
    "--units": st.sampled_from(["1", "2", "8", "256", "0", "257", "-1", "2.5", "x"]),
    "--interval": NUMBER_LIST | st.sampled_from(["0,1", "-1,1", "1,0", "0,0", "0,1e-9", "-1e7,1"]),
    "--diagram": FIGURE_NAME,
    "--save-table": st.one_of(
        st.sampled_from(["table.txt", "table.svg", "table.html", "existing_folder/t.TXT"]),
        st.sampled_from(["", "missing_folder/", "locked/", "existing_folder"]).map(lambda f: f + "t.txt"),
        st.sampled_from(["table.png", "table", "existing_folder", "figure.svg"]),
    ),
}
# The options of the activation-family commands, beyond --format/--precision/--plot.
OWN_OPTIONS = {
    "activation": ["--z", "--slope"],
    "compare": ["--z", "--slope"],
    "bias": ["--w", "--b", "--activation", "--x", "--slope"],
    "neuron": ["--x", "--w", "--b", "--activation", "--slope"],
    "softmax": ["--z"],
    "forward": ["--x", "--weights", "--diagram"],
    "backprop": ["--x", "--target", "--loss", "--lr", "--weights"],
    "train": ["--task", "--n", "--noise", "--seed", "--lr", "--epochs", "--data", "--landscape",
              "--batch-size", "--hidden", "--activation", "--weights"],
    "linear-collapse": ["--x"],
    "crossentropy": ["--z", "--target", "--y"],
    "optimize": ["--problem", "--optimizer", "--lr", "--steps", "--momentum", "--beta1", "--beta2",
                 "--alpha", "--eps", "--start", "--target-cost"],
    "approximate": ["--function", "--units", "--interval"],
}
LESSON_WORDS = ("list", "run", "reset", "check", "export", "neuron", "bias", "loss", "nope",
                "--restart", "--no-input", "--all", "--out", "--format", "markdown",
                "existing_folder", "data0.csv", ".")


DECK_NAMES = ("loss-log", "bias-shift", "activation-relu", "network-diagram", "softmax-bars",
              "cost-average")


@st.composite
def figures_arguments(draw):
    """Options of `nnexplain figures`: always one cheap --only (or --list, or a bad
    name), so an example draws at most one or two figures."""
    only = st.one_of(
        st.sampled_from(DECK_NAMES), st.sampled_from(["loss-*", "nope", "", ",", "LOSS-LOG", "activation-?elu"]),
        st.lists(st.sampled_from(DECK_NAMES), min_size=2, max_size=2).map(",".join),
    )
    pairs = [["--only", draw(only)]]
    options = {
        "--out": st.sampled_from(["deck", "existing_folder", "locked", "data0.csv", "missing_folder/a/b", "",
                                  "locked/deck"]),
        "--format": st.sampled_from(["png", "svg", "pdf", "jpg", "PNG", ""]),
        "--style": st.sampled_from(["light", "dark", "slides", "Dark", "neon"]),
        "--dpi": st.sampled_from(["50", "72", "600", "49", "601", "0", "-1", "1e3", "nan", "x"]),
        "--jobs": st.sampled_from(["1", "2", "0", "65", "x"]),
    }
    for option, values in options.items():
        if option == "--out" or draw(st.booleans()):
            pairs.append([option, draw(values | WILD if draw(st.integers(0, 7)) == 7 else values)])
    # Any option but --only may go missing: without it the whole deck (25 figures,
    # ~7 s in PDF) would be drawn, and hypothesis replays a slow example several times.
    pairs = pairs[:1] + [pair for pair in pairs[1:] if draw(st.integers(0, 12)) != 12]
    tokens = sum(draw(st.permutations(pairs)), [])
    for flag in ("--transparent", "--list"):
        if draw(st.integers(0, 4)) == 0:
            tokens.insert(draw(st.integers(0, len(tokens))), flag)
    return tokens


@st.composite
def argument_lists(draw):
    """[command, tokens...]: mostly a plausible command line with some values or
    tokens replaced by garbage, so that the parser, the commands' own checks and
    the views all get reached; sometimes pure junk."""

    def value(good):
        return draw(WILD if draw(st.integers(0, 7)) == 7 else good)

    kind = draw(st.sampled_from(["loss", "cost", "cost-data", *OWN_OPTIONS, "lesson", "figures", "junk"]))
    if kind == "figures":
        return ["figures", *draw(figures_arguments())]
    if kind == "lesson":
        return ["lesson", *draw(st.lists(st.sampled_from(LESSON_WORDS) | WILD, max_size=5))]
    if kind == "junk":
        head = draw(st.sampled_from(["", "los", "Loss", "costs", "--", "-h", "--version", *COMMANDS]))
        tokens = draw(st.lists(WILD, max_size=5))
        return draw(st.sampled_from([[], [head]])) + tokens
    if kind in OWN_OPTIONS:
        names = []
        if kind == "activation":
            names = [value(st.sampled_from(ACTIVATIONS))]
        elif kind == "compare":
            names = [value(st.sampled_from(ACTIVATIONS)) for _ in range(draw(st.integers(0, 4)))]
        pairs = [
            [option, value(GOOD[option])]
            for option in OWN_OPTIONS[kind] + ["--plot", "--format", "--precision", "--save-table"]
            if draw(st.booleans())
        ]
        if kind == "neuron":  # required, and usually of equal length
            m = draw(st.integers(1, 6))
            numbers = st.lists(st.floats(-5, 5, allow_subnormal=False).map(repr), min_size=m, max_size=m).map(",".join)
            pairs = [p for p in pairs if p[0] not in ("--x", "--w")]
            pairs += [["--x", value(numbers)], ["--w", value(numbers)]]
        if kind in ("softmax", "crossentropy"):
            pairs = [p for p in pairs if p[0] != "--z"] + [["--z", value(NUMBER_LIST)]]
        if kind == "train" and draw(st.booleans()):
            pairs.append(["--no-bias"])
        pairs = [pair for pair in pairs if draw(st.integers(0, 15)) != 15]
        tokens = names + sum(draw(st.permutations(pairs)), [])
        for _ in range(draw(st.sampled_from([0, 0, 0, 1]))):
            tokens.insert(draw(st.integers(0, len(tokens))), draw(WILD))
        return [kind, *tokens]
    if kind == "loss":
        number = st.one_of(PROBABILITY, PROBABILITY, PROBABILITY, NUMBER_TEXT)
        pairs = [["--y", value(number)], ["--yhat", value(number)]]
        optional = ["--loss", "--eps", "--plot", "--format", "--precision", "--save-table"]
    else:
        if kind == "cost":
            m = draw(st.integers(1, 30))
            numbers = mostly_probabilities(m).map(",".join)
            pairs = [["--y", value(numbers)], ["--yhat", value(numbers)]]
        else:
            pairs = [["--data", value(DATA_NAME)]]
        optional = ["--loss", "--eps", "--plot", "--format", "--precision", "--save-table"]
    pairs += [[option, value(GOOD[option])] for option in optional if draw(st.booleans())]
    pairs = [pair for pair in pairs if draw(st.integers(0, 15)) != 15]  # sometimes one goes missing
    tokens = sum(draw(st.permutations(pairs)), [])
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        tokens.insert(draw(st.integers(0, len(tokens))), draw(WILD))
    return [kind.removesuffix("-data"), *tokens]


def files_under(folder):
    return {
        os.path.relpath(os.path.join(root, name), folder)
        for root, dirs, files in os.walk(folder)
        for name in dirs + files
    }


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=argument_lists(), contents=st.lists(csv_contents(), min_size=3, max_size=3),
       weights=st.just(None).flatmap(lambda _: weights_contents()))
def test_random_arguments_never_escape(args, contents, weights):
    with tempfile.TemporaryDirectory() as folder:
        for k, content in enumerate(contents):
            with open(os.path.join(folder, f"data{k}.csv"), "wb") as handle:
                handle.write(content)
        with open(os.path.join(folder, "weights.json"), "wb") as handle:
            handle.write(weights)
        os.mkdir(os.path.join(folder, "existing_folder"))
        os.mkdir(os.path.join(folder, "locked"), 0o555)
        before = files_under(folder)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            result = CliRunner().invoke(cli, args, prog_name="nnexplain")
        finally:
            os.chdir(cwd)
        after = files_under(folder)
        os.chmod(os.path.join(folder, "locked"), 0o755)  # so the folder can be removed

    note = f"args={args!r}\noutput={result.output!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        note + f"\nexc_info={result.exc_info!r}"
    )
    assert result.exit_code in (0, 1, 2), note
    assert "Traceback" not in result.output, note
    assert not any(name.endswith(".part") for name in after), note
    if result.exit_code != 0:
        assert after == before, note  # nothing written by a failed run
        if args not in ([], ["lesson"]):
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1, note
        else:
            # A group alone (`nnexplain`, `nnexplain lesson`) prints its usage and
            # help (click exits 2, no Error line).
            assert result.output.startswith("Usage: nnexplain"), note


# --- good input always gets an answer, and --data agrees with --y/--yhat ------------

FINITE = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False)


def spell(x):
    """A float as a learner might type it; every spelling reads back exactly."""
    return st.sampled_from([repr(x), format(x, ".17g"), format(x, ".17e")])


@st.composite
def good_cost_inputs(draw):
    loss = draw(st.sampled_from(["log", "squared"]))
    values = st.floats(0, 1, allow_subnormal=False) if loss == "log" else FINITE
    m = draw(st.integers(1, 25))
    ys = draw(st.lists(values, min_size=m, max_size=m))
    y_hats = draw(st.lists(values, min_size=m, max_size=m))
    eps = draw(st.none() | st.floats(0, 0.5, exclude_min=True, exclude_max=True, allow_subnormal=False)) if loss == "log" else None
    return loss, ys, y_hats, eps


def squared_fits(ys, y_hats):
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.sum(np.square(np.subtract(ys, y_hats)))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    inputs=good_cost_inputs(),
    fmt=st.sampled_from(["json", "text", "markdown", "latex"]),
    precision=st.integers(1, 15),
    layout=st.fixed_dictionaries(
        {
            "newline": st.sampled_from(["\n", "\r\n"]),
            "bom": st.booleans(),
            "trailing": st.booleans(),
            "swap": st.booleans(),
            "extra": st.booleans(),
            "blank_after": st.sets(st.integers(0, 25), max_size=3),
        }
    ),
    data=st.data(),
)
def test_good_input_is_answered_and_data_matches_typed(inputs, fmt, precision, layout, data):
    loss, ys, y_hats, eps = inputs
    y_text = [data.draw(spell(v)) for v in ys]
    y_hat_text = [data.draw(spell(v)) for v in y_hats]
    options = ["--loss", loss, "--precision", str(precision)]
    if eps is not None:
        options += ["--eps", repr(eps)]
    typed_args = ["cost", "--y", ",".join(y_text), "--yhat", ",".join(y_hat_text), *options]

    names = ["y_hat", "y"] if layout["swap"] else ["y", "y_hat"]
    lines = []
    for i, pair in enumerate(zip(y_text, y_hat_text)):
        cells = list(reversed(pair)) if layout["swap"] else list(pair)
        lines.append(",".join(["note", *cells] if layout["extra"] else cells))
        if i in layout["blank_after"]:
            lines.append("")
    header = ",".join(["id", *names] if layout["extra"] else names)
    text = layout["newline"].join([header, *lines]) + (layout["newline"] if layout["trailing"] else "")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.csv")
        with open(path, "wb") as handle:
            handle.write((("\ufeff" if layout["bom"] else "") + text).encode("utf-8"))
        runner = CliRunner()
        typed = runner.invoke(cli, [*typed_args, "--format", fmt], prog_name="nnexplain")
        typed_json = runner.invoke(cli, [*typed_args, "--format", "json"], prog_name="nnexplain")
        from_file = runner.invoke(
            cli, ["cost", "--data", path, *options, "--format", "json"], prog_name="nnexplain"
        )

    note = f"args={typed_args!r}\ncsv={text!r}\noutput={typed.output!r}\nfile={from_file.output!r}"
    for result in (typed, typed_json, from_file):
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            note + f"\nexc_info={result.exc_info!r}"
        )
    if loss == "squared" and not squared_fits(ys, y_hats):
        for result in (typed, from_file):
            assert result.exit_code == 2, note
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1 and "1.8e308" in errors[0], note
        return
    assert typed.exit_code == 0, note
    assert not any(line.startswith("Error:") for line in typed.output.splitlines()), note
    assert from_file.exit_code == 0, note
    assert json.loads(from_file.stdout)["result"] == json.loads(typed_json.stdout)["result"], note


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    loss=st.sampled_from(["log", "squared"]),
    # subnormals are refused on purpose (typed digits float64 cannot keep): see test_loss_edges
    y=st.floats(0, 1, allow_subnormal=False),
    y_hat=st.floats(0, 1, allow_subnormal=False),
    eps=st.none() | st.floats(0, 0.5, exclude_min=True, exclude_max=True, allow_subnormal=False),
    fmt=st.sampled_from(["json", "text", "markdown", "latex"]),
    extension=st.sampled_from([None, None, None, "png", "svg", "pdf"]),
)
def test_good_loss_input_is_answered(loss, y, y_hat, eps, fmt, extension):
    args = ["loss", "--y", repr(y), "--yhat", repr(y_hat), "--loss", loss, "--format", fmt]
    if eps is not None and loss == "log":
        args += ["--eps", repr(eps)]
    with tempfile.TemporaryDirectory() as folder:
        if extension:
            args += ["--plot", os.path.join(folder, f"figure.{extension}")]
        result = CliRunner().invoke(cli, args, prog_name="nnexplain")
        written = sorted(os.listdir(folder))
    note = f"args={args!r}\noutput={result.output!r}\nexc_info={result.exc_info!r}"
    assert result.exception is None, note
    assert result.exit_code == 0, note
    assert not any(line.startswith("Error:") for line in result.output.splitlines()), note
    assert written == ([f"figure.{extension}"] if extension else []), note
