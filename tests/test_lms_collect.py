"""A real round trip per assignment: generate the student version, submit, grade with the course's command
(nbgrader underneath), read the gradebook, hand back feedback, export. Bad submissions: tests/test_grade.py."""

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
    report = course.grade(chapter)
    assert report["alice"]["status"] == report["bob"]["status"] == "graded", report
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
