"""What the tests do to notebooks: type a student's answers in, read which graded cells failed, and read
the course's nbgrader settings."""

import nbformat
from traitlets.config.loader import PyFileConfigLoader

from tools.cells import nbgrader_metadata
from tools import paths


def solution_code(source_nb):
    """``{grade_id: code}`` for every solution cell of a source notebook, delimiters removed (what a
    student who solved it would have typed)."""
    from tools.solutions import solution_notebook
    published = {c["id"]: c.source for c in solution_notebook(source_nb).cells}
    return {nbgrader_metadata(c)["grade_id"]: published[c["id"]] for c in source_nb.cells if nbgrader_metadata(c).get("solution")}


def fill_in(release_nb, answers):
    """A student's submission: the released notebook with ``answers`` ({grade_id: code}) typed in."""
    nb = nbformat.from_dict(release_nb)  # a deep copy
    for cell in nb.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def cell_errors(nb):
    """``{grade_id: error text}`` for every graded cell of an executed notebook that raised."""
    errors = {}
    for cell in nb.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors[grade_id] = f"{out.get('ename')}: {out.get('evalue')}"
    return errors


def nbgrader_setting(section, name):
    """A value set in the repository's nbgrader_config.py, e.g. ``nbgrader_setting("Execute", "timeout")``."""
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(paths.REPO))
    return loader.load_config()[section][name]
