"""From an nbgrader source notebook to what is published: the reference solution, and the parts of a
notebook that the build decides (used to tell a stale build output from a fresh one)."""

import copy
import hashlib
import json

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from tools.build import navigation
from tools.cells import nbgrader_metadata


def source_digest(nb):
    """A digest of everything in a source notebook that the build reads (hidden tests included)."""
    cells = [[c.cell_type, c.source, nbgrader_metadata(c)] for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def _keep_solutions(nb):
    """Drop the solution delimiter lines and keep what is between them.

    nbgrader's ClearSolutions does the opposite (it replaces the region with a stub), so it cannot write
    the published solution; it still checks the regions here, raising on a nested or unterminated one,
    and its delimiters are the ones removed.
    """
    checker = ClearSolutions()
    checker.preprocess(copy.deepcopy(nb), {})
    delimiters = (checker.begin_solution_delimeter, checker.end_solution_delimeter)
    for cell in nb.cells:
        cell.source = "\n".join(line for line in cell.source.split("\n")
                                if not any(d in line for d in delimiters))


def solution_notebook(source_nb):
    """The published solution: the source without solution delimiters, hidden tests or nbgrader metadata."""
    nb = copy.deepcopy(source_nb)
    ClearHiddenTests().preprocess(nb, {})
    _keep_solutions(nb)
    out = nbformat.v4.new_notebook(metadata=dict(nb.metadata))
    out.metadata.pop("nbgrader", None)
    out.metadata["course"] = {"built_from_source_digest": source_digest(source_nb)}
    for cell in nb.cells:
        new = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
               "raw": nbformat.v4.new_raw_cell}[cell.cell_type](cell.source.rstrip("\n"))
        new["id"] = cell["id"]
        out.cells.append(new)
    # The source's buttons open the student version; a published solution's open the solution.
    return navigation.solution_buttons(out)


def comparable(nb):
    """A notebook reduced to what the build decides: cell types, sources and nbgrader metadata.

    Outputs, execution counts and nbgrader's per-cell checksums are left out of the comparison: the
    first two change with every execution, and the checksums are a function of the sources compared.
    """
    cells = []
    for c in nb.cells:
        meta = nbgrader_metadata(c)
        meta.pop("checksum", None)
        cells.append({"cell_type": c.cell_type, "source": c.source, "nbgrader": meta})
    return cells
