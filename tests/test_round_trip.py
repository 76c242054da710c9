"""A real nbgrader round trip per assignment: generate the student version, submit, autograde, read grades."""

import csv
import zipfile

import pytest

from tools import paths, solutions
from helpers import fill_in, solution_code

CHAPTERS = paths.chapters()


def sources(chapter):
    return {p.name: paths.read(p) for p in paths.assignment_notebooks(paths.SOURCE, chapter)}


def solved(release, chapter):
    return {name: fill_in(paths.read(release / name), solution_code(nb)) for name, nb in sources(chapter).items()}


def untouched(release, chapter):
    return {name: paths.read(release / name) for name in sources(chapter)}


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solution_full_marks_and_untouched_release_zero(chapter, new_course):
    course = new_course(f"round-trip-{chapter}")
    release = course.generate(chapter)
    course.submit(chapter, "alice", solved(release, chapter))
    course.submit(chapter, "bob", untouched(release, chapter))
    proc = course.autograde(chapter)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    scores = course.scores(chapter)
    assert scores["alice"], "no graded cells found"
    assert all(score == top > 0 for score, top in scores["alice"].values()), scores["alice"]
    assert set(scores["bob"]) == set(scores["alice"])
    assert all(score == 0 for score, _ in scores["bob"].values()), scores["bob"]

    # The rest of the instructor workflow: feedback reports and the grade export.
    course.nbgrader("generate_feedback", chapter)
    for student in ("alice", "bob"):
        assert list((course.root / "feedback" / student / chapter).glob("*.html")), f"no feedback for {student}"
    course.nbgrader("export")
    with open(course.root / "grades.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == chapter}
    total = sum(top for _, top in scores["alice"].values())
    assert float(rows["alice"]["score"]) == float(rows["alice"]["max_score"]) == total
    assert float(rows["bob"]["score"]) == 0


def test_lms_zip_is_collected_by_student(new_course):
    """`nbgrader zip_collect` with the course's file-name pattern files LMS downloads under the right students."""
    chapter = CHAPTERS[0]
    course = new_course("zip-collect")
    release = course.generate(chapter)
    name = paths.assignment_notebooks(release.parent, chapter)[0].name
    stem = name[: -len(".ipynb")]
    archive = course.root / "downloaded" / chapter / "archive"
    archive.mkdir(parents=True)
    text = (release / name).read_text()
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr(f"jdoe_1234_5678_{name}", text)        # Canvas style
        zf.writestr(f"asmith_{stem}-1.ipynb", text)         # a plain export, resubmitted
        zf.writestr("notes.txt", "not a submission")
    course.nbgrader("zip_collect", chapter, "--force")
    for student in ("jdoe", "asmith"):
        assert (course.root / "submitted" / student / chapter / name).is_file(), f"{student} was not collected"


@pytest.mark.slow
def test_broken_submissions_never_break_the_others(new_course):
    """A corrupt file or a crashing kernel is reported and skipped; the other students are graded normally,
    a student who deletes or edits the test cells is graded by the original ones, and the gradebook stays sound."""
    chapter = CHAPTERS[0]
    course = new_course("broken-submissions")
    release = course.generate(chapter)
    good = solved(release, chapter)
    name = next(iter(good))
    course.submit(chapter, "corrupt", {name: '{"cells": [ this is not JSON'})

    crash = solved(release, chapter)
    first_solution = next(c for c in crash[name].cells if solutions.nbgrader_meta(c).get("solution"))
    first_solution.source = "import os\nos._exit(3)\n" + first_solution.source
    course.submit(chapter, "crash", crash)

    no_tests = solved(release, chapter)
    no_tests[name].cells = [c for c in no_tests[name].cells if not solutions.nbgrader_meta(c).get("grade")]
    course.submit(chapter, "deleted-tests", no_tests)

    # A wrong answer whose owner also replaced every test cell by `pass`: the original tests still grade it.
    edited = solved(release, chapter)
    for cell in edited[name].cells:
        meta = solutions.nbgrader_meta(cell)
        if meta.get("grade"):
            cell.source = "pass"
        elif meta.get("solution"):
            cell.source = cell.source.split("\n")[0] + "\n    return None\n"
    course.submit(chapter, "edited-tests", edited)
    course.submit(chapter, "alice", good)

    proc = course.autograde(chapter)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, "nbgrader should report the failed submissions"
    for student in ("corrupt", "crash"):
        assert f"for student '{student}'" in log, f"the log must name {student}, whose submission failed"
        assert not (course.root / "autograded" / student / chapter).exists(), "a failed submission leaves no result"
    scores = course.scores(chapter)  # the gradebook still opens and reads
    full = lambda s: s and all(score == top for score, top in s.values())  # noqa: E731
    assert full(scores["alice"]), scores["alice"]
    assert full(scores["deleted-tests"]), scores["deleted-tests"]
    # nbgrader records even a failed submission in the gradebook, with no points on any graded cell.
    for student in ("edited-tests", "corrupt", "crash"):
        assert scores.get(student), f"{student} has no row in the gradebook"
        assert all(score == 0 for score, _ in scores[student].values()), (student, scores[student])
