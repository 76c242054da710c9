"""The environment files agree with each other and with what the notebooks install on Colab."""

import importlib.metadata
import re
import subprocess
import sys

import nbformat
import pytest
import yaml

from tools import paths
from tools.build import launch

REPO = paths.REPO


def pins(lines):
    return sorted(line.strip() for line in lines if re.match(r"^[A-Za-z0-9_.-]+==", line.strip()))


def test_environment_yml_pins_what_requirements_pin():
    requirements = pins((REPO / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == requirements
    assert "graphviz" in env["dependencies"], "Binder needs the graphviz binary from conda-forge"


def test_the_environment_has_the_pinned_versions():
    """The numbers in the committed notebooks were computed with these versions: a drifted environment
    (an upgrade by hand, a stale .venv) is found here, before it shows up as a changed number."""
    drifted = []
    for pin in pins((REPO / "requirements.txt").read_text().splitlines()):
        name, wanted = pin.split("==")
        installed = importlib.metadata.version(name)
        if installed.split("+")[0] != wanted:  # a local build tag (torch's "+cpu") is the same release
            drifted.append(f"{name} {installed} (pinned {wanted})")
    assert not drifted, f"the environment does not match requirements.txt: {drifted}; run `make clean test`"


def test_nbformat_imports_without_building_a_grammar():
    """Every nbgrader command imports nbformat, and with it jsonschema's format checkers. From jsonschema
    4.24 on, these import rfc3987-syntax, which builds a parser for IRIs at import: about 1.5 s of CPU
    per command. jsonschema is pinned below that; an upgrade that brings the grammar back fails here."""
    code = "import sys, nbformat; print(sorted(m for m in sys.modules if m.split('.')[0] in ('rfc3987_syntax', 'lark')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]", f"importing nbformat loaded {loaded}"


def test_colab_setup_installs_the_pinned_torchviz_and_this_repository():
    requirements = pins((REPO / "requirements.txt").read_text().splitlines())
    torchviz = next(p for p in requirements if p.startswith("torchviz=="))
    cell = launch.setup_cell("0" * 40)
    assert torchviz in cell
    assert f"git+{launch.REPOSITORY_URL}@{'0' * 40}" in cell
    assert launch.REPOSITORY_URL in (REPO / "pyproject.toml").read_text()


def test_colab_setup_installs_the_package_the_notebooks_were_built_with():
    """The setup cell pins the course's package to a commit; that commit must hold the package exactly as
    this checkout has it, or a notebook on Colab would run against other checks and helpers than the ones
    its tests were written for."""
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True,
                      text=True).stdout.strip() == "true":
        pytest.skip("a shallow clone may not hold the pinned commit")
    [released] = sorted((REPO / "release" / "ch01").glob("*.ipynb"))
    setup = next(c for c in nbformat.read(released, as_version=4).cells if c.cell_type == "code").source
    pinned = re.search(rf"git\+{re.escape(launch.REPOSITORY_URL)}@([0-9a-f]{{40}})", setup)
    assert pinned, f"the setup cell does not pin the package to a commit:\n{setup}"
    known = subprocess.run(["git", "cat-file", "-e", f"{pinned[1]}^{{commit}}"], cwd=REPO, capture_output=True)
    assert known.returncode == 0, f"the setup cell pins {pinned[1]}, which is not a commit of this repository"
    changed = subprocess.run(["git", "diff", "--stat", pinned[1], "--", *launch.PACKAGE_PATHS], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
    assert not changed, (
        f"the package changed since the pinned commit {pinned[1][:12]}:\n{changed}\ncommit the package first, "
        "then run `make build` (it re-pins every notebook) and commit the notebooks")



def test_the_commands_name_the_python_they_need(tmp_path):
    """On a machine whose Python is too old for the pins (3.10, Ubuntu 22.04's default), `make lab` stops
    at once with one line that says what to install, before any virtual environment is made."""
    old_python = tmp_path / "python3"
    old_python.write_text('#!/bin/sh\n[ "$1" = "--version" ] && { echo "Python 3.10.12"; exit 0; }\nexit 1\n')
    old_python.chmod(0o755)
    venv = tmp_path / "venv"
    proc = subprocess.run(["make", "-s", "-C", str(REPO), f"PYTHON={old_python}", f"VENV={venv}", "lab"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and not venv.exists()
    message = [line for line in (proc.stdout + proc.stderr).splitlines() if "Python 3.11 or newer" in line]
    assert len(message) == 1 and "Python 3.10.12" in message[0] and "apt install python3.11" in message[0], proc
