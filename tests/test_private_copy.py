"""The instructor's private copy: hidden tests added there grade the students, who keep using the public
student version (hidden tests never reach release/, so the two releases are the same)."""

import shutil
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from helpers import HIDDEN_END, fill_in, solution_code
from tools.cells import nbgrader_metadata
from tools import paths
from tools.build import solutions
from tools.grading.course import nbgrader_env

CHAPTER = paths.chapters()[0]
PRIVATE_TEST = 'assert False, "graded by the private copy\'s own hidden test"\n'


def nbgrader(course, *args):
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          timeout=900, env=nbgrader_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.mark.slow
def test_private_copy_grades_with_its_own_hidden_tests(tmp_path):
    course = tmp_path / "my-course"
    course.mkdir()
    shutil.copy(paths.REPO / "nbgrader_config.py", course)
    shutil.copytree(paths.SOURCE / CHAPTER, course / "source" / CHAPTER)
    [notebook] = sorted((course / "source" / CHAPTER).glob("*.ipynb"))
    nb = paths.read(notebook)
    test_cell = next(c for c in nb.cells if nbgrader_metadata(c).get("grade"))
    test_cell.source = test_cell.source.replace(HIDDEN_END, PRIVATE_TEST + HIDDEN_END)
    paths.write(nb, notebook)

    nbgrader(course, "generate_assignment", CHAPTER)
    released = paths.read(course / "release" / CHAPTER / notebook.name)
    public = paths.read(paths.RELEASE / CHAPTER / notebook.name)
    assert solutions.comparable(released) == solutions.comparable(public), "the private release must equal the public one"
    assert "private copy" not in (course / "release" / CHAPTER / notebook.name).read_text()

    # A student solves the public student version; the private hidden test is what grades that cell.
    submission = course / "submitted" / "alice" / CHAPTER
    submission.mkdir(parents=True)
    paths.write(fill_in(public, solution_code(paths.read(paths.SOURCE / CHAPTER / notebook.name))),
                submission / notebook.name)
    nbgrader(course, "autograde", CHAPTER)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grades = {g.name: (g.score, g.max_score) for g in gb.find_submission_notebook(
            notebook.stem, CHAPTER, "alice").grades}
    changed = nbgrader_metadata(test_cell)["grade_id"]
    assert grades[changed][0] == 0, grades
    assert all(score == top for name, (score, top) in grades.items() if name != changed), grades
