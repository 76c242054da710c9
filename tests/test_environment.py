"""The environment files agree with each other and with what the notebooks install on Colab."""

import re

import yaml

from tools import notebooks

REPO = notebooks.REPO


def pins(lines):
    return sorted(line.strip() for line in lines if re.match(r"^[A-Za-z0-9_.-]+==", line.strip()))


def test_environment_yml_pins_what_requirements_pin():
    requirements = pins((REPO / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == requirements
    assert "graphviz" in env["dependencies"], "Binder needs the graphviz binary from conda-forge"


def test_torch_is_pinned_to_the_cpu_build_version():
    assert "torch==2.13.0" in pins((REPO / "requirements.txt").read_text().splitlines())


def test_colab_setup_installs_the_pinned_torchviz_and_this_repository():
    requirements = pins((REPO / "requirements.txt").read_text().splitlines())
    torchviz = next(p for p in requirements if p.startswith("torchviz=="))
    assert torchviz in notebooks.SETUP_CELL
    assert notebooks.REPOSITORY_URL in notebooks.SETUP_CELL
    assert notebooks.REPOSITORY_URL in (REPO / "pyproject.toml").read_text()


def test_binder_installs_the_helper_package():
    assert "pip install" in (REPO / "postBuild").read_text() and "-e ." in (REPO / "postBuild").read_text()
