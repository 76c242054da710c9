"""`nbgrader export` with each student's grading status, so that "not gradable" never exports as 0.0.

nbgrader's own CSV export gives a student without a gradable submission a score of 0.0, exactly like an
honest zero. This plugin writes the same columns plus ``status`` and ``needs_attention``, taken from the
grading command's reports (``reports/<assignment>.csv``), and leaves the score empty where the status
says the submission could not be graded. Enable it in nbgrader_config.py:

    c.ExportApp.plugin_class = "tools.grading.export.StatusCsvExportPlugin"
"""

import csv
import os

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin

from tools.grading.report import REPORT_DIR
from tools.grading.status import GRADED, NO_SUBMISSION, Status

KEYS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "raw_score",
        "late_submission_penalty", "score", "max_score", "status", "needs_attention"]


def read_statuses(root, assignment):
    path = os.path.join(root, REPORT_DIR, f"{assignment}.csv")
    if not os.path.isfile(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


class StatusCsvExportPlugin(ExportPlugin):
    def export(self, gradebook):
        dest = self.to or "grades.csv"
        root = os.getcwd()
        with open(dest, "w", newline="", encoding="utf-8") as f:
            out = csv.DictWriter(f, fieldnames=KEYS)
            out.writeheader()
            for assignment in gradebook.assignments:
                if self.assignment and assignment.name not in [str(a) for a in self.assignment]:
                    continue
                statuses = read_statuses(root, assignment.name)
                for student in gradebook.students:
                    if self.student and student.id not in [str(s) for s in self.student]:
                        continue
                    report = statuses.get(student.id, {})
                    row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
                           "last_name": student.last_name, "first_name": student.first_name, "email": student.email,
                           "max_score": assignment.max_score}
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        submission = None
                    status = Status(report.get("status") or (GRADED if submission else NO_SUBMISSION))
                    gradable = status.scored and submission is not None
                    if gradable:
                        penalty = submission.late_submission_penalty
                        row.update(timestamp=submission.timestamp, raw_score=submission.score,
                                   late_submission_penalty=penalty, score=max(0.0, submission.score - penalty))
                    else:
                        row.update(timestamp="", raw_score="", late_submission_penalty="", score="")
                    row["status"] = status
                    row["needs_attention"] = "yes" if status.needs_attention else ""
                    out.writerow(row)
