"""What the tests do to notebooks: type a student's answers in, read which graded cells failed, read
the course's nbgrader settings, and grade a test course as instructors do."""

import nbformat
from traitlets.config.loader import PyFileConfigLoader

from tools.cells import hidden_test_delimiters, nbgrader_metadata
from tools import paths

# The lines that open and close a test cell's hidden tests, as the course writes them: nbgrader's configured
# delimiters (ClearHiddenTests, nbgrader_config.py) behind a comment mark.
HIDDEN_BEGIN, HIDDEN_END = (f"### {text}" for text in hidden_test_delimiters())


def solution_code(source_nb):
    """``{grade_id: code}`` for every solution cell of a source notebook, delimiters removed (what a
    student who solved it would have typed)."""
    from tools.build.solutions import solution_notebook
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


# From this many submissions on, a class is graded by a pool of worker processes even when the test run
# already keeps every core busy; below it, starting the pool costs more than it saves.
LARGE_CLASS = 20


def grade_course(course, chapter, cell_timeout=None):
    """Grade every submission of a test course (tools.grading.scratch_course.Course) with the course's grading
    command, as instructors do; return ``{student: report row}``. Under pytest-xdist the cores are shared
    out between the test processes."""
    import io
    import os
    from tools.grading.run import grade
    workers = max(1, (os.cpu_count() or 1) // int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    if len(list((course.root / "submitted").glob(f"*/{chapter}"))) >= LARGE_CLASS:
        # A lone worker leaves a core idle whenever its kernel waits on a message (measured under
        # pytest-xdist on 2 cores: 19% idle with one worker per test process, 3% with two).
        workers = max(workers, 2)
    rows = grade(chapter, course_root=course.root, workers=workers, cell_timeout=cell_timeout,
                       progress=False, out=io.StringIO())
    return {row["student_id"]: row for row in rows}
