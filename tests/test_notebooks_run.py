"""Every walk-through and every published solution runs top to bottom in a fresh kernel on the CPU."""

import datetime as dt
import shutil

import pytest

from tools import paths
from tools.build import execute
from helpers import nbgrader_setting

RUNNABLE = [*paths.walkthroughs(), *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))]


def cell_seconds(cell):
    if not cell.source.strip():
        return 0.0  # nbclient does not run empty cells
    timing = cell.metadata["execution"]  # a missing record must fail, not read as a fast cell
    start, end = timing["iopub.execute_input"], timing["shell.execute_reply"]
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


@pytest.mark.slow
@pytest.mark.parametrize("path", RUNNABLE, ids=lambda p: p.relative_to(paths.REPO).as_posix())
def test_runs_top_to_bottom(path, scratch):
    # Run a copy in a scratch folder, so that whatever a notebook writes never lands in the repository.
    workdir = scratch / "runs" / path.parent.name / path.stem
    workdir.mkdir(parents=True)
    shutil.copy(path, workdir / path.name)
    # Raises CellExecutionError on any error; the timing feeds the timeout margin below.
    nb = execute(paths.read(workdir / path.name), workdir, record_timing=True)
    longest = max((cell_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code")
    if path.is_relative_to(paths.SOLUTIONS):
        # nbgrader's per-cell timeout must leave a wide margin over the slowest legitimate cell.
        timeout = nbgrader_setting("Execute", "timeout")
        assert longest[0] * 10 < timeout, (
            f"cell {longest[1]} of {path.name} took {longest[0]:.1f} s: raise Execute.timeout in nbgrader_config.py "
            f"(now {timeout} s) or make the cell faster")
