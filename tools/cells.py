"""What a notebook cell is to nbgrader, read one way everywhere (the build, the grader, the feedback and
the tests).

nbgrader keeps its part of a cell in ``cell.metadata["nbgrader"]``. nbgrader's own predicates
(``nbgrader.utils.is_grade`` and the like) expect a well-formed cell; submissions are not always well
formed (a cell without metadata, metadata that is not a dict), so these readers take any cell and read a
missing or damaged field as absent.
"""

import functools


def nbgrader_metadata(cell):
    """A copy of the cell's nbgrader metadata; ``{}`` when it has none or it is not a dict."""
    metadata = cell.get("metadata") if hasattr(cell, "get") else None
    found = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return dict(found) if isinstance(found, dict) else {}


def grade_id(cell):
    """The cell's grade id, or None."""
    return nbgrader_metadata(cell).get("grade_id")


def is_test(cell):
    """An autograded test cell: a code cell with points."""
    return cell.get("cell_type") == "code" and bool(nbgrader_metadata(cell).get("grade"))


def is_answer(cell):
    """A cell the student writes in: nbgrader's solution cell."""
    return bool(nbgrader_metadata(cell).get("solution"))


def hidden_test_delimiters(config=None):
    """``(begin, end)``: the text that opens and closes a test cell's hidden tests, as nbgrader's
    ClearHiddenTests reads it from ``config`` (by default the repository's nbgrader_config.py). nbgrader
    takes any line that contains the text for the marker; the course writes ``### BEGIN HIDDEN TESTS``."""
    if config is None:
        return _repository_delimiters()
    from nbgrader.preprocessors import ClearHiddenTests
    clear = ClearHiddenTests(config=config)
    return clear.begin_test_delimeter, clear.end_test_delimeter


@functools.cache
def _repository_delimiters():
    from traitlets.config.loader import PyFileConfigLoader
    from tools import paths
    return hidden_test_delimiters(PyFileConfigLoader("nbgrader_config.py", path=str(paths.REPO)).load_config())
