"""The course as nbgrader sees it: its settings, its gradebook's assignment, its roster, and what of it
student code must not see. Everything here goes through nbgrader's own classes (CourseDirectory,
GenerateAssignment, Gradebook), read from the course's nbgrader_config.py."""

import contextlib
import copy
import csv
import logging
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from tools import paths
from tools.grading import verdict


class CourseSettings:
    """The course's nbgrader settings, read the way nbgrader reads them (nbgrader_config.py in the root)."""

    def __init__(self, root):
        from traitlets.config.loader import PyFileConfigLoader
        from nbgrader.coursedir import CourseDirectory
        self.root = Path(root).resolve()
        config_file = self.root / "nbgrader_config.py"
        if not config_file.is_file():
            raise SystemExit(f"No nbgrader_config.py in {self.root}: run this from a course root (or use --course).")
        self.config = PyFileConfigLoader(config_file.name, path=str(self.root)).load_config()
        if "root" not in self.config.get("CourseDirectory", {}):
            self.config.CourseDirectory.root = str(self.root)
        self.coursedir = CourseDirectory(config=self.config)
        self.db_url = self.coursedir.db_url

    def folder(self, name):
        return Path(self.coursedir.root) / getattr(self.coursedir, f"{name}_directory")

    def gradebook_path(self):
        if self.db_url.startswith("sqlite:///"):
            return Path(self.db_url[len("sqlite:///"):])
        return None


def nbgrader_env():
    """The environment nbgrader runs in: it starts helper programs (alembic) by name, so the folder of this
    Python comes first on PATH."""
    return dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


@contextlib.contextmanager
def nbgrader_on_path():
    """nbgrader starts helper programs by name: a new gradebook runs `alembic heads`. With this Python's
    folder first on PATH it finds the ones installed beside it, however the command was started."""
    saved = os.environ.get("PATH")
    os.environ["PATH"] = nbgrader_env()["PATH"]
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = saved


def generate_assignment(course, chapter, release_dir=None):
    """What ``nbgrader generate_assignment CHAPTER --force`` does, through the same converter, in this
    process (a new interpreter would spend seconds importing nbgrader); the assignment is recorded in the
    gradebook on the way. ``release_dir`` stands in for the course's release folder."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log
    config = copy.deepcopy(course.config)
    config.CourseDirectory.assignment_id = chapter
    config.BaseConverter.force = True
    if release_dir is not None:
        config.CourseDirectory.release_directory = str(release_dir)
    log = logging.getLogger("nbgrader.generate_assignment")
    log.setLevel(logging.INFO)
    log.propagate = False  # nbgrader's capture_log keeps the messages; they are shown only on failure
    with nbgrader_on_path():
        outcome = capture_log(
            GenerateAssignment(coursedir=CourseDirectory(config=config, log=log), config=config, log=log))
    if not outcome["success"]:
        messages = [line for line in outcome.get("log", "").splitlines() if not line.startswith("[INFO]")]
        raise SystemExit(f"nbgrader generate_assignment {chapter} failed:\n" + "\n".join(messages))
    return Path(course.coursedir.root) / (release_dir or course.coursedir.release_directory) / chapter


def require_chapter(course, chapter):
    """Stop with one line when ``chapter`` is not an assignment of the course: this repository's chapters
    are those of its registry (tools/chapters.py), another course folder's are its source/ folders."""
    source = course.folder("source")
    if (source / chapter).is_dir():
        return
    if source.resolve() == paths.SOURCE.resolve():
        from tools.chapters import CHAPTERS
        known = [c.id for c in CHAPTERS]
    else:
        known = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    raise SystemExit(f"{chapter} is not a chapter of this course (no {source / chapter}); its chapters: "
                     f"{', '.join(known) or 'none yet'}")


def ensure_assignment(course, chapter):
    """The assignment must be in the gradebook (nbgrader generate_assignment puts it there). When it is
    not, generate it into a scratch release folder, so that a committed release/ is left as it is."""
    from nbgrader.api import Gradebook, MissingEntry
    with nbgrader_on_path(), Gradebook(course.db_url) as gb:  # opening a new gradebook runs alembic
        try:
            if gb.find_assignment(chapter).notebooks:
                return
        except MissingEntry:
            pass
    with tempfile.TemporaryDirectory() as scratch:
        generate_assignment(course, chapter, release_dir=scratch)


def template_gradebook(course, chapter, transform=None):
    """A copy of the gradebook that holds the assignment and nothing about any student; with
    ``transform``, every test cell's source is ``transform(source)`` there (what a kernel receives)."""
    from nbgrader.api import Gradebook
    path = course.gradebook_path()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "gradebook.db"
        source = sqlite3.connect(str(path))
        target = sqlite3.connect(str(copy))
        with target:
            source.backup(target)
        source.close()
        target.close()
        with Gradebook(f"sqlite:///{copy}") as gb:
            for student in list(gb.students):
                gb.remove_student(student.id)
            for assignment in list(gb.assignments):
                if assignment.name != chapter:
                    gb.remove_assignment(assignment.name)
        if transform is not None:
            verdict.rewrite_gradebook(copy, chapter, transform)
        connection = sqlite3.connect(str(copy))
        connection.execute("VACUUM")
        connection.close()
        return copy.read_bytes()


def import_roster(course, roster_csv):
    """Add or update students from a CSV with an ``id`` column (and optionally ``first_name``,
    ``last_name``, ``email``, ``lms_user_id``), the format of ``nbgrader db student import``."""
    from nbgrader.api import Gradebook
    allowed = ("first_name", "last_name", "email", "lms_user_id")
    count = 0
    with open(roster_csv, newline="", encoding="utf-8-sig") as f, Gradebook(course.db_url) as gb:
        for row in csv.DictReader(f):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            student_id = row.get("id") or row.get("student_id")
            if not student_id:
                continue
            gb.update_or_create_student(student_id, **{k: row[k] or None for k in allowed if k in row})
            count += 1
    return count


def hidden_paths(course, report_dir):
    """What student code must not see on this machine: the whole course folder and the whole repository
    (``.git``, ``py/``, ``source/``, the gradebook...; the sandbox lets back in only what a kernel needs to
    run, see tools/grading/worker.sandbox_settings), and the instructor's folders that lie outside both."""
    root = Path(course.coursedir.root).resolve()
    candidates = [root, paths.REPO]
    candidates += [course.folder(n) for n in ("source", "submitted", "autograded", "feedback")]
    candidates += [root / "downloaded", root / ".nbgrader", report_dir]
    with contextlib.suppress(Exception):
        candidates.append(Path(course.config.Exchange.root))
    gradebook = course.gradebook_path()
    if gradebook is not None:
        parent = gradebook.parent.resolve()
        # A folder holding the course (or the course root itself) stays visible: only the file is covered.
        candidates.append(gradebook if parent == root or parent in root.parents else parent)
    found = []
    for path in candidates:
        path = str(Path(path).resolve())
        if path not in found and os.path.lexists(path):
            found.append(path)
    # What lies inside another hidden folder is hidden with it.
    inside = lambda p, q: p != q and p.startswith(q.rstrip(os.sep) + os.sep)  # noqa: E731
    return [p for p in found if not any(inside(p, q) and os.path.isdir(q) for q in found)]
