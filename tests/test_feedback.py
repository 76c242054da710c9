"""Feedback never shows the hidden tests: `nbgrader generate_feedback` after the course's grading command,
on a submission whose answer fails only the hidden part of its test. It names each exercise with its score,
and shows none of the instructor's absolute paths."""

import html
import re

import pytest
from nbgrader.api import Gradebook

from tools.cells import nbgrader_metadata
import grading_class
from helpers import HIDDEN_BEGIN, HIDDEN_END, grade_course
from tools import paths

CHAPTER = paths.chapters()[0]
NOTE = "# hidden tests ran here"


def visible_text(page):
    """What a browser shows of an HTML page, near enough: tags removed (code is highlighted token by
    token, so its lines only reappear once the tags are gone), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def hidden_lines(source_nb, seen):
    """Every line of a hidden region of the source that a student never sees otherwise (long enough to be
    distinctive, absent from ``seen``: what the student was given and wrote)."""
    lines = set()
    for cell in source_nb.cells:
        if cell.cell_type != "code" or not nbgrader_metadata(cell).get("grade"):
            continue
        in_region = False
        for line in cell.source.split("\n"):
            if HIDDEN_BEGIN in line:
                in_region = True
            elif HIDDEN_END in line:
                in_region = False
            elif in_region and len(line.strip()) >= 25 and line.strip() not in seen:
                lines.add(line.strip())
    return sorted(lines)


# Appended to an answer: the function gives up with an error of its own wherever a test calls it from
# below the line ``hidden_line`` of the test cell, so the traceback runs through hidden test code; first
# it warns about its caller, and Python's warning quotes the caller's line.
GIVES_UP_IN_HIDDEN = """
import sys as _sys
import warnings as _warnings
_answer_{name} = {name}
def {name}(*args, **kwargs):
    caller = _sys._getframe(1)
    if caller.f_code.co_name == "<module>" and caller.f_lineno > {hidden_line}:
        _warnings.warn("{name} was called from here", stacklevel=2)
        raise ValueError("{name} gives up on these inputs")
    return _answer_{name}(*args, **kwargs)
"""

# Appended to another answer: its output shows the folder it ran in (the grader's scratch, under /tmp) and
# an error message quoting a path under the course root. The path is spelled in hex so that only the output
# holds it, as when the instructor's paths reach a message the student's code never wrote.
SHOWS_PATHS = """
import os as _os
print("working in", _os.getcwd())
try:
    open(bytes.fromhex({missing!r}).decode())
except OSError as _error:
    print(_error)
"""


@pytest.fixture(scope="module")
def feedback(new_course):
    """The feedback page of a submission whose first exercise fails its hidden tests only (a wrong value)
    and whose third raises an error of its own in them, the autograded notebook it was made from, and the
    chapter."""
    course = new_course("feedback")
    release = course.generate(CHAPTER)
    chapter = grading_class.read_chapter(course.root / "source" / CHAPTER, release)
    first, second, third = chapter.exercises[:3]
    spoiled = chapter.hidden_only_wrong(first)
    gives_up = chapter.answers[third] + GIVES_UP_IN_HIDDEN.format(
        name=third, hidden_line=chapter.hidden_line(chapter.tests_of(third)[0]))
    missing = str(course.root / "source" / CHAPTER / "missing.npy")
    shows_paths = chapter.answers[second] + SHOWS_PATHS.format(missing=missing.encode().hex())
    submission = grading_class.fill_in(spoiled, {third: gives_up, second: shows_paths})
    course.submit(CHAPTER, "hidden_wrong", {chapter.name: submission})
    rows = grade_course(course, CHAPTER)
    assert rows["hidden_wrong"]["status"] == "graded", rows
    course.nbgrader("generate_feedback", CHAPTER, "--force")
    page = (course.root / "feedback" / "hidden_wrong" / CHAPTER / chapter.name.replace(".ipynb", ".html")).read_text()
    autograded = course.autograded_notebook(CHAPTER, "hidden_wrong", chapter.name)
    with Gradebook(course.db_url) as gradebook:
        scores = {g: (gradebook.find_grade(g, chapter.name[: -len(".ipynb")], CHAPTER, "hidden_wrong").score,
                      chapter.points[g]) for g in chapter.tests}
    return page, autograded, chapter, [first, third], course.root, scores


def test_feedback_shows_no_hidden_test_code(feedback):
    page, _, chapter, _, _, _ = feedback
    text = visible_text(page)
    seen = (paths.RELEASE / CHAPTER / chapter.name).read_text() + "\n".join(chapter.answers.values())
    lines = hidden_lines(chapter.source, seen)
    assert len(lines) >= 10, "the chapter's hidden tests should give many distinctive lines to look for"
    shown = [line for line in lines if line in text or line in page]
    assert not shown, f"feedback shows {len(shown)} of {len(lines)} hidden-test lines, e.g. {shown[:3]}"
    tests_with_hidden = [c for c in chapter.source.cells if HIDDEN_BEGIN in c.source]
    assert text.count(NOTE) == len(tests_with_hidden)


def test_a_failed_hidden_test_shows_its_message_and_no_traceback(feedback):
    page, autograded, chapter, (first, third), _, _ = feedback
    failed = {nbgrader_metadata(c)["grade_id"]: o for c in autograded.cells if nbgrader_metadata(c).get("grade")
              for o in c.get("outputs", []) if o.get("output_type") == "error"}
    first_test, third_test = chapter.tests_of(first)[0], chapter.tests_of(third)[0]
    assert first_test in failed and third_test in failed, f"the hidden tests should fail: {sorted(failed)}"
    frames = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(failed[third_test]["traceback"]))  # colour codes
    assert "Traceback (most recent call last)" in frames and "gives up on these inputs" in frames, \
        f"the autograded notebook should hold the traceback that feedback must not show: {frames}"
    warned = [o["text"] for c in autograded.cells if nbgrader_metadata(c).get("grade_id") == third_test
              for o in c.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert any("was called from here" in w for w in warned), \
        "the autograded notebook should hold the warning that quotes a hidden line"
    text = visible_text(page)
    assert f"{third} was called from here" in text, "the warning itself is the student's to see"
    for error in failed.values():
        assert f"{error['ename']}: {error['evalue'].splitlines()[0]}" in text
    assert "Traceback (most recent call last)" not in text
    assert not re.search(r'File "[^"]*", line \d+|Cell In\[\d+\], line \d+', text), "a traceback frame is shown"


def points(value):
    return f"{value:g}"


def test_feedback_names_each_exercise_with_its_score(feedback):
    """Above each test cell, the exercise it grades and the points it gave (from the gradebook)."""
    page, _, chapter, _, _, scores = feedback
    text = visible_text(page)
    assert any(score < maximum for score, maximum in scores.values()), "some test should have lost points"
    for exercise in chapter.exercises:
        tests = chapter.tests_of(exercise)
        assert tests, exercise
        for test in tests:
            score, maximum = scores[test]
            part = "" if len(tests) == 1 else f" ({test})"
            assert f"Exercise {exercise}{part}: {points(score)} / {points(maximum)} points" in text, (exercise, test)


def test_feedback_shows_no_absolute_path(feedback):
    """The course root and the grader's scratch folders under /tmp appear only as short relative paths."""
    page, autograded, _, _, root, _ = feedback
    outputs = str([c.get("outputs") for c in autograded.cells])
    assert str(root) in outputs and "working in /tmp/" in outputs, "the answer should have printed both paths"
    assert str(root) not in page and "/tmp/" not in page
    text = visible_text(page)
    assert f"No such file or directory: 'source/{CHAPTER}/missing.npy'" in text
