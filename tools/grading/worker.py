"""Grade one submission in private space: the task that worker processes (local or Dask) run.

``grade_submission(task)`` receives everything by value in a ``GradingTask`` (tools/grading/records.py:
the notebooks, a gradebook holding only the assignment, the course's nbgrader settings) and returns the
executed, autograded notebooks and what happened, by value, in a ``GradingResult``. It never touches the
course's gradebook: the coordinator (tools/grading/run.py, through gradebook.py) records the result there
with nbgrader's own SaveAutoGrades, one submission at a time.

Execution goes through nbgrader's own Autograde converter, with its Execute preprocessor replaced by
``GuardedExecute``, which
- starts the kernel through tools/grading/sandbox.py (own folder, limits, unprivileged user, hidden
  instructor folders);
- keeps the points of test cells that ran before a kernel death or a timeout, and marks every later
  test cell failed with the reason (otherwise an unexecuted test cell, having no error, would count as
  passed);
- caps what a cell may print, so that a flood of output cannot exhaust the grader's memory;
- runs probe cells (look like test cells, must fail) to notice a kernel that no longer reports errors.
"""

import copy
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from tools.cells import is_test
from tools.grading import status
from tools.grading.execute import error_output
from tools.grading.gradebook import quiet_gradebook
from tools.grading.identity import SANDBOX_USER, sandbox_identity
from tools.grading.pipeline import sanitize_pipeline, split_pipeline
from tools.grading.probes import is_probe, with_probes
from tools.grading.records import GradingResult, running


def grade_submission(task):
    """Grade one submission; see the module text. Never raises: an unexpected failure is returned as
    the submission's outcome."""
    started = time.monotonic()
    from traitlets.config import Config
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.converters import Autograde, NbGraderException

    student, chapter = task.student, task.chapter
    record = {"deadline_s": task.deadline_s, "flags": []}
    running.record = record
    log_lines = []

    class Collect(logging.Handler):
        def emit(self, rec):
            log_lines.append(f"[{rec.levelname}] {rec.getMessage()}")

    logger = logging.getLogger(f"autograd-grading.{student}")
    logger.handlers[:] = [Collect()]
    logger.setLevel(logging.INFO)
    logger.propagate = False

    scratch_root = task.scratch_root or tempfile.gettempdir()
    base = Path(scratch_root) / task.run_id
    base.mkdir(mode=0o711, parents=True, exist_ok=True)
    os.chmod(base, 0o711)
    private = Path(tempfile.mkdtemp(prefix="s-", dir=base))
    result = GradingResult(student, status.GRADED, log=log_lines, worker=f"{os.uname().nodename}:{os.getpid()}")
    identity = None
    try:
        identity = sandbox_identity(task.sandbox_user or SANDBOX_USER) if task.sandbox else None
        course = private / "course"
        course.mkdir(mode=0o700)
        workdir = private / f"work-{os.urandom(6).hex()}"
        workdir.mkdir(mode=0o700)
        if identity:
            identity.mount_workdir(workdir, task.limits.get("disk_bytes"))
            os.chmod(private, 0o711)
            os.chown(workdir, identity[1], identity[2])
        record["workdir"] = str(workdir)
        blocker = private / "blocked"
        blocker.touch(mode=0o000)
        os.chmod(blocker, 0o000)
        for relative, data in task.course_files.items():
            target = workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if identity:
                os.chown(target, identity[1], identity[2])
        (course / "gradebook.db").write_bytes(task.gradebook)
        submitted = course / "submitted" / student / chapter
        submitted.mkdir(parents=True)
        for name, text in task.notebooks.items():
            nb = with_probes(nbformat.reads(text, as_version=4), task.probe_prelude)
            nbformat.write(nb, str(submitted / name))

        config = copy.deepcopy(Config(task.config))
        here, _ = split_pipeline(task.autograde_preprocessors)
        config.Autograde.autograde_preprocessors = here
        config.Autograde.sanitize_preprocessors = sanitize_pipeline(config)
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        config.CourseDirectory.submitted_directory = "submitted"
        config.CourseDirectory.autograded_directory = "autograded"
        config.CourseDirectory.source_directory = "source"
        config.CourseDirectory.student_id = student
        config.CourseDirectory.assignment_id = chapter
        config.CourseDirectory.notebook_id = "*"
        config.BaseConverter.force = True
        if task.cell_timeout:
            config.Execute.timeout = task.cell_timeout
        config.SandboxKernelManager.sandbox = sandbox_settings(task, identity, workdir, base, blocker, course)
        config.SandboxKernelManager.preload = list(task.preload)
        # By shutdown every output is in, and the kernel's namespace dies with it: no need to give a kernel
        # that is slow to exit jupyter_client's 5 s (2.5 s, then SIGTERM; seen in 1 of 3 new-interpreter
        # kernels in their PID namespace).
        config.SandboxKernelManager.shutdown_wait_time = 0.5
        (course / "source" / chapter).mkdir(parents=True)
        coursedir = CourseDirectory(config=config, log=logger)
        converter = Autograde(coursedir=coursedir, config=config, log=logger)
        try:
            with quiet_gradebook():
                converter.start()
        except NbGraderException:
            result.status = status.GRADING_ERROR
            result.reason = "nbgrader could not grade this submission: " + " | ".join(
                line for line in log_lines if line.startswith("[ERROR]"))[-600:]
            return result

        sandbox = record.get("sandbox") or {}
        result.isolation = describe_isolation(sandbox, identity)
        autograded = course / "autograded" / student / chapter
        probes_silent = 0
        for name in task.notebooks:
            nb = nbformat.read(str(autograded / name), as_version=4)
            kept = []
            for cell in nb.cells:
                if is_probe(cell):
                    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    if not errors:
                        probes_silent += 1
                    continue
                kept.append(cell)
            nb.cells = kept
            if probes_silent:
                why = ("a check that must fail ran without an error: this kernel no longer reports failures, "
                       "so no test result from it can be trusted")
                for cell in nb.cells:
                    if is_test(cell):
                        cell.outputs = [error_output("UntrustworthyKernel", why)]
            result.notebooks[name] = nbformat.writes(nb)
        if probes_silent:
            result.status = status.GRADED_UNTRUSTED
            result.reason = ("a check that must fail passed silently: the answers changed how the kernel "
                                "reports errors; every test cell scored 0")
        elif record.get("stopped"):
            result.status = status.partial(record.get('stop_kind', 'stopped'))
            result.reason = f"{record['stopped']}; earlier test cells keep their points, later ones failed"
        result.flags.extend(record.get("flags", []))
        written = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*")
                         if p.is_file() and not p.relative_to(workdir).parts[0].startswith(".")
                         and str(p.relative_to(workdir)) not in task.course_files)
        if written:
            result.flags.append(f"wrote files in its working folder: {', '.join(written[:5])}"
                                   + (" ..." if len(written) > 5 else ""))
        return result
    except Exception as error:  # one submission's failure must never stop the others
        import traceback
        result.status = status.GRADING_ERROR
        result.reason = f"{type(error).__name__}: {error}"
        log_lines.append(traceback.format_exc())
        return result
    finally:
        running.record = None
        result.seconds = round(time.monotonic() - started, 2)
        if identity:
            identity.release()
        shutil.rmtree(private, ignore_errors=True)


def sandbox_settings(task, identity, workdir, base, blocker, course):
    """What tools/grading/sandbox.py is told for one submission (see its module text)."""
    hidden = list(task.hide)
    limits = dict(task.limits)
    roots = [os.path.realpath(p) for p in hidden if os.path.isdir(p)]
    under_hidden = lambda p: any(p == r or p.startswith(r + os.sep) for r in roots)  # noqa: E731
    # A whitelist: under the course folder and the repository, only the course's package and the Python
    # environment; elsewhere, what the interpreter imports from (the standard library under /root, say).
    expose = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix)}
    expose.add(os.path.realpath(sys.executable))
    package = importlib.util.find_spec("autograd_course")
    if package is not None:
        expose.update(os.path.realpath(p) for p in package.submodule_search_locations or ())
    for entry in sys.path:
        entry = os.path.realpath(entry) if entry else ""
        if entry and os.path.isdir(entry) and not under_hidden(entry):
            expose.add(entry)
    return {
        "workdir": str(workdir), "uid": identity[1] if identity else None,
        "gid": identity[2] if identity else None, "user": identity[0] if identity else None,
        "limits": limits, "hide": hidden + [str(course)], "scratch_base": str(base), "blocker": str(blocker),
        "expose": sorted(expose), "cgroups": identity.make_cgroups(limits) if identity else {},
        "env": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
                # The course's checks report what they see; tools/grading/verdict.py decides from that.
                "AUTOGRAD_COURSE_GRADING": "1"},
    }


def describe_isolation(sandbox, identity):
    """The report's ``isolation`` column: what applied to this submission, and every step skipped."""
    parts = []
    if sandbox.get("user"):
        parts.append(f"user {sandbox['user']}" + (f" (uid {sandbox['uid']})" if sandbox.get("uid") is not None else ""))
    else:
        parts.append("grader's own user")
    if "PID" in sandbox.get("namespaces", []):
        parts.append("own PID namespace" + (" and /proc" if "/proc" in sandbox.get("private", []) else ""))
    parts.append("instructor folders hidden" if sandbox.get("hidden") else "instructor folders visible")
    scratch = [p for p in sandbox.get("private", []) if p != "/proc" and not p.endswith("(read-only)")]
    if scratch:
        parts.append("private " + ", ".join(scratch))
    if sandbox.get("read_only"):
        parts.append("everything else read-only")
    if identity is not None and getattr(identity, "mounted", None):
        parts.append("working folder of its own size")
    limits = sandbox.get("limits", {})
    parts.append("limits: " + (", ".join(sorted(limits)) if limits else "none"))
    if sandbox.get("cgroups"):
        parts.append("control groups: " + ", ".join(sandbox["cgroups"]))
    skipped = list(getattr(identity, "skipped", None) or []) + list(sandbox.get("skipped", []))
    if skipped:
        parts.append("skipped: " + "; ".join(skipped))
    return "; ".join(parts)
