"""Collecting from an LMS: a downloaded zip of submissions is filed under the right students.

The rest of the workflow (generate, grade, feedback, export) runs per chapter in
tests/test_case_library.py; bad submissions are in tests/test_grade.py."""

import zipfile

from tools import paths

CHAPTERS = paths.chapters()


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
