"""release/ and solutions/ are build outputs: they must be exactly what the build makes from source/."""

import nbformat
import pytest

from tools.cells import nbgrader_metadata
from tools.cells import hidden_test_delimiters
from helpers import HIDDEN_BEGIN, HIDDEN_END
from tools import paths
from tools.build import solutions
from tools.grading.scratch_course import Course

CHAPTERS = paths.chapters()


def names(root, chapter):
    return [p.name for p in paths.assignment_notebooks(root, chapter)]


@pytest.fixture(scope="module")
def build_check(scratch):
    # One course for every chapter: a new gradebook costs seconds (nbgrader asks alembic for its schema).
    return Course(scratch / "build-check")


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_matches_source(chapter, build_check):
    generated = build_check.generate(chapter)
    committed = paths.RELEASE / chapter
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in generated.iterdir()), (
        f"release/{chapter} does not hold the files the build makes: run `make build`")
    for name in names(paths.SOURCE, chapter):
        assert solutions.comparable(paths.read(committed / name)) == solutions.comparable(
            paths.read(generated / name)), f"release/{chapter}/{name} differs from a fresh build: run `make build`"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_match_source(chapter):
    assert names(paths.SOLUTIONS, chapter) == names(paths.SOURCE, chapter)
    for name in names(paths.SOURCE, chapter):
        source_nb = paths.read(paths.SOURCE / chapter / name)
        committed = paths.read(paths.SOLUTIONS / chapter / name)
        # The digest covers hidden tests too, which appear in neither release/ nor solutions/.
        assert committed.metadata.get("course", {}).get("built_from_source_digest") == solutions.source_digest(
            source_nb), f"source/{chapter}/{name} changed since solutions/ was built: run `make build`"
        assert solutions.comparable(committed) == solutions.comparable(solutions.solution_notebook(source_nb))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_keep_no_markers_and_no_hidden_tests(chapter):
    for path in paths.assignment_notebooks(paths.SOLUTIONS, chapter):
        nb = paths.read(path)
        for cell in nb.cells:
            for marker in ("BEGIN SOLUTION", "END SOLUTION", *hidden_test_delimiters()):
                assert marker not in cell.source, f"{path.name}: '{marker}' left in a published solution"
            assert "nbgrader" not in cell.metadata, f"{path.name}: nbgrader metadata left in a published solution"


def _source_with(test_source, solution_source="def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"):
    nb = nbformat.v4.new_notebook(metadata=paths.notebook_metadata())
    meta = {"schema_version": 3, "locked": False, "solution": True, "grade": False, "grade_id": "f", "task": False}
    nb.cells.append(nbformat.v4.new_code_cell(solution_source, metadata={"nbgrader": meta}))
    nb.cells.append(nbformat.v4.new_code_cell(test_source, metadata={"nbgrader": {
        **meta, "solution": False, "grade": True, "grade_id": "test_f", "points": 1, "locked": True}}))
    return nb


def test_published_solution_keeps_the_answer_and_drops_hidden_tests():
    published = solutions.solution_notebook(_source_with(
        f"assert f() == 1\n{HIDDEN_BEGIN}\nassert secret()\n{HIDDEN_END}\n"))
    assert [c.source for c in published.cells] == ["def f():\n    return 1", "assert f() == 1"]


@pytest.mark.parametrize("test_source, solution_source", [
    (f"{HIDDEN_BEGIN}\nassert secret()\n", None),
    (f"{HIDDEN_BEGIN}\n{HIDDEN_BEGIN}\nx\n{HIDDEN_END}\n", None),
    ("pass", "def f():\n    ### BEGIN SOLUTION\n    return 1\n"),
])
def test_unterminated_or_nested_blocks_are_refused(test_source, solution_source):
    nb = _source_with(test_source, *([solution_source] if solution_source else []))
    with pytest.raises(RuntimeError):
        solutions.solution_notebook(nb)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_digest_sees_hidden_tests(chapter):
    path = paths.assignment_notebooks(paths.SOURCE, chapter)[0]
    nb = paths.read(path)
    before = solutions.source_digest(nb)
    cell = next(c for c in nb.cells if HIDDEN_BEGIN in c.source)
    cell.source = cell.source.replace(HIDDEN_END, "#\n" + HIDDEN_END)
    assert solutions.source_digest(nb) != before


@pytest.mark.parametrize("path", [*paths.walkthroughs(), *sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))],
                         ids=lambda p: p.relative_to(paths.REPO).as_posix())
def test_committed_with_outputs_in_order(path):
    """Walk-throughs and solutions are committed executed, top to bottom, without errors, as the build
    writes them (no timestamps, printed text not split at random points), so that rebuilding an
    unchanged notebook changes nothing."""
    nb = paths.read(path)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name} is not committed as a fresh top-to-bottom run (execution counts {counts}): run `make build`")
    for i, cell in enumerate(nb.cells):
        assert "execution" not in cell.metadata, f"{path.name}: cell {i} carries run timestamps: run `make build`"
        outputs = cell.get("outputs", [])
        for out in outputs:
            assert out.get("output_type") != "error", f"{path.name}: a cell raised {out.get('ename')}"
        streams = [out.get("name") if out.get("output_type") == "stream" else None for out in outputs]
        assert not any(a and a == b for a, b in zip(streams, streams[1:])), (
            f"{path.name}: cell {i} has its printed text split in two outputs: run `make build`")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_passing_test_cells_print_one_success_line(chapter):
    """A passing test cell shows one line saying so (silence would leave a learner guessing), and nothing
    else: a stray value displayed there would read as a hint."""
    for path in paths.assignment_notebooks(paths.SOURCE, chapter):
        graded = {c.get("id") for c in paths.read(path).cells if nbgrader_metadata(c).get("grade")}
        for cell in paths.read(paths.SOLUTIONS / chapter / path.name).cells:
            if cell.get("id") in graded:
                texts = [out.get("text", "") for out in cell.outputs if out.get("output_type") == "stream"]
                assert len(cell.outputs) == len(texts) == 1 and texts[0].count("\n") == 1, (
                    f"{path.name}: a test cell shows {cell.outputs}")
                assert "the visible tests pass" in texts[0], f"{path.name}: a test cell prints {texts[0]!r}"
