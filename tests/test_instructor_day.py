"""An instructor's day with chapter 1, command by command as README gives it, in a course folder of its own.

The class: five students on the roster. Their work comes in one LMS download, named the ways an LMS and
students name files (late work, a copy saved in Colab, a resubmission), plus a notebook that lost its
nbgrader metadata (a copy of the published solution). One student hands in nothing. The instructor
imports the roster, collects, grades, exports and generates feedback; then Chromium opens what the
instructor and a student read: the class view and a student's feedback page.

Each assertion names the point of the instructor's checklist it stands for. Screenshots land in
build/test-artifacts/instructor-day/.
"""

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from test_browser import chromium, free_port, jupyterlab_settings, wait_until_up
from tools import paths
from grading_class import read_chapter
from helpers import HIDDEN_BEGIN, HIDDEN_END

CHAPTER = "ch01"
# carol's resubmission gets this exercise wrong (its last: no later exercise builds on it) with this case.
LOST, WRONG_CASE = "tanh_network_grads", "wrong_missing_factor_two.py"
ARTIFACTS = paths.REPO / "build" / "test-artifacts" / "instructor-day"
CASES = Path(__file__).parent / "cases" / CHAPTER
BIN = Path(sys.executable).parent
ROSTER = """id,first_name,last_name,email
alice,Alice,Ng,alice@example.org
bob,Bob,Okafor,bob@example.org
carol,Carol,Silva,carol@example.org
dave,Dave,Kim,dave@example.org
erin,Erin,Rossi,erin@example.org
"""


def case(exercise, name):
    """A case-library answer and the diagnosis its test shows."""
    code = (CASES / exercise / name).read_text()
    diagnosis = next(line.split(":", 1)[1].strip() for line in code.splitlines() if line.startswith("# diagnosis:"))
    return code, diagnosis


class Shell:
    """The instructor's terminal in the course folder: README's commands, with the repository on
    PYTHONPATH as README says for a separate course folder, and no standard input."""

    def __init__(self, root):
        self.root = root
        self.env = dict(os.environ, PYTHONPATH=str(paths.REPO), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
        self.env.pop("PYTEST_XDIST_WORKER", None)
        self.transcript = []

    def __call__(self, command, ok=(0,)):
        proc = subprocess.run(command, shell=True, cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=1800)
        self.transcript.append(f"$ {command}\n{proc.stdout}{proc.stderr}")
        assert proc.returncode in ok, f"`{command}` exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout + proc.stderr


def without_nbgrader_metadata(nb):
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    return nb


def as_text(nb):
    return nbformat.writes(nb)


@pytest.mark.slow
def test_roster_collect_grade_export_feedback(tmp_path):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    course = tmp_path / "course"
    course.mkdir()
    shutil.copytree(paths.SOURCE / CHAPTER, course / "source" / CHAPTER)
    (course / "nbgrader_config.py").write_text(f'load_subconfig({str(paths.REPO / "nbgrader_config.py")!r})\n')
    shell = Shell(course)

    # Step 1: the student version, and the assignment in this folder's own gradebook.
    shell(f"nbgrader generate_assignment {CHAPTER} --force")
    assert (course / "gradebook.db").is_file(), "a separate course folder keeps its own gradebook"
    ch = read_chapter(course / "source" / CHAPTER, course / "release" / CHAPTER)
    notebook = ch.name  # ch01_gradients_by_hand.ipynb

    # Step 3: the roster.
    (course / "roster.csv").write_text(ROSTER)
    shell("nbgrader db student import roster.csv")

    # The class's work, as the LMS names it.
    wrong, diagnosis = case(LOST, WRONG_CASE)
    first_try = ch.blank()
    resubmitted = ch.solved(**{LOST: wrong})
    solution_copy = nbformat.read(paths.SOLUTIONS / CHAPTER / notebook, as_version=4)
    download = {
        f"alice_LATE_1111_2222_{notebook}": as_text(ch.solved()),            # late, correct
        f"bob_3333_4444_Copy of {notebook}": as_text(ch.blank()),            # a Colab copy, untouched
        f"carol_5555_6666_{notebook}": as_text(first_try),                   # superseded by -2
        f"carol_5555_6666_{notebook.replace('.ipynb', '-2.ipynb')}": as_text(resubmitted),
        f"erin_7777_8888_{notebook}": as_text(without_nbgrader_metadata(solution_copy)),
    }
    archive = course / "downloaded" / CHAPTER / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        for name, text in download.items():
            zf.writestr(name, text)

    # Step 4: collect. Late work, "Copy of" and "-2" names are all accepted, and what was left out is said.
    collected = shell(f"nbgrader zip_collect {CHAPTER}")
    submitted = course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["alice", "bob", "carol", "erin"], (
        f"LATE / Copy of / -2 names: every student is collected once, under their own id\n{collected}")
    for student in ("alice", "bob", "carol", "erin"):
        assert os.listdir(submitted / student / CHAPTER) == [notebook], student
    assert nbformat.read(submitted / "carol" / CHAPTER / notebook, as_version=4) == resubmitted, (
        "the resubmission (-2) is the one collected")
    assert re.search(rf"Left out: .*carol_5555_6666_{re.escape(notebook)}.*earlier submission", collected), collected

    # Step 5: grade. The terminal table, then reports/ch01.csv.
    graded = shell(f"python -m tools.grading {CHAPTER} --no-progress")
    assert "SAWarning" not in graded and "Warning" not in graded, f"warnings in the grading output:\n{graded}"
    lines = {line.split()[0]: line for line in graded.splitlines() if line.split() and line.split()[0] in
             {"alice", "bob", "carol", "dave", "erin"}}
    assert set(lines) == {"alice", "bob", "carol", "dave", "erin"}, f"one line per roster student:\n{graded}"
    assert "no submission" in lines["dave"], "the roster's students who handed in nothing are listed"
    with open(course / "reports" / f"{CHAPTER}.csv", newline="") as f:
        report = {row["student_id"]: row for row in csv.DictReader(f)}
    total = sum(ch.points.values())
    exercises = len(ch.exercises)
    [lost_test] = ch.tests_of(LOST)
    assert report["dave"]["status"] == "no submission" and report["dave"]["score"] == ""
    assert float(report["alice"]["score"]) == total and report["alice"]["answered"] == f"{exercises}/{exercises}"
    # Per-exercise scores, and a blank submission told apart from an attempt.
    assert report["bob"]["answered"] == f"0/{exercises}" and float(report["bob"]["score"]) == 0
    assert float(report["carol"][lost_test]) == 0 and float(report["carol"]["score"]) == total - ch.points[lost_test]
    assert all(float(report["carol"][t]) == ch.points[t] for t in ch.points if t != lost_test)
    assert lost_test in graded, "the terminal names the test cells a student lost"
    # A copy of solutions/ without nbgrader metadata: matched by text, graded in full, and flagged.
    assert report["erin"]["status"] == "graded, needs attention: no nbgrader metadata"
    assert float(report["erin"]["score"]) == total, report["erin"]
    assert "scan:" not in report["erin"]["flags"], "the course's own setup cell is not flagged"
    # The class view: per test cell, who lost it and which diagnosis fired.
    with open(course / "reports" / f"{CHAPTER}-exercises.csv", newline="") as f:
        view = [row for row in csv.DictReader(f) if row["test_cell"] == lost_test]
    assert any(diagnosis[:40] in row["message"] and int(row["students"]) == 1 for row in view), view
    assert int(view[0]["lost_blank"]) == 1 and int(view[0]["lost_attempted"]) == 1, view

    # Step 6: export and feedback.
    exporting = shell("nbgrader export")
    assert "ERROR" not in exporting and "Warning" not in exporting, exporting
    with open(course / "grades.csv", newline="") as f:
        exported = {row["student_id"]: row for row in csv.DictReader(f)}
    assert exported["dave"]["status"] == "no submission" and exported["alice"]["status"] == "graded"
    assert exported["dave"]["score"] == "", "no score at all for a student who handed in nothing"
    assert float(exported["carol"]["score"]) == total - ch.points[lost_test]
    made = shell(f"nbgrader generate_feedback {CHAPTER}")
    assert "ERROR" not in made and "not recognized" not in made, f"feedback generation complained:\n{made}"
    feedback = course / "feedback" / "carol" / CHAPTER / notebook.replace(".ipynb", ".html")
    assert feedback.is_file()

    # What the instructor and carol read, in a real browser: Formgrader (a server started in the course
    # folder, as `jupyter lab` there would be), the class view, carol's feedback.
    port, token = free_port(), "instructor-day"
    server_log = open(tmp_path / "server.log", "w")
    env = dict(shell.env, JUPYTERLAB_SETTINGS_DIR=str(jupyterlab_settings(tmp_path / "settings")))
    server = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],
        cwd=course, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
    hidden = [line.strip() for line in ch.tests[lost_test].source.split(HIDDEN_BEGIN)[1]
              .split(HIDDEN_END)[0].splitlines() if len(line.strip()) > 12]
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(server, base, token, tmp_path / "server.log")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium())
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.set_default_timeout(120_000)
            try:
                # The gradebook the command wrote, as Formgrader shows it: the whole roster, names and scores.
                page.goto(f"{base}/formgrader/manage_students?token={token}")
                page.get_by_text("Okafor").first.wait_for()
                students = page.inner_text("body")
                page.screenshot(path=ARTIFACTS / "0-formgrader-students.png", full_page=True)
                for line in ROSTER.splitlines()[1:]:
                    _, first, last, _ = line.split(",")
                    assert last in students and first in students, f"{first} {last} missing from Formgrader"
                # nbgrader's own total for a student with no submission is 0 (README says so); the export
                # above leaves it empty.
                assert f"0 / {total:g}" in page.locator("tr", has_text="dave@example.org").inner_text()
                page.goto(f"{base}/formgrader/manage_students/carol/{CHAPTER}?token={token}")
                page.get_by_text(notebook.replace(".ipynb", "")).first.wait_for()
                carol = page.inner_text("body")
                assert f"{total - ch.points[lost_test]:g} / {total:g}" in carol, carol

                page.goto((course / "reports" / f"{CHAPTER}-exercises.png").as_uri())
                assert page.evaluate("document.images[0].naturalWidth") > 300, "the class view plot renders"
                page.screenshot(path=ARTIFACTS / "1-class-view.png")

                page.goto(feedback.as_uri())
                page.get_by_text("Exercise").first.wait_for()
                text = page.inner_text("body")
                page.screenshot(path=ARTIFACTS / "2-feedback-carol.png", full_page=True)
            except Exception:
                page.screenshot(path=ARTIFACTS / "failure.png")
                raise
            finally:
                browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert re.search(rf"Exercise\s+{LOST}:\s+0 / \d+ points", text), "the feedback names the exercise she lost"
    for exercise in ch.exercises:
        if exercise != LOST:
            assert re.search(rf"Exercise\s+{exercise}:\s+(\d+) / \1 points", text), f"and {exercise}, which she earned"
    assert diagnosis[:40] in text, "the failing test's message reaches the student"
    failure = text[text.index(diagnosis[:40]) - 400: text.index(diagnosis[:40]) + 200]
    assert "Traceback" not in failure and "File \"" not in failure, f"the message alone, short:\n{failure}"
    assert str(course) not in text and str(paths.REPO) not in text and "/tmp/" not in text, (
        "no absolute path of the instructor's machine in the feedback")
    assert "hidden tests ran here" in text
    leaked = [line for line in hidden if line in text]
    assert not leaked, f"hidden test lines in the feedback: {leaked[:3]}"

    (ARTIFACTS / "transcript.txt").write_text("\n".join(shell.transcript))


def test_what_an_instructor_and_students_leave_in_the_checkout_stays_out_of_git():
    """grades.csv, roster.csv, the gradebook, students' work/ copies, and the grading outputs are ignored."""
    for path in ("grades.csv", "roster.csv", "gradebook.db", "work/ch01/ch01_gradients_by_hand.ipynb",
                 "submitted/alice/ch01/x.ipynb", "autograded/alice/ch01/x.ipynb",
                 "feedback/alice/ch01/x.html", "downloaded/ch01/archive/x.zip", "reports/ch01.csv"):
        proc = subprocess.run(["git", "check-ignore", "-q", path], cwd=paths.REPO)
        assert proc.returncode == 0, f"{path} is not git-ignored"


def test_readme_tells_students_to_copy_and_how_to_hand_in():
    readme = (paths.REPO / "README.md").read_text()
    assert "cp -r release/ch01 work/" in readme, "students work on a copy, not in release/"
    assert "File → Download → Download .ipynb" in readme, "how to hand in from Colab"
    assert "Handing in" in readme
    assert "Autograde* button" in readme and "runs nbgrader's own pipeline instead" in readme


def test_the_first_make_lab_says_what_it_installs():
    """A first `make lab` prints what it sets up and pip's own progress, rather than minutes of silence."""
    dry = subprocess.run(["make", "-n", "-B", ".venv/.installed"], cwd=paths.REPO, capture_output=True, text=True,
                         check=True).stdout
    assert "Setting up the course environment" in dry and "--progress-bar on" in dry
