"""Notebook hygiene: what every notebook of the course must and must not contain."""

import json
import re

import pytest

from tools import notebooks

ALL_NOTEBOOKS = [*notebooks.walkthroughs(), *sorted(notebooks.SOURCE.glob("ch*/*.ipynb")),
                 *sorted(notebooks.RELEASE.glob("ch*/*.ipynb")), *sorted(notebooks.SOLUTIONS.glob("ch*/*.ipynb"))]
SOURCE_NOTEBOOKS = sorted(notebooks.SOURCE.glob("ch*/*.ipynb"))
ids = lambda p: p.relative_to(notebooks.REPO).as_posix()  # noqa: E731
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/home/|/Users/|/root/|/work/|/tmp/|/private/|[A-Z]:\\\\)")


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_starts_with_the_colab_setup_cell(path):
    first = code_cells(notebooks.read(path))[0]
    assert first.source == notebooks.SETUP_CELL, f"{path.name}: the first code cell must be tools.notebooks.SETUP_CELL"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_python3_kernel_and_no_editor_metadata(path):
    nb = notebooks.read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "jupytext" not in nb.metadata


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_no_absolute_paths(path):
    text = json.dumps(notebooks.read(path))  # sources and outputs: a traceback or warning can leak a path
    found = ABSOLUTE_PATH.findall(text)
    assert not found, f"{path.name} contains absolute paths: {sorted(set(found))}"


@pytest.mark.parametrize("path", [*SOURCE_NOTEBOOKS, *sorted(notebooks.RELEASE.glob("ch*/*.ipynb"))], ids=ids)
def test_no_outputs_in_source_and_release(path):
    for cell in code_cells(notebooks.read(path)):
        assert not cell.outputs and cell.execution_count is None, f"{path.name} has stored outputs"


@pytest.mark.parametrize("path", notebooks.walkthroughs(), ids=ids)
def test_walkthroughs_have_no_graded_cells(path):
    for cell in notebooks.read(path).cells:
        assert "nbgrader" not in cell.metadata, f"{path.name}: walk-throughs are not graded"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_grade_ids_unique_and_cells_well_formed(path):
    nb = notebooks.read(path)
    metas = [notebooks.nbgrader_meta(c) for c in nb.cells]
    assert all(metas), f"{path.name}: every cell of an assignment needs nbgrader metadata (locked at least)"
    grade_ids = [m["grade_id"] for m in metas]
    assert len(grade_ids) == len(set(grade_ids)), f"{path.name}: duplicate grade_ids"
    exercises = [m["grade_id"] for m in metas if m.get("solution")]
    tests = [m for m in metas if m.get("grade")]
    for cell, meta in zip(nb.cells, metas):
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            assert re.search(rf"^def {meta['grade_id']}\(", cell.source, re.M), (
                f"{path.name}: solution cell {meta['grade_id']} must define the function of that name")
            assert '"""' in cell.source, f"{path.name}: {meta['grade_id']} needs a docstring"
        if meta.get("grade"):
            assert meta.get("points", 0) > 0
            assert cell.source.count("### BEGIN HIDDEN TESTS") == 1, f"{meta['grade_id']}: no hidden-test block"
            assert "from autograd_course import checks" in cell.source, (
                f"{meta['grade_id']}: a test cell re-imports the checks it uses")
    for exercise in exercises:
        assert [t for t in tests if t["grade_id"] == f"test_{exercise}"], f"{path.name}: {exercise} has no test cell"
    assert {t["grade_id"] for t in tests} <= {f"test_{e}" for e in exercises}


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_imports_cell_records_the_clean_state_before_student_code(path):
    cells = notebooks.read(path).cells
    first_solution = next(i for i, c in enumerate(cells) if notebooks.nbgrader_meta(c).get("solution"))
    imports = [i for i, c in enumerate(cells) if notebooks.nbgrader_meta(c).get("grade_id") == "imports"]
    assert imports and imports[0] < first_solution
    assert "from autograd_course import checks" in cells[imports[0]].source
    assert notebooks.nbgrader_meta(cells[imports[0]]).get("locked")


def test_exercise_names_are_unique_across_the_course():
    seen = {}
    for path in SOURCE_NOTEBOOKS:
        for cell in notebooks.read(path).cells:
            meta = notebooks.nbgrader_meta(cell)
            if meta.get("solution"):
                assert meta["grade_id"] not in seen, f"{meta['grade_id']} in {path.name} and {seen[meta['grade_id']]}"
                seen[meta["grade_id"]] = path.name


@pytest.mark.parametrize("chapter", notebooks.chapters())
def test_each_chapter_has_a_walkthrough(chapter):
    assert [p for p in notebooks.walkthroughs() if p.name.startswith(chapter + "_")]


@pytest.mark.parametrize("path", [*notebooks.walkthroughs(), *SOURCE_NOTEBOOKS,
                                  *sorted(notebooks.RELEASE.glob("ch*/*.ipynb"))], ids=ids)
def test_opens_with_launch_buttons(path):
    """Walk-throughs and student versions open with Colab and Binder buttons for themselves (a source
    notebook carries its release's buttons, which generate_assignment copies into the release)."""
    relative = path.relative_to(notebooks.REPO)
    if relative.parts[0] == "source":
        relative = notebooks.RELEASE.relative_to(notebooks.REPO) / relative.relative_to("source")
    first = next(c for c in notebooks.read(path).cells if c.cell_type == "markdown")
    assert notebooks.launch_badges(relative.as_posix()) in first.source, (
        f"{path.name}: the first markdown cell needs tools.notebooks.launch_badges('{relative.as_posix()}')")
