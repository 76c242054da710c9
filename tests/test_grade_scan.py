"""What the grader reads before any code runs (tools/grading/scan.py): fast, no kernel, no nbgrader run.

The repairs and flags are checked on chapter 1's own notebooks; the code scan must flag what a cheat
needs and stay silent on every published solution and every correct case of the case library.
"""

from pathlib import Path

import nbformat
import pytest
from nbgrader.preprocessors import ClearHiddenTests

from tools.cells import nbgrader_metadata
import grading_class
from tools.grading import scan as grading_scan

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
SOURCES = sorted((REPO / "source").glob("ch*/*.ipynb"))


def source_cells(source_nb):
    """The assignment's cells as the gradebook stores them, read straight from the source notebook."""
    stripper = ClearHiddenTests()
    cells = []
    for cell in source_nb.cells:
        meta = nbgrader_metadata(cell)
        if "grade_id" not in meta:
            continue
        released = nbformat.from_dict(cell)
        stripper._remove_hidden_test_region(released)
        cells.append(grading_scan.SourceCell(
            name=meta["grade_id"], cell_type=cell.cell_type, locked=bool(meta.get("locked")), source=cell.source,
            checksum="", grade=bool(meta.get("grade")), points=float(meta.get("points", 0)),
            solution=bool(meta.get("solution")), released=released.source))
    return cells


@pytest.fixture(scope="module")
def chapter():
    source_path = REPO / "source" / "ch01"
    (path,) = sorted(source_path.glob("*.ipynb"))
    return grading_class.read_chapter(source_path, REPO / "release" / "ch01"), {path.name: source_cells(nbformat.read(str(path), as_version=4))}


def submit(tmp_path, name, content):
    folder = tmp_path / "submitted" / "student" / "ch01"
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        (folder / name).write_text(content)
    else:
        nbformat.write(content, str(folder / name))
    return folder


def ids(nb):
    return [nbgrader_metadata(c).get("grade_id") for c in nb.cells]


def test_untouched_release_needs_no_repair(tmp_path, chapter):
    ch, cells = chapter
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, ch.solved()), cells)
    assert not prepared.not_gradable and prepared.flags == [] and prepared.edited_cells == []


@pytest.mark.parametrize("content, words", [
    ('{"cells": [ oops', "not valid JSON"),
    ('{"just": "json"}', "not a notebook"),
    ('{"cells": "not a list", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "malformed"),
])
def test_unreadable_notebooks_are_not_gradable(tmp_path, chapter, content, words):
    ch, cells = chapter
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, content), cells)
    assert words in prepared.not_gradable


def test_missing_and_misnamed_notebooks_are_not_gradable(tmp_path, chapter):
    ch, cells = chapter
    empty = tmp_path / "submitted" / "student" / "ch01"
    empty.mkdir(parents=True)
    assert "is missing" in grading_scan.prepare("student", empty, cells).not_gradable
    folder = submit(tmp_path, "Untitled.ipynb", ch.solved())
    reason = grading_scan.prepare("student", folder, cells).not_gradable
    assert "Untitled.ipynb" in reason and "misnamed" in reason


def test_a_duplicated_answer_is_kept_once_in_place(tmp_path, chapter):
    ch, cells = chapter
    exercise = ch.exercises[0]
    nb = ch.duplicated(exercise)
    copy_index = [i for i, g in enumerate(ids(nb)) if g == exercise][1]
    nb.cells[copy_index].source = "# the version written last\n" + ch.answers[exercise]
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, nb), cells)
    graded = prepared.notebooks[ch.name]
    assert ids(graded).count(exercise) == 1 and ids(graded) == ids(ch.solved())
    kept = next(c for c in graded.cells if nbgrader_metadata(c).get("grade_id") == exercise)
    assert kept.source.startswith("# the version written last")
    assert any(f.startswith(f"duplicated cell {exercise}: 2 copies") for f in prepared.flags)


def test_deleted_test_cells_come_back_after_their_answer(tmp_path, chapter):
    ch, cells = chapter
    exercise = ch.exercises[1]
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, ch.tests_deleted(exercise)), cells)
    assert ids(prepared.notebooks[ch.name]) == ids(ch.solved())
    assert [f for f in prepared.flags if "deleted test cell" in f] == [
        f"deleted test cell {t}: restored from the source and graded" for t in ch.tests_of(exercise)]


def test_real_edits_are_told_apart_from_hidden_test_checksums(tmp_path, chapter):
    ch, cells = chapter
    exercise = ch.exercises[0]
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, ch.tests_edited(exercise)), cells)
    assert prepared.edited_cells == ch.tests_of(exercise)
    # A test cell re-saved by JupyterLab with trailing spaces is not an edit.
    nb = ch.solved()
    for cell in nb.cells:
        if nbgrader_metadata(cell).get("grade"):
            cell.source = "\n".join(line + "  " for line in cell.source.split("\n")) + "\n\n"
    assert grading_scan.prepare("student", submit(tmp_path, ch.name, nb), cells).edited_cells == []


def test_a_deleted_answer_is_flagged_not_restored(tmp_path, chapter):
    ch, cells = chapter
    exercise = ch.exercises[2]
    prepared = grading_scan.prepare("student", submit(tmp_path, ch.name, ch.answer_deleted(exercise)), cells)
    assert exercise not in ids(prepared.notebooks[ch.name])
    assert f"deleted answer cell {exercise}: its tests cannot pass" in prepared.flags


def test_the_scan_flags_what_only_a_cheat_needs():
    flags = " ".join(grading_scan.scan_code([("answer", grading_class.KERNEL_CHEAT)]))
    for words in ("get_ipython", "set_custom_exc", "run_cell_async", "error_in_exec"):
        assert words in flags
    code = ("import sys, builtins\nimport numpy as np\nnp.mean = lambda *a: 0\nsys.modules['x'] = None\n"
            "builtins.print = None\nsetattr(np, 'sum', None)\ntext = open('../../source/ch01/a.ipynb').read()\n"
            "import os\nos.listdir('/')\n")
    flags = " ".join(grading_scan.scan_code([("answer", code)]))
    for words in ("assigns np.mean", "assigns into sys.modules", "builtins", "calls setattr on np",
                  "reads files or folders (open('../../source/ch01/a.ipynb'))", "listdir"):
        assert words in flags, words


@pytest.mark.parametrize("code, words", [
    ("import sys\n_torch = sys.modules.get('torch')\n", "line 2: touches sys.modules"),
    ("import sys\nsys.modules['numpy'] = None\n", "line 2: assigns into sys.modules"),
    ("import os\nos.kill(1, 9)\n", "line 2: calls os.kill"),
    ("import ctypes\n", "line 1: imports ctypes"),
    ("x = eval('1')\n", "line 1: calls eval"),
    ("import threading\n", "line 1: imports threading"),
    ("from concurrent.futures import ThreadPoolExecutor\n", "line 1: imports concurrent"),
    ("from torch.optim.sgd import sgd\n", "line 1: imports from torch.optim.sgd"),
    ("import torch\nstep = torch.optim.adam._single_tensor_adam\n", "line 2: uses _single_tensor_adam"),
    ("import sys\nhook = getattr(sys, 'set' + 'profile')\n", "line 2: calls getattr with a computed name on sys"),
], ids=["reads sys.modules", "assigns sys.modules", "os.kill", "ctypes", "eval", "threading", "concurrent",
        "torch.optim internals", "private update function", "computed getattr"])
def test_each_scan_rule_fires_on_its_own(code, words):
    """One rule per case, with its own message: removing any one rule fails its case."""
    flags = grading_scan.scan_code([("answer", code)])
    assert any(words in f for f in flags), flags


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_the_scan_is_silent_on_every_solution(path):
    nb = nbformat.read(str(path), as_version=4)
    answers = list(grading_class.solution_answers(nb).items())
    assert grading_scan.scan_code(answers, grading_scan.imported_names(nb)) == []


def test_the_scan_is_silent_on_correct_cases_and_flags_gaming_ones():
    for path in sorted(CASES.glob("ch*/*/*.py")):
        flags = grading_scan.scan_code([(path.stem, path.read_text())], {"np", "torch", "checks", "data"})
        if path.stem.startswith("correct_"):
            assert flags == [], (path, flags)
        if path.stem.startswith("wrong_gaming_patches"):
            assert flags, path


def test_cells_from_the_gradebook_come_in_notebook_order(tmp_path):
    """The gradebook stores cells under random ids: the order that repairs rely on (where a deleted test
    cell goes back) must come from the notebook. Sorted by id, a restored test cell could land before its
    answer cell and score 0."""
    from nbgrader.api import Gradebook

    from tools.grading.scratch_course import Course

    course = Course(tmp_path / "course")
    course.generate("ch01")
    source_folder = course.root / "source" / "ch01"
    (path,) = sorted(source_folder.glob("*.ipynb"))
    in_notebook = [nbgrader_metadata(c)["grade_id"] for c in nbformat.read(str(path), as_version=4).cells
                   if "grade_id" in nbgrader_metadata(c)]
    with Gradebook(course.db_url) as gb:
        cells = grading_scan.assignment_cells(gb, "ch01", ClearHiddenTests(), source_folder)
    assert [c.name for c in cells[path.name]] == in_notebook


def test_a_submission_is_repaired_in_one_place():
    """scan.prepare repairs duplicated cells; the worker's nbgrader sanitizing keeps the rest of its steps
    but not a second deduplication, which would decide differently (nbgrader keeps the last copy's role)."""
    from nbgrader.converters import Autograde
    from traitlets.config import Config
    from tools.grading.pipeline import sanitize_pipeline
    default = [p.__name__ for p in Autograde.class_traits()["sanitize_preprocessors"].default()]
    kept = [p.__name__ for p in sanitize_pipeline(Config())]
    assert "DeduplicateIds" in default and kept == [name for name in default if name != "DeduplicateIds"]
    assert "OverwriteCells" in kept, "the locked cells' text still comes back from the gradebook"
