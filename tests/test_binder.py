"""Binder builds the course with repo2docker from environment.yml and postBuild: every package a notebook
or the helper package imports is in that environment, repo2docker accepts the files, and each Binder
button opens the notebook it sits in.

repo2docker itself is not one of the course's packages (it does not belong in a learner's environment):
the check that runs it looks for it in this environment, on PATH, or at $REPO2DOCKER, e.g.

    python3 -m venv /tmp/r2d && /tmp/r2d/bin/pip install jupyter-repo2docker
    REPO2DOCKER=/tmp/r2d/bin/jupyter-repo2docker .venv/bin/python -m pytest tests/test_binder.py

`--no-build` makes it write the Dockerfile it would build, without Docker.
"""

import ast
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools import paths
from tools.build import launch, navigation

# What Binder runs: the walk-throughs, the assignments (release/ holds the source's code without the
# answers and hidden tests) and the executed solutions.
CODE_NOTEBOOKS = [*paths.walkthroughs(), *sorted(paths.SOURCE.glob("ch*/*.ipynb")),
                  *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))]
HELPER_PACKAGE = "autograd_course"
ENVIRONMENT = yaml.safe_load((paths.REPO / "environment.yml").read_text())


def top_level_imports(code):
    """The top-level names of the modules ``code`` imports, wherever the import stands (a function body
    included); IPython's ``%`` and ``!`` lines are left out, as they are not Python."""
    code = "\n".join(line for line in code.split("\n") if not line.lstrip().startswith(("%", "!")))
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def imports_by_module():
    found = {}
    sources = [(p.relative_to(paths.REPO).as_posix(), c.source) for p in CODE_NOTEBOOKS
               for c in paths.read(p).cells if c.cell_type == "code"]
    sources += [(p.relative_to(paths.REPO).as_posix(), p.read_text())
                for p in sorted((paths.REPO / HELPER_PACKAGE).rglob("*.py"))]
    for where, code in sources:
        for module in top_level_imports(code):
            if module not in sys.stdlib_module_names:
                found.setdefault(module, set()).add(where)
    return found


def pip_section():
    return next(d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict))


def listed_distributions():
    """The pip packages environment.yml names (its lines that are not pip options)."""
    return {canonicalize_name(Requirement(line).name) for line in pip_section() if not line.startswith("-")}


def with_dependencies(names):
    """``names`` and everything they pull in, as installed in this (the course's) environment: what pip
    installs on Binder from the same pins."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def test_every_imported_package_is_in_environment_yml():
    provided = with_dependencies(listed_distributions())
    by_import_name = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(imports_by_module().items()):
        if module == HELPER_PACKAGE:
            continue  # postBuild installs it from the checkout (test below)
        distributions = {canonicalize_name(d) for d in by_import_name.get(module, [])}
        if not distributions:
            missing.append(f"{module} (not installed in the course environment at all; imported by {sorted(where)[0]})")
        elif not distributions & provided:
            missing.append(f"{module} (from {', '.join(sorted(distributions))}; imported by {sorted(where)[0]})")
    assert not missing, f"imported by the course but not provided by environment.yml: {missing}"


def test_the_graph_drawing_packages_have_the_dot_program():
    """graphviz and torchviz draw through Graphviz's `dot` program, which pip cannot install."""
    if {"graphviz", "torchviz"} & set(imports_by_module()):
        assert "graphviz" in ENVIRONMENT["dependencies"], "add conda-forge's graphviz to environment.yml"


def test_postbuild_installs_the_helper_package_whose_dependencies_are_listed():
    post_build = (paths.REPO / "postBuild").read_text()
    assert os.access(paths.REPO / "postBuild", os.X_OK), "postBuild must be executable"
    assert re.search(r"^python -m pip install .*-e \.$", post_build, re.M), "postBuild must install the checkout"
    # postBuild installs with --no-deps: environment.yml has to bring the package's own dependencies.
    pyproject = (paths.REPO / "pyproject.toml").read_text()
    dependencies = re.search(r"^dependencies = \[(.*)\]$", pyproject, re.M).group(1)
    names = {canonicalize_name(Requirement(d.strip().strip('"')).name) for d in dependencies.split(",")}
    assert names <= listed_distributions(), f"pyproject.toml's dependencies missing from environment.yml: {names}"


BINDER_LINK = re.compile(r"\]\((https://mybinder\.org/v2/gh/[^)\s]+)\)")


@pytest.mark.parametrize("path", [*navigation.targets(), *sorted(paths.RELEASE.glob("ch*/*.ipynb")),
                                  *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))],
                         ids=lambda p: p.relative_to(paths.REPO).as_posix())
def test_binder_buttons_open_the_notebook_they_sit_in(path):
    """A source notebook's button opens its student version, the copy a learner works in."""
    links = [m for c in paths.read(path).cells for m in BINDER_LINK.findall(c.source)]
    assert len(links) == 1, f"{path.name}: one Binder button expected, found {len(links)}"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(links[0]).query)
    opened = query["urlpath"][0].removeprefix("lab/tree/")
    assert query["urlpath"][0].startswith("lab/tree/") and (paths.REPO / opened).is_file(), links[0]
    assert opened == navigation.launch_path(path), f"{path.name}: its Binder button opens {opened}"
    assert links[0] == launch.binder_url(opened)


def repo2docker_command():
    if os.environ.get("REPO2DOCKER"):
        return [os.environ["REPO2DOCKER"]]
    if shutil.which("jupyter-repo2docker"):
        return [shutil.which("jupyter-repo2docker")]
    if importlib.util.find_spec("repo2docker"):
        return [sys.executable, "-m", "repo2docker"]
    if os.environ.get("CI"):
        pytest.fail("jupyter-repo2docker is missing: .ci/run installs it in a venv of its own and sets $REPO2DOCKER")
    pytest.skip("jupyter-repo2docker is not installed (it is not a course package): install it in a venv of its "
                "own and point $REPO2DOCKER at its jupyter-repo2docker to run this check")


def checkout_copy(dest):
    """The working tree as a fresh clone of it would hold it: tracked files and new files git does not ignore."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=paths.REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = paths.REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is not part of it
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.mark.slow
def test_repo2docker_accepts_the_environment(tmp_path):
    command = repo2docker_command()
    checkout = checkout_copy(tmp_path / "checkout")
    proc = subprocess.run([*command, "--no-build", "--debug", str(checkout)], capture_output=True, text=True,
                          timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    python = next(d for d in ENVIRONMENT["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert f"Building conda environment for {python}" in output, output[-4000:]
    dockerfile = output[output.index("FROM "):]
    assert '--file "environment.yml"' in dockerfile, "repo2docker did not pick environment.yml"
    assert "requirements.txt" not in dockerfile, "Binder must build from environment.yml alone"
    assert "./postBuild" in dockerfile, "repo2docker did not pick postBuild"
    apt = paths.REPO / "apt.txt"
    for package in (apt.read_text().split() if apt.exists() else []):
        assert package in dockerfile, f"apt.txt's {package} is not installed"
