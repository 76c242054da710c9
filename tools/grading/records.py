"""What the grading command sends a worker for one submission: a typed record, so that the command and
the worker (tools/grading/worker.py) agree on every field, and a missing or misspelt one fails where the
task is made rather than as a KeyError inside a worker.

A task travels by value (pickled to a process of the pool, or to a Dask worker), so it holds no paths the
worker must share: the notebooks as text, the template gradebook as bytes, the files of the assignment
folder as bytes.
"""

import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GradingTask:
    student: str                   # the student id, or the reference solution's own id
    chapter: str                   # the assignment id
    run_id: str                    # this run's scratch folder name on the worker
    notebooks: dict                # file name -> notebook JSON text, as the student handed it in (repaired)
    gradebook: bytes               # a gradebook holding the assignment and no student
    config: dict                   # the course's nbgrader configuration, as a plain dict
    autograde_preprocessors: list  # nbgrader's autograde pipeline, by class path
    course_files: dict = field(default_factory=dict)  # path in the assignment folder -> bytes (data files)
    probe_prelude: str = ""        # the imports the canary cells need
    cell_timeout: float | None = None  # seconds per cell; None: the course's Execute.timeout
    deadline_s: float | None = None    # seconds for the whole notebook
    limits: dict = field(default_factory=dict)  # the kernel's resource limits (tools/grading/sandbox.py)
    hide: list = field(default_factory=list)    # folders the kernel must not see
    sandbox: bool = True
    sandbox_user: str | None = None    # None: identity.SANDBOX_USER
    scratch_root: str | None = None    # None: the system's temporary folder
    preload: list = field(default_factory=list)  # modules the kernel factory imports once


@dataclass
class GradingResult:
    """What a worker hands back for one task; the command's verdict then changes ``status``, ``reason``,
    ``flags``, ``errors`` and ``notebooks`` before the gradebook records it."""
    student: str
    status: str                    # a tools.grading.status.Status
    reason: str = ""
    notebooks: dict = field(default_factory=dict)  # file name -> the autograded notebook's JSON text
    flags: list = field(default_factory=list)
    log: list = field(default_factory=list)        # nbgrader's log lines for this submission
    isolation: str = ""            # how the kernel was sandboxed, in words
    worker: str = ""               # host:pid of the worker that graded it
    seconds: float = 0
    errors: dict = field(default_factory=dict)     # test cell -> the first line of its first error


# The record of the submission this thread is grading: its deadline, working folder, probe cells, flags,
# and why its kernel stopped. Set by worker.grade_submission, read by the Execute preprocessor and the
# probes, which nbgrader creates and calls without a way to hand them anything else.
running = threading.local()
