"""Every walk-through and every published solution runs top to bottom, alone, as on Colab.

Each notebook is copied by itself into an empty folder and run in a fresh kernel of a separate virtual
environment that holds what a Colab machine has (the course's libraries, visible through a .pth file) plus
what the notebook's setup cell installs there: this course's helper package, as a wheel built from this
checkout, not the checkout itself. A notebook that reads any other file of the repository fails here.
"""

import datetime as dt
import json
import shutil
import subprocess
import sys
import sysconfig

import nbformat
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from tools import paths
from tools.build.execute import execute
from helpers import nbgrader_setting

RUNNABLE = [*paths.walkthroughs(), *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))]


def cell_seconds(cell):
    if not cell.source.strip():
        return 0.0  # nbclient does not run empty cells
    timing = cell.metadata["execution"]  # a missing record must fail, not read as a fast cell
    start, end = timing["iopub.execute_input"], timing["shell.execute_reply"]
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


@pytest.fixture(scope="session")
def colab_like(tmp_path_factory):
    """A kernel spec for a fresh virtual environment that sees the course's libraries but not this checkout."""
    root = tmp_path_factory.mktemp("colab-like")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(root / "wheels"), str(paths.REPO)], check=True, timeout=300)
    venv = root / "venv"
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The libraries Colab comes with. A .pth line adds a folder to sys.path but runs none of the .pth files
    # in it, so the editable install of the checkout that the course environment holds stays out of reach.
    with open(f"{site}/colab-preinstalled.pth", "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    [wheel] = (root / "wheels").glob("autograd_course-*.whl")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300)
    spec = root / "kernels" / "colab-like"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python"}))
    return root / "kernels", site


@pytest.mark.slow
@pytest.mark.parametrize("path", RUNNABLE, ids=lambda p: p.relative_to(paths.REPO).as_posix())
def test_runs_top_to_bottom(path, scratch, colab_like):
    kernels, site = colab_like
    # The notebook alone, in an empty folder: whatever it writes never lands in the repository either.
    workdir = scratch / "runs" / path.parent.name / path.stem
    workdir.mkdir(parents=True)
    shutil.copy(path, workdir / path.name)
    nb = paths.read(workdir / path.name)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import autograd_course\n"
        f"assert autograd_course.__file__.startswith({site!r}), autograd_course.__file__"))
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    kernel = KernelManager(kernel_name="colab-like", kernel_spec_manager=specs)
    # Raises CellExecutionError on any error; the timing feeds the timeout margin below.
    nb = execute(nb, workdir, record_timing=True, kernel_manager=kernel)
    longest = max((cell_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code")
    if path.is_relative_to(paths.SOLUTIONS):
        # nbgrader's per-cell timeout must leave a wide margin over the slowest legitimate cell.
        timeout = nbgrader_setting("Execute", "timeout")
        assert longest[0] * 10 < timeout, (
            f"cell {longest[1]} of {path.name} took {longest[0]:.1f} s: raise Execute.timeout in nbgrader_config.py "
            f"(now {timeout} s) or make the cell faster")
