"""One grading run of a chapter, from the submitted folder to the gradebook and the report: the module
that ties the others together (``python -m tools.grading`` is its command line, tools/grading/__main__.py).

The reference solution's two runs go first; each student's result waits for them, is decided
(tools/grading/outcome.py) and is recorded in the gradebook by this process alone
(tools/grading/gradebook.py). The report and the class view follow.
"""

import contextlib
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tools.grading import class_view, course as course_settings, dispatch, outcome, report, status, tasks
from tools.grading.gradebook import GradebookWriter, quiet_gradebook
from tools.grading.identity import SANDBOX_USER


def grade(chapter, course_root=".", **options):
    """Grade ``chapter`` in the course at ``course_root``; return the report rows (one per student). Every
    gradebook access of the run, nbgrader's own included, is under ``quiet_gradebook``."""
    with quiet_gradebook():
        return _grade(chapter, course_root, **options)


def _grade(chapter, course_root=".", workers=None, scheduler=None, roster=None, cell_timeout=None,
           deadline_s=None, limits=None, sandbox=True, sandbox_user=SANDBOX_USER,
           report_path=None, progress=True, out=sys.stdout, preload=tasks.PRELOAD):
    from tqdm import tqdm
    course = course_settings.CourseSettings(course_root)
    course_settings.require_chapter(course, chapter)
    report_path = Path(report_path) if report_path else Path(course.coursedir.root) / report.REPORT_DIR / f"{chapter}.csv"
    course_settings.ensure_assignment(course, chapter)
    if roster:
        print(f"Roster: {course_settings.import_roster(course, roster)} students imported from {roster}", file=out)
    from nbgrader.api import Gradebook
    with Gradebook(course.db_url) as gb:
        roster_ids = [s.id for s in gb.students]
    # Everyone in the gradebook is on the roster: whoever submitted nothing is listed, not forgotten.
    students, absent = tasks.find_students(course, chapter, roster_ids)
    workers = workers or os.cpu_count() or 1
    cell_timeout = cell_timeout or None
    per_cell = cell_timeout or course.config.get("Execute", {}).get("timeout", 30)
    options = {
        "run_id": f"autograd-grading-{uuid.uuid4().hex[:10]}",
        "cell_timeout": cell_timeout,
        # A whole notebook may take the per-cell limit a few times over, never forever.
        "deadline_s": deadline_s or max(60, 4 * float(per_cell or 30)),
        "limits": dict(tasks.DEFAULT_LIMITS, **(limits or {})),
        "hide": course_settings.hidden_paths(course, report_path.parent) if sandbox else [],
        "sandbox": sandbox, "sandbox_user": sandbox_user, "preload": list(preload or []),
    }
    if not sandbox:
        options["limits"] = {}
    cells, prepared, to_grade, reference_tasks = tasks.build_tasks(course, chapter, students, options)
    writer = GradebookWriter(course, chapter, to_grade[0].autograde_preprocessors if to_grade else [])
    outcomes = {}
    started = time.monotonic()

    def record_result(result, reference):
        student = result.student
        if result.notebooks:
            outcome.apply_verdict(result, reference, cells)
        decided, reason = status.Status(result.status), result.reason
        if prepared[student].adopted and decided == status.GRADED:
            decided = status.ADOPTED
            reason = "cells were matched to the assignment by their text (see flags): read the notebook"
        if result.notebooks:
            ok, error = writer.record(result)
            if not ok:
                decided, reason = status.GRADING_ERROR, f"recording in the gradebook failed: {error}"
        else:
            writer.add_student(student)
        outcomes[student] = {"status": decided, "reason": reason, "errors": result.errors,
                             "flags": prepared[student].flags + result.flags,
                             "isolation": result.isolation, "seconds": result.seconds}
        bar.set_postfix_str(student[-20:], refresh=False)
        bar.update(1)

    bar = tqdm(total=len(students), desc=f"grading {chapter}", unit="submission", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    try:
        for student, prep in prepared.items():
            if prep.not_gradable:
                writer.add_student(student)
                outcomes[student] = {"status": status.NOT_GRADABLE, "reason": prep.not_gradable,
                                     "flags": prep.flags, "isolation": "", "seconds": 0}
                bar.update(1)
        # The reference solution's run goes first in the queue; students' results wait for it.
        everything = reference_tasks + to_grade if to_grade else []
        results = (dispatch.dask_results(everything, scheduler) if scheduler
                   else dispatch.local_results(everything, workers))
        reference, waiting, references = None, [], {}
        # Closed at once if anything below fails: the run's queued submissions are dropped, not left running.
        with contextlib.closing(results):
            for result in results:
                if result.student in (tasks.REFERENCE_ID, tasks.STRIPPED_REFERENCE_ID):
                    references[result.student] = result
                    if len(references) < 2:
                        continue
                    reference = outcome.settle_reference(references[tasks.REFERENCE_ID],
                                                         references[tasks.STRIPPED_REFERENCE_ID])
                    ready, waiting = waiting, []
                elif reference is None:
                    waiting.append(result)
                    continue
                else:
                    ready = [result]
                for result in ready:
                    record_result(result, reference)
            for result in waiting:  # the reference run never came back
                record_result(result, "the reference solution's run did not finish")
    finally:
        bar.close()
        writer.close()
        # Each submission's private folder is already gone; the run's (local) scratch folder goes too.
        run_folder = Path(options.get("scratch_root") or tempfile.gettempdir()) / options["run_id"]
        detach_mounts_below(run_folder)
        shutil.rmtree(run_folder, ignore_errors=True)
    rows, tests = report.report_rows(course, chapter, outcomes, prepared, absent, cells)
    report.write_csv(rows, tests, report_path)
    report.print_report(rows, chapter, time.monotonic() - started, report_path, out, tests)
    if tests and any(r["score"] != "" for r in rows):
        class_view.write_summary(class_view.class_summary(rows, tests), chapter, report_path, out)
    for row in rows:
        del row["_errors"], row["_answered"]
    return rows


def detach_mounts_below(folder):
    """Detach what is still mounted in the run's scratch folder (a working folder's own file system, left by
    a worker that was killed before it could unmount it): rmtree cannot remove a mount point."""
    prefix = str(Path(folder).resolve()) + os.sep
    try:
        with open("/proc/self/mounts") as f:
            points = [line.split()[1].encode().decode("unicode_escape") for line in f]
    except OSError:
        return
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for point in sorted((p for p in points if p.startswith(prefix)), key=len, reverse=True):
        libc.umount2(point.encode(), 2)  # MNT_DETACH
