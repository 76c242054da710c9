"""Running a notebook the way the build does: top to bottom in a fresh kernel (Restart & Run All)."""

import nbclient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor


# Generous: the build runs every cell of a chapter, and a slow machine should not fail it.
CELL_TIMEOUT_S = 600


def execute(nb, cwd, record_timing=False, kernel_manager=None):
    """Run a notebook top to bottom in a fresh kernel (Restart & Run All), in folder ``cwd``.

    Per-cell timestamps are left out by default: in committed notebooks they would change every cell on
    every rebuild and bury the real changes in the diff. Pass ``record_timing=True`` to measure cells.
    ``kernel_manager`` runs the kernel elsewhere than in this environment (tests/test_notebooks_run.py).
    """
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     record_timing=record_timing, km=kernel_manager,
                                     resources={"metadata": {"path": str(cwd)}})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # a previous run's timestamps would survive otherwise
    client.execute()
    # Where the kernel splits printed text depends on timing: joined, two runs of a cell commit the same.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    return nb
