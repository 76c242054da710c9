"""The course's gradebook, written by one process only: each worker's result is recorded through nbgrader's
Autograde converter from SaveAutoGrades onwards, one submission at a time."""

import contextlib
import copy
import logging
import shutil
import tempfile
from pathlib import Path

from tools.grading.pipeline import split_pipeline


@contextlib.contextmanager
def quiet_gradebook():
    """nbgrader's gradebook code makes SQLAlchemy warn ("Object of type <SubmittedAssignment> not in
    session...") on every submission it records; the warning is about nbgrader's own session handling,
    changes nothing in the gradebook, and would otherwise break up the progress bar."""
    import warnings
    from sqlalchemy.exc import SAWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


class GradebookWriter:
    """The only writer of the course's gradebook: records a worker's result with nbgrader's Autograde
    converter, its execution steps removed (the worker ran them) and SaveAutoGrades onwards kept."""

    def __init__(self, course, chapter, autograde_preprocessors):
        self.course, self.chapter = course, chapter
        self.staging = Path(tempfile.mkdtemp(prefix="autograd-grading-staging-"))
        self.preprocessors = split_pipeline(autograde_preprocessors)[1]
        self.log = logging.getLogger("autograd-grading.writer")
        self.log.propagate = False
        self.lines = []

        class Collect(logging.Handler):
            def emit(inner, rec):  # noqa: N805
                self.lines.append(f"[{rec.levelname}] {rec.getMessage()}")
        self.log.handlers[:] = [Collect()]
        self.log.setLevel(logging.INFO)

    def record(self, result):
        student = result.student
        folder = self.staging / student / self.chapter
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in result.notebooks.items():
            (folder / name).write_text(text, encoding="utf-8")
        timestamp = self.course.folder("submitted") / student / self.chapter / "timestamp.txt"
        if timestamp.is_file():
            shutil.copy(timestamp, folder / "timestamp.txt")
        config = copy.deepcopy(self.course.config)
        config.Autograde.sanitize_preprocessors = []
        config.Autograde.autograde_preprocessors = self.preprocessors
        config.CourseDirectory.submitted_directory = str(self.staging)
        config.CourseDirectory.student_id = student
        config.CourseDirectory.assignment_id = self.chapter
        config.CourseDirectory.notebook_id = "*"
        config.BaseConverter.force = True
        self.lines.clear()
        with quiet_gradebook():
            return self._autograde(folder, config)

    def _autograde(self, folder, config):
        from nbgrader.converters import Autograde, NbGraderException
        from nbgrader.coursedir import CourseDirectory
        try:
            Autograde(coursedir=CourseDirectory(config=config, log=self.log), config=config, log=self.log).start()
        except NbGraderException:
            return False, " | ".join(line for line in self.lines if line.startswith("[ERROR]"))[-600:]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return True, ""

    def add_student(self, student):
        from nbgrader.api import Gradebook
        with quiet_gradebook(), Gradebook(self.course.db_url) as gb:
            gb.update_or_create_student(student)

    def close(self):
        shutil.rmtree(self.staging, ignore_errors=True)
