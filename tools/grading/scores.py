"""The one reader of scores from an nbgrader gradebook: the grading command's report, the test courses
and the benchmark all read grades through ``read``.

(``nbgrader export``'s plugin, tools/grading/export.py, reads nbgrader's submission objects itself: it
writes their time stamps and late penalties too.)
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StudentScores:
    name: str                    # "first last" from the roster, or ""
    total: float | None = None   # None: no submission in the gradebook
    max_score: float | None = None
    cells: dict = field(default_factory=dict)  # grade_id -> (score, max_score), for every graded cell

    @property
    def submitted(self):
        return self.total is not None


def read(db_url, chapter):
    """``{student id: StudentScores}`` for every student of the gradebook at ``db_url``. Raises nbgrader's
    MissingEntry when ``chapter`` never reached the gradebook: that is another failure than nobody
    having submitted."""
    from nbgrader.api import Gradebook, MissingEntry
    from tools.grading.gradebook import quiet_gradebook
    found = {}
    with quiet_gradebook(), Gradebook(db_url) as gb:
        gb.find_assignment(chapter)
        for student in gb.students:
            name = " ".join(n for n in (student.first_name, student.last_name) if n)
            try:
                submission = gb.find_submission(chapter, student.id)
            except MissingEntry:
                found[student.id] = StudentScores(name)
                continue
            cells = {g.name: (g.score, g.max_score) for nb in submission.notebooks for g in nb.grades}
            found[student.id] = StudentScores(name, submission.score, submission.max_score, cells)
    return found
