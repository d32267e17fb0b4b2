"""The lessons ship inside the wheel: it is built, its file list is checked, and it is
installed into a fresh virtual environment where the lessons are found from a folder
outside the repository.

Building takes a few seconds (pip builds in an isolated environment). The fresh
environment gets the wheel without its dependencies (no download): they are taken
from this interpreter's site-packages, placed after the fresh environment's own so
that the installed nnexplain, not this checkout, is the one imported.
"""

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Built from a copy: pip builds in the source tree, and a build/ folder left in the
    # checkout could carry stale modules into later wheels.
    source = tmp_path_factory.mktemp("source") / "nnexplain"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet", "-w", str(folder)],
        check=True, capture_output=True, timeout=300,
    )
    (built,) = folder.glob("nnexplain-*.whl")
    return built


def test_the_wheel_holds_every_lesson_and_every_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    lessons = {p.name for p in (ROOT / "lessons").iterdir() if p.suffix == ".toml"}
    assert "manifest.toml" in lessons
    for name in lessons:
        assert f"nnexplain/curriculum/{name}" in names
    templates = {p.name for p in (ROOT / "lessons" / "practice").iterdir() if p.suffix == ".toml"}
    assert templates, "no practice templates in lessons/practice"
    for name in templates:
        assert f"nnexplain/curriculum/practice/{name}" in names
    for package in (ROOT / "nnexplain").rglob("__init__.py"):
        assert package.relative_to(ROOT).as_posix() in names, f"{package.parent.name} is missing from the wheel"


def test_an_installed_wheel_finds_the_lessons(wheel, tmp_path):
    environment = tmp_path / "fresh"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    own = next((environment / "lib").glob("python*/site-packages"))
    dependencies = Path(click.__file__).resolve().parents[1]
    env = {"PYTHONPATH": f"{own}:{dependencies}", "NNEXPLAIN_HOME": str(tmp_path / "home"), "COLUMNS": "100"}

    def nnexplain(*args):
        return subprocess.run([str(python), "-m", "nnexplain", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    where = subprocess.run([str(python), "-c", "import nnexplain.curriculum as c; print(c.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(own)), where.stdout
    listing = nnexplain("lesson", "list")
    assert listing.returncode == 0, listing.stderr
    assert "neuron" in listing.stdout
    check = nnexplain("lesson", "check")
    assert check.returncode == 0 and check.stdout.startswith("OK: "), check.stderr
    # the practice templates ship as data beside the lessons, and every one draws
    practice = nnexplain("practice", "--check", "--seeds", "2")
    assert practice.returncode == 0 and practice.stdout.startswith("OK: "), practice.stdout + practice.stderr
    # the example networks and the typing marker ship too: a name works from any folder
    network = nnexplain("forward", "--weights", "xor_sigmoid", "--x", "1,0", "--format", "json")
    assert network.returncode == 0, network.stderr
    assert '"result"' in network.stdout
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"nnexplain/py.typed", "nnexplain/examples/xor_sigmoid.json", "nnexplain-0.1.0.dist-info/licenses/LICENSE"} <= names
