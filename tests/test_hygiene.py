"""Notebook hygiene: what every notebook of the course must and must not contain."""

import builtins
import io
import json
import keyword
import re
import tokenize

import pytest

from tools.cells import nbgrader_metadata
from helpers import HIDDEN_BEGIN
from tools import paths
from tools.build import launch

ALL_NOTEBOOKS = [*paths.walkthroughs(), *sorted(paths.SOURCE.glob("ch*/*.ipynb")),
                 *sorted(paths.RELEASE.glob("ch*/*.ipynb")), *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))]
SOURCE_NOTEBOOKS = sorted(paths.SOURCE.glob("ch*/*.ipynb"))
ids = lambda p: p.relative_to(paths.REPO).as_posix()  # noqa: E731
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/home/|/Users/|/root/|/work/|/tmp/|/private/|[A-Z]:\\\\)")


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_starts_with_the_colab_setup_cell(path):
    first = code_cells(paths.read(path))[0]
    assert first.source == launch.setup_cell(launch.package_commit()), (
        f"{path.name}: the first code cell must be tools.build.launch.setup_cell, pinned to the newest commit of "
        "the course's package: run `python -m tools.build.navigation` (make build does) and rebuild release/ and solutions/")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_python3_kernel_and_no_editor_metadata(path):
    nb = paths.read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "jupytext" not in nb.metadata


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids)
def test_no_absolute_paths(path):
    text = json.dumps(paths.read(path))  # sources and outputs: a traceback or warning can leak a path
    found = ABSOLUTE_PATH.findall(text)
    assert not found, f"{path.name} contains absolute paths: {sorted(set(found))}"


@pytest.mark.parametrize("path", [*SOURCE_NOTEBOOKS, *sorted(paths.RELEASE.glob("ch*/*.ipynb"))], ids=ids)
def test_no_outputs_in_source_and_release(path):
    for cell in code_cells(paths.read(path)):
        assert not cell.outputs and cell.execution_count is None, f"{path.name} has stored outputs"


@pytest.mark.parametrize("path", paths.walkthroughs(), ids=ids)
def test_walkthroughs_have_no_graded_cells(path):
    for cell in paths.read(path).cells:
        assert "nbgrader" not in cell.metadata, f"{path.name}: walk-throughs are not graded"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_grade_ids_unique_and_cells_well_formed(path):
    nb = paths.read(path)
    metas = [nbgrader_metadata(c) for c in nb.cells]
    assert all(metas), f"{path.name}: every cell of an assignment needs nbgrader metadata (locked at least)"
    grade_ids = [m["grade_id"] for m in metas]
    assert len(grade_ids) == len(set(grade_ids)), f"{path.name}: duplicate grade_ids"
    exercises = [m["grade_id"] for m in metas if m.get("solution")]
    tests = [m for m in metas if m.get("grade")]
    for cell, meta in zip(nb.cells, metas):
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            assert re.search(rf"^(def|class) {re.escape(meta['grade_id'])}\b", cell.source, re.M), (
                f"{path.name}: solution cell {meta['grade_id']} must define the function or class of that name")
            assert '"""' in cell.source, f"{path.name}: {meta['grade_id']} needs a docstring"
        if meta.get("grade"):
            assert meta.get("points", 0) > 0
            assert cell.source.count(HIDDEN_BEGIN) == 1, f"{meta['grade_id']}: no hidden-test block"
            assert "from autograd_course import checks" in cell.source, (
                f"{meta['grade_id']}: a test cell re-imports the checks it uses")
    # An exercise's test cells are test_<exercise>, or test_<exercise>_<part> when it is graded idea by idea.
    owns = lambda exercise, grade_id: re.fullmatch(rf"test_{re.escape(exercise)}(_\w+)?", grade_id)  # noqa: E731
    for exercise in exercises:
        assert [t for t in tests if owns(exercise, t["grade_id"])], f"{path.name}: {exercise} has no test cell"
    for test in tests:
        assert [e for e in exercises if owns(e, test["grade_id"])], f"{path.name}: {test['grade_id']} tests no exercise"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_imports_cell_records_the_clean_state_before_student_code(path):
    cells = paths.read(path).cells
    first_solution = next(i for i, c in enumerate(cells) if nbgrader_metadata(c).get("solution"))
    imports = [i for i, c in enumerate(cells) if nbgrader_metadata(c).get("grade_id") == "imports"]
    assert imports and imports[0] < first_solution
    assert "from autograd_course import checks" in cells[imports[0]].source
    assert nbgrader_metadata(cells[imports[0]]).get("locked")


def test_exercise_names_are_unique_across_the_course():
    seen = {}
    for path in SOURCE_NOTEBOOKS:
        for cell in paths.read(path).cells:
            meta = nbgrader_metadata(cell)
            if meta.get("solution"):
                assert meta["grade_id"] not in seen, f"{meta['grade_id']} in {path.name} and {seen[meta['grade_id']]}"
                seen[meta["grade_id"]] = path.name


@pytest.mark.parametrize("chapter", paths.chapters())
def test_each_chapter_has_a_walkthrough(chapter):
    assert [p for p in paths.walkthroughs() if p.name.startswith(chapter + "_")]


@pytest.mark.parametrize("path", [*paths.walkthroughs(), *SOURCE_NOTEBOOKS,
                                  *sorted(paths.RELEASE.glob("ch*/*.ipynb"))], ids=ids)
def test_opens_with_launch_buttons(path):
    """Walk-throughs and student versions open with Colab and Binder buttons for themselves, in the header
    that tools/build/navigation.py writes (a source notebook carries its release's buttons, which
    generate_assignment copies into the release); no other cell repeats them."""
    relative = path.relative_to(paths.REPO)
    if relative.parts[0] == "source":
        relative = paths.RELEASE.relative_to(paths.REPO) / relative.relative_to("source")
    first, *others = paths.read(path).cells
    assert first.metadata.get("navigation") == "header", f"{path.name}: no header cell: run `python -m tools.build.navigation`"
    assert launch.launch_badges(relative.as_posix()) in first.source, (
        f"{path.name}: the header needs tools.build.launch.launch_badges('{relative.as_posix()}'): run `python -m tools.build.navigation`")
    repeated = [i for i, c in enumerate(others, 1) if "colab-badge.svg" in c.source or "mybinder.org/badge_logo" in c.source]
    assert not repeated, f"{path.name}: cells {repeated} repeat the launch buttons of the header"


VISIBLE_TEST_LINES = 25


@pytest.mark.parametrize("path", sorted(paths.RELEASE.glob("ch*/*.ipynb")), ids=ids)
def test_visible_test_cells_fit_on_a_screen_and_end_with_the_success_line(path):
    for cell in notebooks_cells_graded(path):
        lines = cell.source.rstrip("\n").split("\n")
        grade_id = nbgrader_metadata(cell)["grade_id"]
        assert len(lines) <= VISIBLE_TEST_LINES, (
            f"{path.name}: {grade_id} shows {len(lines)} lines; move its helpers into autograd_course.exercises")
        assert lines[-1].startswith("checks.passed("), f"{path.name}: {grade_id} must end with checks.passed(...)"


def notebooks_cells_graded(path):
    return [c for c in paths.read(path).cells if nbgrader_metadata(c).get("grade")]


def _normalised_lines(source):
    """Code lines with every name that is not a keyword, builtin or library alias replaced by one symbol:
    a solution that reappears with other variable names still matches."""
    keep = set(keyword.kwlist) | set(dir(builtins)) | {"np", "torch", "nn", "F", "math"}
    out = set()
    for line in source.split("\n"):
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            continue
        parts, previous = [], ""
        for tok in tokens:
            if tok.type == tokenize.NAME and tok.string not in keep and previous != ".":
                parts.append("v")
            elif tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE):
                parts.append(tok.string)
            previous = tok.string
        text = "".join(parts)
        if len(text) >= 12:  # short lines ("return v", "v=v+1") say nothing about where they came from
            out.add(text)
    return out


def _solution_lines(chapter):
    """``{exercise: normalised lines of its solution}`` for the chapter's assignment."""
    found = {}
    for path in paths.assignment_notebooks(paths.SOURCE, chapter):
        for cell in paths.read(path).cells:
            if nbgrader_metadata(cell).get("solution"):
                body = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
                found[nbgrader_metadata(cell)["grade_id"]] = set().union(*(_normalised_lines(b) for b in body)) \
                    if body else set()
    return found


@pytest.mark.parametrize("chapter", paths.chapters())
def test_no_graded_solution_stands_in_the_walkthrough(chapter):
    """Teach on one example, grade on another: the walk-through must not already hold an exercise's answer,
    neither spread over its cells (a third of the solution's lines) nor in any one cell of any chapter's
    walk-through (two thirds: a later chapter may use the idiom, never the answer)."""
    taught, cells = set(), []
    for walkthrough in paths.walkthroughs():
        for index, cell in enumerate(paths.read(walkthrough).cells):
            if cell.cell_type == "code":
                lines = _normalised_lines(cell.source)
                cells.append((f"{walkthrough.name} cell {index}", lines))
                if paths.chapter_of(walkthrough) == chapter:
                    taught |= lines
    for exercise, lines in _solution_lines(chapter).items():
        if len(lines) < 3:
            continue
        shared = lines & taught
        assert len(shared) * 3 < len(lines), (
            f"{exercise}: {len(shared)} of its {len(lines)} solution lines stand in the walk-through: {sorted(shared)[:3]}")
        for where, cell_lines in cells:
            together = lines & cell_lines
            assert len(together) * 3 < 2 * len(lines), (
                f"{exercise}: {where} holds {len(together)} of its {len(lines)} solution lines: {sorted(together)[:3]}")


def test_text_twins_are_in_step_with_their_notebooks():
    """Each hand-edited notebook and its py/ twin say the same; `make build` brings them in line."""
    from tools.build import twins
    bad = [f"{nb.relative_to(paths.REPO)} / {twin.relative_to(paths.REPO)}" for nb, twin in twins.disagreements()]
    assert not bad, f"out of step (run `make build`): {bad}"


def test_no_text_twin_inside_an_assignment_folder():
    """nbgrader hands out every file of source/chNN/: a twin there would reach the students."""
    strays = [p for p in paths.SOURCE.glob("ch*/*") if p.suffix != ".ipynb"]
    assert not strays, f"only notebooks belong in source/chNN/: {strays}"
