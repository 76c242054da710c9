"""A submission's grading status: the one type the worker, the verdict, the report, the terminal summary
and the export all use, so that they agree on what a status means.

A status is a string (it goes into reports/chNN.csv and the export as it is) with two questions answered
in one place: does the submission have a score (``scored``: its points are real, every kind of
``graded``), and must the instructor look at it (``needs_attention``: everything but a plain ``graded``
and ``no submission``; a partial grade lost points to a crash or a time limit, not to wrong answers).
README's table of statuses lists the same ones.
"""


class Status(str):
    __slots__ = ()

    @property
    def scored(self):
        return self.startswith("graded")

    @property
    def needs_attention(self):
        return self not in (GRADED, NO_SUBMISSION)


GRADED = Status("graded")
GRADED_UNTRUSTED = Status("graded 0: kernel no longer reports failures")
ADOPTED = Status("graded, needs attention: no nbgrader metadata")
NOT_GRADABLE = Status("not gradable, needs attention")
NO_SUBMISSION = Status("no submission")
GRADING_ERROR = Status("grading error, needs attention")


def partial(kind):
    """A grade cut short: ``kind`` is "kernel died" or "timeout"."""
    return Status(f"graded, partial: {kind}")


ALL_FIXED = (GRADED, GRADED_UNTRUSTED, ADOPTED, NOT_GRADABLE, NO_SUBMISSION, GRADING_ERROR)
