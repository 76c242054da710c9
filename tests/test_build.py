"""release/ and solutions/ are build outputs: they must be exactly what the build makes from source/."""

import pytest

from tools import notebooks
from tools.grading import Course

CHAPTERS = notebooks.chapters()


def names(root, chapter):
    return [p.name for p in notebooks.assignment_notebooks(root, chapter)]


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_matches_source(chapter, scratch):
    generated = Course(scratch / f"build-check-{chapter}").generate(chapter)
    committed = notebooks.RELEASE / chapter
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in generated.iterdir()), (
        f"release/{chapter} does not hold the files the build makes: run `make build`")
    for name in names(notebooks.SOURCE, chapter):
        assert notebooks.comparable(notebooks.read(committed / name)) == notebooks.comparable(
            notebooks.read(generated / name)), f"release/{chapter}/{name} differs from a fresh build: run `make build`"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_match_source(chapter):
    assert names(notebooks.SOLUTIONS, chapter) == names(notebooks.SOURCE, chapter)
    for name in names(notebooks.SOURCE, chapter):
        source_nb = notebooks.read(notebooks.SOURCE / chapter / name)
        committed = notebooks.read(notebooks.SOLUTIONS / chapter / name)
        # The digest covers hidden tests too, which appear in neither release/ nor solutions/.
        assert committed.metadata.get("course", {}).get("built_from_source_digest") == notebooks.source_digest(
            source_nb), f"source/{chapter}/{name} changed since solutions/ was built: run `make build`"
        assert notebooks.comparable(committed) == notebooks.comparable(notebooks.solution_notebook(source_nb))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_keep_no_markers_and_no_hidden_tests(chapter):
    for path in notebooks.assignment_notebooks(notebooks.SOLUTIONS, chapter):
        nb = notebooks.read(path)
        for cell in nb.cells:
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
                assert marker not in cell.source, f"{path.name}: '{marker}' left in a published solution"
            assert "nbgrader" not in cell.metadata, f"{path.name}: nbgrader metadata left in a published solution"


def test_hidden_tests_are_really_stripped():
    source = "x = 1\n### BEGIN HIDDEN TESTS\nassert secret()\n### END HIDDEN TESTS\n"
    assert notebooks.strip_hidden_tests(source) == "x = 1"
    assert notebooks.strip_solution_markers("    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n") == "    return 1\n"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_digest_sees_hidden_tests(chapter):
    path = notebooks.assignment_notebooks(notebooks.SOURCE, chapter)[0]
    nb = notebooks.read(path)
    before = notebooks.source_digest(nb)
    cell = next(c for c in nb.cells if "### BEGIN HIDDEN TESTS" in c.source)
    cell.source = cell.source.replace("### END HIDDEN TESTS", "#\n### END HIDDEN TESTS")
    assert notebooks.source_digest(nb) != before


@pytest.mark.parametrize("path", [*notebooks.walkthroughs(), *sorted(notebooks.SOLUTIONS.glob("ch*/*.ipynb"))],
                         ids=lambda p: p.relative_to(notebooks.REPO).as_posix())
def test_committed_with_outputs_in_order(path):
    """Walk-throughs and solutions are committed executed, top to bottom, without errors, as the build
    writes them (no timestamps, printed text not split at random points), so that rebuilding an
    unchanged notebook changes nothing."""
    nb = notebooks.read(path)
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
def test_test_cells_print_nothing_when_they_pass(chapter):
    """A passing test cell is silent: no stray value displayed (students would read it as a hint)."""
    for path in notebooks.assignment_notebooks(notebooks.SOURCE, chapter):
        graded = {c.get("id") for c in notebooks.read(path).cells if notebooks.nbgrader_meta(c).get("grade")}
        for cell in notebooks.read(notebooks.SOLUTIONS / chapter / path.name).cells:
            if cell.get("id") in graded:
                assert not cell.get("outputs"), f"{path.name}: a test cell displays {cell.outputs[0].get('data', '')}"
