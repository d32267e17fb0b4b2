"""What a new user gets from the sdist: a licence, metadata a current setuptools
accepts, and every file the tests read, so that ``pytest`` runs in an unpacked sdist.

The sdist is built as pip would build it, by setuptools' PEP 517 backend, in a fresh
interpreter whose working folder is the repository. A wheel is then built from the
unpacked sdist (pip's own route from an sdist) to check the licence travels on.
"""

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Folders whose every file the tests may read (fixtures, golden files, the docs they
# check, the lessons), and single files they read.
FOLDERS = ("tests", "docs", "lessons")
FILES = ("LICENSE", "README.md", "pyproject.toml", ".ci/run")
NOT_SHIPPED = ("__pycache__", ".hypothesis", ".pytest_cache")


def backend(hook: str, out: Path, cwd: Path) -> str:
    """Run ``build_meta.<hook>(out)`` in a fresh interpreter in ``cwd``; the file name."""
    code = f"from setuptools import build_meta as b; print(b.{hook}({str(out)!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    return out / backend("build_sdist", out, ROOT)


@pytest.fixture(scope="module")
def unpacked(sdist, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as archive:
        archive.extractall(folder, filter="data")
    (root,) = folder.iterdir()
    return root


def shipped(sdist) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def needed_by_tests() -> set[str]:
    found = set(FILES)
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            relative = path.relative_to(ROOT)
            if path.is_file() and not set(relative.parts) & set(NOT_SHIPPED) and path.suffix != ".pyc":
                found.add(relative.as_posix())
    return found


# --- the licence and the build floor ---------------------------------------------------


def test_the_licence_is_mit_for_the_nnexplain_team():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The nnexplain team" in text
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def setuptools_floor(requirements) -> tuple[int, ...]:
    (spec,) = [r for r in requirements if re.match(r"setuptools\b", r)]
    return tuple(int(part) for part in re.fullmatch(r"setuptools>=([\d.]+)", spec)[1].split("."))


def test_the_build_floor_reads_a_licence_expression():
    """``license = "MIT"`` (PEP 639) needs setuptools 77; older ones reject it."""
    assert setuptools_floor(PYPROJECT["build-system"]["requires"]) >= (77,)
    # this test builds with the environment's setuptools, so the test extra asks for it
    assert setuptools_floor(PYPROJECT["project"]["optional-dependencies"]["test"]) >= (77,)


def test_the_reference_extra_installs_the_frameworks():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert extras["reference"] == ["scikit-learn>=1.4", "torch>=2.2"]


# --- the sdist ----------------------------------------------------------------------------


def test_the_sdist_ships_every_file_the_tests_read(sdist):
    names = shipped(sdist)
    missing = needed_by_tests() - names
    assert not missing, sorted(missing)
    # the ones the first report found missing, named so a lost one is plain to see
    for name in ("tests/conftest.py", "tests/cli_checks.py", "tests/api_checks.py",
                 "tests/reference/reference.json", "docs/cli.md", "LICENSE"):
        assert name in names
    assert any(name.startswith("tests/golden/") for name in names)
    assert any(name.startswith("tests/lessons_fixture/") for name in names)
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("*.py")} <= names


def test_the_sdist_ships_no_caches(sdist):
    for name in shipped(sdist):
        assert not set(name.split("/")) & set(NOT_SHIPPED) and not name.endswith(".pyc"), name


def test_the_sdist_metadata_names_the_licence(unpacked):
    metadata = (unpacked / "PKG-INFO").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()
    assert (unpacked / "LICENSE").read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_pytest_collects_every_test_in_an_unpacked_sdist(unpacked):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=unpacked, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "error" not in done.stdout.splitlines()[-1], done.stdout[-3000:]
    files = {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}
    assert {f"tests/{p.name}" for p in (ROOT / "tests").glob("test_*.py")} <= files


def test_a_wheel_built_from_the_sdist_carries_the_licence(unpacked, tmp_path):
    wheel = tmp_path / backend("build_wheel", tmp_path, unpacked)
    names = zipfile.ZipFile(wheel).namelist()
    version = PYPROJECT["project"]["version"]
    assert f"nnexplain-{version}.dist-info/licenses/LICENSE" in names, names


@pytest.mark.parametrize("page", ["README.md", "bench/README.md"])
def test_pages_name_only_paths_inside_the_repository(page):
    """A reader's clone is not at the author's path: no absolute path to a machine."""
    text = (ROOT / page).read_text(encoding="utf-8")
    assert not re.findall(r"(?<![\w.])/(?:work|home|root|Users|tmp)/\S*", text)
