"""The train door: ``nx.train`` gives what ``nnexplain train`` gives (the same JSON,
the same errors with the same exit kind), draws both of its figures, and tells a
progress callback how far it is."""

import pathlib

import numpy as np
import pytest

import nnexplain as nx
from api_checks import cli_run, same_error_as_cli, same_json_as_cli
from nnexplain.api.training import TrainingExample


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


LINE_CSV = "x,y\n0,1.1\n0.5,1.9\n1,3.2\n1.5,3.9\n2,5.1\n"
TWO_INPUTS_CSV = "x1,x2,y\n0,1,3\n1,0,2\n1,1,4\n2,1,5\n"
CLASSES_CSV = "x1,x2,y\n0,0,0\n1,0.5,0\n2,2,1\n3,2.5,1\n"


# --- the same JSON as the command ------------------------------------------------------------


@pytest.mark.parametrize(
    "args, call",
    [
        ([], lambda: nx.train()),
        (["--epochs", "50"], lambda: nx.train(epochs=50)),
        (["--task", "logistic", "--epochs", "100"], lambda: nx.train("logistic", epochs=100)),
        (["--task", "logistic", "--no-bias", "--epochs", "60"],
         lambda: nx.train(task="logistic", no_bias=True, epochs=60)),
        (["--no-bias", "--n", "8", "--epochs", "30", "--seed", "7"],
         lambda: nx.train(no_bias=True, n=8, epochs=30, seed=7)),
        (["--n", "7", "--noise", "0.2", "--seed", "3", "--lr", "0.05", "--epochs", "40"],
         lambda: nx.train(n="7", noise="0.2", seed="3", lr="0.05", epochs="40")),
        (["--n", "10", "--epochs", "30", "--lr", "0.2", "--seed", "5", "--noise", "0"],
         lambda: nx.train(n=np.int64(10), epochs=np.int32(30), lr=np.float64(0.2), seed=np.int64(5),
                          noise=np.float64(0.0), no_bias=np.bool_(False))),
    ],
)
def test_the_door_gives_the_same_json_as_the_command(args, call):
    same_json_as_cli(["train", *args], call())


@pytest.mark.parametrize("text", [LINE_CSV, TWO_INPUTS_CSV])
def test_the_door_reads_the_same_csv_file(tmp_path, text):
    path = write(tmp_path, text)
    same_json_as_cli(["train", "--data", path, "--epochs", "40"], nx.train(data=path, epochs=40))
    same_json_as_cli(["train", "--data", path, "--epochs", "40", "--no-bias"],
                     nx.train(data=pathlib.Path(path), epochs=40, no_bias=True))


def test_the_door_reads_logistic_csv_data(tmp_path):
    path = write(tmp_path, CLASSES_CSV)
    same_json_as_cli(["train", "--task", "logistic", "--data", path, "--epochs", "30"],
                     nx.train(task="logistic", data=path, epochs=30))


def test_the_default_seed_is_the_cores():
    from nnexplain.core.training import DEFAULT_SEED
    from nnexplain.inputs import training as rules

    assert rules.DEFAULT_SEED == DEFAULT_SEED
    assert nx.train(epochs=5).to_json() == nx.train(epochs=5, seed=DEFAULT_SEED).to_json()
    assert nx.train(epochs=5).to_json() != nx.train(epochs=5, seed=DEFAULT_SEED + 1).to_json()


# --- the result and the example ----------------------------------------------------------------


def test_the_result_is_the_final_cost_of_the_run():
    example = nx.train(epochs=50)
    assert isinstance(example, TrainingExample)
    run = example.outcome.run
    assert len(run.curve) == 51 and example.result == run.curve[-1]
    assert example.result == pytest.approx(0.2578697639988524, rel=1e-12)
    assert example.problem.m == 50 and example.problem.epochs == 50
    assert example.name == "train_line" and "one neuron learns a line" in repr(example)
    longer = nx.train(epochs=500)
    assert longer.result < example.result  # more epochs, lower cost (lr 0.1 is stable here)


def test_a_progress_callback_is_told_every_epoch_up_to_the_last():
    told = []
    nx.train(epochs=200, progress=lambda done, total: told.append((done, total)))
    assert told and told[-1] == (200, 200)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    both = []  # without a bias the logistic run is compared with a second run
    nx.train(task="logistic", no_bias=True, epochs=10, progress=lambda d, t: both.append((d, t)))
    assert both[-1] == (20, 20)


# --- figures -----------------------------------------------------------------------------------


def test_both_figures_are_drawn_and_saved(tmp_path):
    from matplotlib.figure import Figure

    example = nx.train(epochs=20)
    assert isinstance(example.figure(), Figure) and isinstance(example.figure("landscape"), Figure)
    dark = example.figure("landscape", style="dark")
    assert dark.get_facecolor() != (1.0, 1.0, 1.0, 1.0)
    path = tmp_path / "bowl.png"
    example.save_figure(path, kind="landscape", style="slides")
    assert path.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(nx.InputError, match="unknown figure 'bars'"):
        example.figure("bars")
    with pytest.raises(nx.InputError, match="unknown style"):
        example.figure("plot", style="neon")


@pytest.mark.parametrize("kind, option", [("plot", "--plot"), ("landscape", "--landscape")])
def test_the_door_draws_the_figure_the_command_saves(tmp_path, kind, option):
    saved = tmp_path / "cli.svg"
    assert cli_run(["train", "--epochs", "20", option, str(saved)]).exit_code == 0
    mine = tmp_path / "door.svg"
    nx.train(epochs=20).save_figure(mine, kind=kind)
    assert mine.read_bytes() == saved.read_bytes()


def test_a_landscape_the_run_cannot_have_is_refused(tmp_path):
    with pytest.raises(nx.InputError, match="'--landscape'.*--task line"):
        nx.train(task="logistic", epochs=5).figure("landscape")
    example = nx.train(data=write(tmp_path, TWO_INPUTS_CSV), epochs=5)
    with pytest.raises(nx.InputError, match="2 input columns"):
        example.check_figure("landscape")
    from matplotlib.figure import Figure

    assert isinstance(example.figure("plot"), Figure)  # the cost only, still drawn


def test_figures_asked_for_are_checked_before_training():
    told = []
    with pytest.raises(nx.InputError, match="'--landscape'"):
        nx.train(task="logistic", figures=("landscape",), progress=lambda d, t: told.append(d))
    assert told == []
    assert nx.train(epochs=3, figures="landscape").draws


# --- errors: the same message and exit kind as the command -------------------------------------


@pytest.mark.parametrize(
    "args, call",
    [
        (["--n", "1"], lambda: nx.train(n=1)),
        (["--n", "1000001"], lambda: nx.train(n=1_000_001)),
        (["--epochs", "0"], lambda: nx.train(epochs=0)),
        (["--epochs", "1000001"], lambda: nx.train(epochs=1_000_001)),
        (["--epochs", "2000", "--n", "1000000"], lambda: nx.train(epochs=2000, n=1_000_000)),
        (["--epochs", "20000001"], lambda: nx.train(epochs="20000001")),
        (["--lr", "0"], lambda: nx.train(lr=0)),
        (["--lr", "-0.1"], lambda: nx.train(lr=np.float64(-0.1))),
        (["--lr", "nan"], lambda: nx.train(lr="nan")),
        (["--lr", "inf"], lambda: nx.train(lr="inf")),
        (["--noise", "-1"], lambda: nx.train(noise=-1)),
        (["--noise", "1e7"], lambda: nx.train(noise=1e7)),
        (["--seed", "-3"], lambda: nx.train(seed=-3)),
        (["--seed", "1.5"], lambda: nx.train(seed="1.5")),
        (["--n", "x"], lambda: nx.train(n="x")),
        (["--task", "xors"], lambda: nx.train(task="xors")),
        (["--task", "logistic", "--noise", "1"], lambda: nx.train(task="logistic", noise=1)),
        (["--task", "logistic", "--noise", "0.5"], lambda: nx.train(task="logistic", noise=0.5)),
        (["--task", "logistic", "--landscape", "bowl.png"],
         lambda: nx.train(task="logistic", figures=["landscape"])),
        (["--lr", "2"], lambda: nx.train(lr=2)),
        (["--task", "logistic", "--lr", "1000"], lambda: nx.train(task="logistic", lr=1000)),
    ],
)
def test_a_bad_option_is_the_same_error_from_the_door(args, call):
    same_error_as_cli(["train", *args], call)


def test_divergence_is_a_failure_not_a_usage_error():
    error = same_error_as_cli(["train", "--lr", "2"], lambda: nx.train(lr=2))
    assert error.usage is False and error.hint is None
    assert "the cost became inf at epoch" in str(error) and "try --lr 0.2" in str(error)


@pytest.mark.parametrize(
    "text, task",
    [
        ("x,z\n0,1\n1,3\n", "line"),
        ("a,y\n0,1\n1,3\n", "line"),
        ("x,x1,y\n0,0,1\n1,1,3\n", "line"),
        ("x1,x2,x3,x4,x5,x6,x7,y\n" + "1,2,3,4,5,6,7,8\n" * 3, "line"),
        ("x,y\n0,1\n1,abc\n", "line"),
        ("x,y\n0,1\n", "line"),
        ("x,y\n", "line"),
        ("", "line"),
        ("x,y\n0,1\n1e200,3\n", "line"),
        ("x,y\n0,1e200\n1,3\n", "line"),
        ("x,y\n0,0\n1,0.5\n", "logistic"),
        ("x,y\n0,1\n1,1\n", "logistic"),
        ("x,y\n-1e90,0\n1e90,1\n", "logistic"),  # overflows at epoch 0
    ],
)
def test_a_bad_csv_file_is_the_same_error_from_the_door(tmp_path, text, task):
    path = write(tmp_path, text)
    same_error_as_cli(["train", "--task", task, "--data", path],
                      lambda: nx.train(task=task, data=path))


def test_csv_errors_that_depend_on_other_options(tmp_path):
    path = write(tmp_path, LINE_CSV)
    same_error_as_cli(["train", "--data", path, "--n", "10"], lambda: nx.train(data=path, n=10))
    same_error_as_cli(["train", "--data", path, "--noise", "1"], lambda: nx.train(data=path, noise=1))
    two = write(tmp_path, TWO_INPUTS_CSV, "two.csv")
    same_error_as_cli(["train", "--data", two, "--landscape", str(tmp_path / "b.png")],
                      lambda: nx.train(data=two, figures=("landscape",)))
    same_error_as_cli(["train", "--data", str(tmp_path / "nowhere.csv")],
                      lambda: nx.train(data=tmp_path / "nowhere.csv"))
    many = write(tmp_path, "x,y\n" + "0,1\n1,3\n" * 501, "many.csv")  # 1,002 rows
    same_error_as_cli(["train", "--data", many, "--epochs", "1000000"],
                      lambda: nx.train(data=many, epochs=1_000_000))


def test_too_many_rows_is_the_same_error_from_the_door(tmp_path):
    path = write(tmp_path, "x,y\n" + "0,1\n" * 1_000_001)
    error = same_error_as_cli(["train", "--data", path, "--epochs", "1"],
                              lambda: nx.train(data=path, epochs=1))
    assert "1,000,001 data rows" in str(error)


@pytest.mark.parametrize(
    "call, mention",
    [
        (lambda: nx.train(n=2.5), "'--n'"),
        (lambda: nx.train(epochs=True), "'--epochs'"),
        (lambda: nx.train(seed=None), "'--seed'"),
        (lambda: nx.train(seed="9" * 500), "too long"),
        (lambda: nx.train(lr=float("nan")), "'--lr'.*not a finite number"),
        (lambda: nx.train(lr=[0.1]), "'--lr'"),
        (lambda: nx.train(no_bias="yes"), "'--no-bias'"),
        (lambda: nx.train(data=12), "'--data'"),
        (lambda: nx.train(figures=["bars"]), "unknown figure 'bars'"),
    ],
)
def test_python_values_the_command_line_cannot_give_are_input_errors(call, mention):
    with pytest.raises(nx.InputError, match=mention):
        call()
