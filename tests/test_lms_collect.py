"""Collecting from an LMS: a downloaded zip of submissions is filed under the right students (late work,
copies and resubmissions too, the newest of these kept), and what a student can put in that download
(unsafe archive members, other students' names, clashing files, links in a submission collected by hand)
never reaches another student's folder or a grade.

The rest of the workflow (generate, grade, feedback, export) runs per chapter in
tests/test_case_library.py; bad submissions are in tests/test_grade.py."""

import io
import os
import shutil
import tarfile
import zipfile

import pytest

import grading_class
from helpers import grade_course
from tools import paths

CHAPTER = paths.chapters()[0]


@pytest.fixture(scope="module")
def released(new_course):
    """A course with the chapter generated (its gradebook knows the assignment): ``(course, notebook name)``."""
    course = new_course("lms-generated")
    release = course.generate(CHAPTER)
    return course, paths.assignment_notebooks(release.parent, CHAPTER)[0].name


def class_download(new_course, released, name):
    """A new course folder holding the chapter's release, ready for ``nbgrader zip_collect``: returns
    ``(course, archive folder, notebook name, released text)``."""
    generated, notebook = released
    course = new_course(name)
    shutil.copytree(generated.root / "release" / CHAPTER, course.root / "release" / CHAPTER)
    archive = course.root / "downloaded" / CHAPTER / "archive"
    archive.mkdir(parents=True)
    return course, archive, notebook, (generated.root / "release" / CHAPTER / notebook).read_text()


def zip_bytes(members):
    """A zip file's bytes: ``members`` is ``[(name or ZipInfo, text or bytes)]``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members:
            zf.writestr(name, content)
    return buffer.getvalue()


def marked(text, who):
    """The released notebook with a mark in it, to tell afterwards whose file landed where."""
    return text.replace("YOUR CODE HERE", f"YOUR CODE HERE ({who})", 1)


def submitted(course, student, notebook):
    path = course.root / "submitted" / student / CHAPTER / notebook
    return path.read_text() if path.is_file() else None


def test_lms_zip_is_collected_by_student(new_course, released):
    """`nbgrader zip_collect` with the course's file-name pattern files LMS downloads under the right students."""
    course, archive, name, text = class_download(new_course, released, "zip-collect")
    stem = name[: -len(".ipynb")]
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr(f"jdoe_1234_5678_{name}", text)         # Canvas style
        zf.writestr(f"asmith_{stem}-1.ipynb", text)          # a plain export, resubmitted
        zf.writestr(f"bwu_1234_9999_{stem}.zip", zip_bytes([         # a student's own zip, made on a Mac
            (name, text), (f"__MACOSX/._{name}", "resource fork"),
            (f".ipynb_checkpoints/{stem}-checkpoint.ipynb", text)]))
        zf.writestr("notes.txt", "not a submission")
    (archive / f"clee_{name}").write_text(text)               # a notebook the LMS gave on its own
    course.nbgrader("zip_collect", CHAPTER, "--force")
    for student in ("jdoe", "asmith", "bwu", "clee"):
        assert submitted(course, student, name) == text, f"{student} was not collected"
    assert os.listdir(course.root / "submitted" / "bwu" / CHAPTER) == [name], "only the notebook is bwu's answer"


def tar_gz_bytes(members):
    """A .tar.gz file's bytes: ``members`` is ``[(TarInfo, text or None)]``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for info, content in members:
            data = content.encode() if content is not None else b""
            info.size = len(data) if info.isfile() else 0
            tf.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return buffer.getvalue()


def tar_member(name, kind=tarfile.REGTYPE, target=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def test_unsafe_archive_members_are_refused_and_the_rest_collected(new_course, released):
    """Members with `..`, an absolute path or a link are refused by name, in the class download and in a
    student's upload (zip or tar); nothing is written outside the extraction folder; the class is still
    collected."""
    course, archive, name, text = class_download(new_course, released, "zip-unsafe")
    link = zipfile.ZipInfo(f"lnk_1_2_{name}")
    link.external_attr = 0o120777 << 16  # how zip stores a symbolic link: the target is the content
    upload = zip_bytes([(name, marked(text, "mallory")), ("../../../escaped_from_upload", "x")])
    tar_upload = tar_gz_bytes([(tar_member(name), marked(text, "eve")),
                               (tar_member("sol.ipynb", tarfile.SYMTYPE, "/etc/hostname"), None),
                               (tar_member("hard.ipynb", tarfile.LNKTYPE, "../../../../source"), None)])
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr("../../escaped", "x")
        zf.writestr("/tmp/absolute_member_of_zip_collect_test", "x")
        zf.writestr(link, "../../../source/ch01/" + name)
        zf.writestr(f"mallory_1_2_{CHAPTER}.zip", upload)
        zf.writestr("eve_3_4_work.tar.gz", tar_upload)
        zf.writestr(f"jdoe_1_2_{name}", marked(text, "jdoe"))
    proc = course.nbgrader("zip_collect", CHAPTER, "--force", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log
    for member, reason in [("../../escaped", "climbs out of its folder"),
                           ("/tmp/absolute_member_of_zip_collect_test", "has an absolute path"),
                           (f"lnk_1_2_{name}", "is a symbolic link"),
                           (f"mallory_1_2_{CHAPTER}.zip > ../../../escaped_from_upload", "climbs out of its folder"),
                           ("eve_3_4_work.tar.gz > sol.ipynb", "is a symbolic link"),
                           ("eve_3_4_work.tar.gz > hard.ipynb", "is a hard link")]:
        assert f"Not collected: submissions.zip > {member} {reason}" in log, log
    for escaped in (course.root / "downloaded" / "escaped", course.root / "downloaded" / CHAPTER / "escaped",
                    course.root / "escaped_from_upload", course.root / "downloaded" / "escaped_from_upload"):
        assert not os.path.lexists(escaped)
    assert not os.path.lexists("/tmp/absolute_member_of_zip_collect_test")
    assert not os.path.lexists(course.root / "submitted" / "lnk")
    assert submitted(course, "jdoe", name) == marked(text, "jdoe")
    assert submitted(course, "mallory", name) == marked(text, "mallory")
    assert sorted(os.listdir(course.root / "submitted" / "eve" / CHAPTER)) == [name]
    assert submitted(course, "eve", name) == marked(text, "eve")


def test_a_name_inside_a_students_upload_never_decides_whose_it_is(new_course, released):
    """A zip uploaded by mallory holding `victim_<notebook>` is mallory's: victim keeps their own file."""
    course, archive, name, text = class_download(new_course, released, "zip-cross-student")
    upload = zip_bytes([(f"victim_{name}", marked(text, "mallory"))])
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr(f"victim_1_2_{name}", marked(text, "victim"))
        zf.writestr("mallory_3_4_work.zip", upload)
    proc = course.nbgrader("zip_collect", CHAPTER, "--force")
    assert submitted(course, "victim", name) == marked(text, "victim")
    assert submitted(course, "mallory", name) == marked(text, "mallory")
    assert f"mallory_3_4_work.zip > victim_{name} is named for student victim, but mallory uploaded it" in proc.stderr


def test_a_clash_collects_neither_file_and_stops_nobody(new_course, released):
    """Two files for one student and notebook: neither is collected, both are named, the class is collected."""
    course, archive, name, text = class_download(new_course, released, "zip-clash")
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr(f"dup_1_2_{name}", marked(text, "dup first"))
        zf.writestr("dup_1_3_again.zip", zip_bytes([(name, marked(text, "dup second"))]))
        zf.writestr(f"jdoe_5_6_{name}", marked(text, "jdoe"))
    (archive / f"asmith_{name}").write_text(marked(text, "asmith"))
    proc = course.nbgrader("zip_collect", CHAPTER, "--force", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log
    assert (f"2 files for student dup, notebook {name}, so neither was collected: "
            f"submissions.zip > dup_1_2_{name}; submissions.zip > dup_1_3_again.zip > {name}") in log, log
    assert submitted(course, "dup", name) is None
    assert submitted(course, "jdoe", name) == marked(text, "jdoe")
    assert submitted(course, "asmith", name) == marked(text, "asmith")


def test_linked_submissions_are_not_graded(released):
    """A chapter folder, a student folder or a notebook that is a symbolic link (to the source, which
    holds the solutions) is "not gradable", naming the link; the real submission beside them is graded."""
    course, name = released
    chapter = grading_class.read_chapter(course.root / "source" / CHAPTER, course.root / "release" / CHAPTER)
    shutil.rmtree(course.root / "submitted", ignore_errors=True)
    course.submit(CHAPTER, "honest", {name: chapter.blank()})
    source = course.root / "source" / CHAPTER
    (course.root / "submitted" / "linked_folder").mkdir()
    (course.root / "submitted" / "linked_folder" / CHAPTER).symlink_to(source, target_is_directory=True)
    (course.root / "submitted" / "linked_student").symlink_to(course.root / "source", target_is_directory=True)
    folder = course.root / "submitted" / "linked_notebook" / CHAPTER
    folder.mkdir(parents=True)
    (folder / name).symlink_to(source / name)
    rows = grade_course(course, CHAPTER)
    assert rows["honest"]["status"] == "graded", rows["honest"]
    for student, link in [("linked_folder", f"linked_folder/{CHAPTER}"), ("linked_student", "linked_student"),
                          ("linked_notebook", f"linked_notebook/{CHAPTER}/{name}")]:
        assert rows[student]["status"] == "not gradable, needs attention", rows[student]
        assert rows[student]["reason"].startswith(f"{link} is a symbolic link to "), rows[student]
        assert rows[student]["score"] == "", rows[student]


def test_late_copied_and_resubmitted_names_are_collected_newest_first(new_course, released):
    """Canvas's other names: late work (`_LATE_`), an uploaded copy (`Copy of `, `Copy_of_`), resubmissions
    (`-1`, `-2`, ` (2)`, also on a student's upload). Each is the login's answer to the assignment's notebook;
    of several, the highest suffix is collected, and the summary names the others and why."""
    course, archive, name, text = class_download(new_course, released, "zip-names")
    stem = name[: -len(".ipynb")]
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        zf.writestr(f"late_LATE_1_2_{name}", marked(text, "late"))
        zf.writestr(f"copy_1_2_Copy of {name}", marked(text, "copy"))
        zf.writestr(f"under_1_2_Copy_of_{name}", marked(text, "under"))
        zf.writestr(f"resub_1_2_{name}", marked(text, "resub first"))
        zf.writestr(f"resub_1_2_{stem}-1.ipynb", marked(text, "resub second"))
        zf.writestr(f"resub_LATE_1_3_{stem}-2.ipynb", marked(text, "resub third"))
        zf.writestr(f"paren_1_2_{stem} (2).ipynb", marked(text, "paren second"))
        zf.writestr(f"paren_1_2_{stem}.ipynb", marked(text, "paren first"))
        zf.writestr("up_1_2_work.zip", zip_bytes([(f"{stem}-2.ipynb", marked(text, "up first"))]))
        zf.writestr("up_1_2_work-1.zip", zip_bytes([(f"Copy of {name}", marked(text, "up second"))]))
    proc = course.nbgrader("zip_collect", CHAPTER, "--force")
    log = proc.stdout + proc.stderr
    for student, mark in [("late", "late"), ("copy", "copy"), ("under", "under"), ("resub", "resub third"),
                          ("paren", "paren second"), ("up", "up second")]:
        assert submitted(course, student, name) == marked(text, mark), f"{student}: {log}"
    assert sorted(os.listdir(course.root / "submitted")) == ["copy", "late", "paren", "resub", "under", "up"]
    for older, newer in [(f"resub_1_2_{name}", f"resub_LATE_1_3_{stem}-2.ipynb"),
                         (f"resub_1_2_{stem}-1.ipynb", f"resub_LATE_1_3_{stem}-2.ipynb"),
                         (f"paren_1_2_{stem}.ipynb", f"paren_1_2_{stem} (2).ipynb"),
                         (f"up_1_2_work.zip > {stem}-2.ipynb", f"up_1_2_work-1.zip > Copy of {name}")]:
        assert (f"Left out: submissions.zip > {older}: an earlier submission; "
                f"collected the newest, submissions.zip > {newer}") in log, log
    assert "4 earlier submissions left out" in log, log
