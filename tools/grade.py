"""Grade every submission of a chapter: ``python -m tools.grade CHAPTER [--workers N] [--scheduler ADDRESS]``.

Run it from a course root (this repository, or any folder whose nbgrader_config.py loads this course's;
``--course DIR`` names another). nbgrader does the grading: its gradebook, its autograde pipeline,
its export and feedback. This command adds what a class of several hundred needs:

- submissions are graded in parallel by worker processes (``--workers``, default: the number of
  cores) or on a Dask cluster (``--scheduler``), each in a private folder with a private copy of the
  assignment's gradebook entries; this process alone writes the course's gradebook, through nbgrader's
  own SaveAutoGrades, one submission at a time;
- a progress bar with an ETA;
- a clear outcome per student, in a table at the end and in ``reports/<chapter>.csv``: a notebook that
  cannot be graded is "not gradable, needs attention" (never a silent 0); a kernel that dies or runs
  out of time keeps the points earned before; a kernel that stops reporting failures scores 0; edits
  to test cells, duplicated cells and suspicious code are flagged;
- student code runs in its own folder, with resource limits, as an unprivileged user and without
  sight of the instructor's folders, where the machine allows it (see README, "What grading protects");
- each submission's kernel is forked from a per-worker process that has imported numpy and torch once
  (tools/grading_zygote.py), instead of a new interpreter importing torch for every submission;
  ``--fresh-kernels`` starts every kernel as nbgrader does.
"""

import argparse
import concurrent.futures
import contextlib
import copy
import csv
import importlib
import logging
import multiprocessing
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tools.cells import grade_id, is_test, nbgrader_metadata
from tools.grading_records import GradingResult, GradingTask
from tools import grading_scan, grading_scores, grading_verdict, grading_worker, paths
from tools import grading_status as status

REPORT_DIR = "reports"
# Then one column per test cell (its score), in notebook order.
REPORT_FIELDS = ["student_id", "name", "status", "score", "max_score", "answered", "reason", "flags",
                 "edited_cells", "isolation", "seconds"]
# Per kernel process: CPU seconds, address space, file size. Per submission (as root): processes, and
# the size of each file system it may write to (its working folder, its private /tmp, /var/tmp, /dev/shm);
# memory_bytes also bounds the memory of all its processes together where a memory cgroup is available.
DEFAULT_LIMITS = {"cpu_seconds": 900, "memory_bytes": 4 * 2**30, "processes": 512, "file_bytes": 64 * 2**20,
                  "disk_bytes": 256 * 2**20}
# Imported once per worker by its kernel factory (tools/grading_zygote.py); each kernel is forked from it.
# torch._dynamo is what the first torch.optim optimizer of a kernel imports: about 2 s, every kernel.
PRELOAD = ("numpy", "torch", "torch._dynamo")
# The task that runs the assignment's reference solution (source/) once per run: its checks' reports are
# what every student's are compared with (tools/grading_verdict.py). No student can have this id: it is not
# a folder name the collection or `submitted/` produces (it holds a space).
REFERENCE_ID = "reference solution"
# The reference solution again, with the tests as a student's kernel gets them (reference blocks stripped):
# it tells which checks a student's kernel has no expected value for.
STRIPPED_REFERENCE_ID = "reference solution, as students see it"


# ---------------------------------------------------------------------------------------------
# The course

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


# nbgrader's SQLAlchemy warnings, silenced wherever the gradebook is used (the workers too).
quiet_gradebook = grading_worker.quiet_gradebook


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
            grading_verdict.rewrite_gradebook(copy, chapter, transform)
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
    run, see grading_worker.sandbox_settings), and the instructor's folders that lie outside both."""
    root = Path(course.coursedir.root).resolve()
    repository = Path(__file__).resolve().parents[1]
    candidates = [root, repository]
    candidates += [course.folder(n) for n in ("source", "submitted", "autograded", "feedback")]
    candidates += [root / "downloaded", root / ".nbgrader", report_dir]
    with contextlib.suppress(Exception):
        candidates.append(Path(course.config.Exchange.root))
    gradebook = course.gradebook_path()
    if gradebook is not None:
        parent = gradebook.parent.resolve()
        # A folder holding the course (or the course root itself) stays visible: only the file is covered.
        candidates.append(gradebook if parent == root or parent in root.parents else parent)
    paths = []
    for path in candidates:
        path = str(Path(path).resolve())
        if path not in paths and os.path.lexists(path):
            paths.append(path)
    # What lies inside another hidden folder is hidden with it.
    inside = lambda p, q: p != q and p.startswith(q.rstrip(os.sep) + os.sep)  # noqa: E731
    return [p for p in paths if not any(inside(p, q) and os.path.isdir(q) for q in paths)]


# ---------------------------------------------------------------------------------------------
# The class

def find_students(course, chapter, roster_ids):
    submitted = course.folder("submitted")
    # A chapter folder that is a symbolic link (even a broken one) counts as a submission, so that
    # grading_scan.prepare reports it as not gradable instead of grading whatever it points at.
    found = sorted(p.name for p in submitted.iterdir()
                   if p.is_dir() and not p.name.startswith(".")
                   and ((p / chapter).is_dir() or (p / chapter).is_symlink())) if submitted.is_dir() else []
    absent = sorted(set(roster_ids) - set(found))
    return found, absent


def build_tasks(course, chapter, students, options):
    """Read every submission (no code runs) and build the worker tasks for the gradable ones."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import ClearHiddenTests
    import nbformat
    with Gradebook(course.db_url) as gb:
        cells = grading_scan.assignment_cells(gb, chapter, ClearHiddenTests(config=course.config),
                                              course.folder("source") / chapter)
    first_test = next((c.source for cs in cells.values() for c in cs if c.grade and c.cell_type == "code"), "")
    prelude = "\n".join(line for line in first_test.splitlines() if line.startswith(("import ", "from ")))
    source_folder = course.folder("source") / chapter
    course_files = {}
    if source_folder.is_dir():
        for path in source_folder.rglob("*"):
            if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
                course_files[str(path.relative_to(source_folder))] = path.read_bytes()
    # Students' kernels get the tests without their reference blocks; the reference solution's gets them whole.
    template = template_gradebook(course, chapter, grading_verdict.for_student)
    reference_template = template_gradebook(course, chapter, grading_verdict.for_reference)
    config = copy.deepcopy(course.config)
    autograde_pps = list(course.config.get("Autograde", {}).get("autograde_preprocessors", []) or [])
    if not autograde_pps:
        from nbgrader.converters import Autograde
        autograde_pps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    def task_for(student, notebooks, gradebook):
        return GradingTask(
            student=student, chapter=chapter, run_id=options["run_id"],
            notebooks={name: nbformat.writes(nb) for name, nb in notebooks.items()},
            gradebook=gradebook, config=config, autograde_preprocessors=autograde_pps,
            course_files=course_files, probe_prelude=prelude,
            cell_timeout=options.get("cell_timeout"), deadline_s=options.get("deadline_s"),
            limits=options["limits"], hide=options["hide"], sandbox=options["sandbox"],
            sandbox_user=options.get("sandbox_user"), scratch_root=options.get("scratch_root"),
            preload=list(options.get("preload", [])))

    reference_notebooks = {name: nbformat.read(str(source_folder / name), as_version=4)
                           for name in cells if (source_folder / name).is_file()}
    if set(reference_notebooks) != set(cells):
        raise SystemExit(f"source/{chapter}/ lacks {', '.join(sorted(set(cells) - set(reference_notebooks)))}: "
                         "the grader runs the reference solution from there.")
    for nb in reference_notebooks.values():
        # What follows the last test cell (the chapter's ungraded showcase) decides nothing: not run.
        last = max((i for i, c in enumerate(nb.cells) if nbgrader_metadata(c).get("grade")),
                   default=len(nb.cells) - 1)
        nb.cells = nb.cells[:last + 1]
    reference_task = task_for(REFERENCE_ID, reference_notebooks, reference_template)
    stripped_task = task_for(STRIPPED_REFERENCE_ID, reference_notebooks, template)
    prepared, tasks = {}, []
    for student in students:
        folder = course.folder("submitted") / student / chapter
        prep = grading_scan.prepare(student, folder, cells)
        prepared[student] = prep
        if prep.not_gradable:
            continue
        for name, nb in prep.notebooks.items():
            answers = grading_scan.answer_cells(nb, cells[name])
            prep.flags.extend(grading_scan.scan_code(answers, grading_scan.imported_names(nb)))
            prep.answered += answered_exercises(nb, cells[name])
        tasks.append(task_for(student, prep.notebooks, template))
    return cells, prepared, tasks, [reference_task, stripped_task]


def answered_exercises(nb, source_cells):
    """The answer cells whose text differs from the stub the student version gave (in notebook order)."""
    stubs = {c.name: c.source for c in source_cells if c.solution and not c.locked}
    return [grade_id(cell) for cell in nb.cells if grade_id(cell) in stubs
            and cell.source.strip() != stubs[grade_id(cell)].strip()]


def first_error(notebooks):
    """``{test cell: the first line of its first error}`` in the graded notebooks: what the student read."""
    found = {}
    for nb in notebooks:
        for cell in nb.cells:
            if not is_test(cell):
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    line = (str(output.get("evalue", "")).strip().splitlines() or [""])[0]
                    found[grade_id(cell)] = f"{output.get('ename')}: {line}"[:160]
                    break
    return found


class GradebookWriter:
    """The only writer of the course's gradebook: records a worker's result with nbgrader's Autograde
    converter, its execution steps removed (the worker ran them) and SaveAutoGrades onwards kept."""

    def __init__(self, course, chapter, autograde_preprocessors):
        self.course, self.chapter = course, chapter
        self.staging = Path(tempfile.mkdtemp(prefix="autograd-grading-staging-"))
        self.preprocessors = grading_worker._split_pipeline(autograde_preprocessors)[1]
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


# ---------------------------------------------------------------------------------------------
# Running the tasks

def _local_results(tasks, workers):
    """Yield results as worker processes finish them."""
    if workers <= 1:
        for task in tasks:
            yield grading_worker.grade_submission(task)
        return
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        # The fork server imports the grading code once (nbformat alone takes seconds: its JSON schema
        # library compiles grammars at import); every worker then starts as a copy with it imported.
        # This takes effect when the fork server starts, the first time this process grades in parallel.
        context.set_forkserver_preload(WORKER_MODULES)
    else:
        context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                initializer=_warm_worker) as pool:
        futures = {pool.submit(grading_worker.grade_submission, task): task for task in tasks}
        try:
            for future in concurrent.futures.as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # a worker that died breaks the pool: every pending submission
                    task = futures[future]
                    yield GradingResult(task.student, status.GRADING_ERROR, f"worker failed: {error!r}")
        finally:
            for future in futures:  # an abandoned run: what has not started never will
                future.cancel()


WORKER_MODULES = ["tools.grading_worker", "nbgrader.converters", "nbclient"]


def _warm_worker():
    # Imported once per worker process, not once per submission (already there under a fork server).
    for name in WORKER_MODULES:
        importlib.import_module(name)


def _dask_results(tasks, address):
    from distributed import Client, as_completed
    with Client(address) as client:
        futures = {client.submit(grading_worker.grade_submission, task, pure=False,
                                 key=f"grade-{task.student}-{uuid.uuid4().hex[:8]}"): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except Exception as error:
                yield GradingResult(task.student, status.GRADING_ERROR, f"Dask task failed: {error!r}")


# ---------------------------------------------------------------------------------------------
# The command

def grade(chapter, course_root=".", **options):
    """Grade ``chapter`` in the course at ``course_root``; return the report rows (one per student). Every
    gradebook access of the run, nbgrader's own included, is under ``quiet_gradebook``."""
    with quiet_gradebook():
        return _grade(chapter, course_root, **options)


def _grade(chapter, course_root=".", workers=None, scheduler=None, roster=None, cell_timeout=None,
           deadline_s=None, limits=None, sandbox=True, sandbox_user=grading_worker.SANDBOX_USER,
           report_path=None, progress=True, out=sys.stdout, preload=PRELOAD):
    from tqdm import tqdm
    course = CourseSettings(course_root)
    require_chapter(course, chapter)
    report_path = Path(report_path) if report_path else Path(course.coursedir.root) / REPORT_DIR / f"{chapter}.csv"
    ensure_assignment(course, chapter)
    if roster:
        print(f"Roster: {import_roster(course, roster)} students imported from {roster}", file=out)
    from nbgrader.api import Gradebook
    with Gradebook(course.db_url) as gb:
        roster_ids = [s.id for s in gb.students]
    # Everyone in the gradebook is on the roster: whoever submitted nothing is listed, not forgotten.
    students, absent = find_students(course, chapter, roster_ids)
    workers = workers or os.cpu_count() or 1
    cell_timeout = cell_timeout or None
    per_cell = cell_timeout or course.config.get("Execute", {}).get("timeout", 30)
    options = {
        "run_id": f"autograd-grading-{uuid.uuid4().hex[:10]}",
        "cell_timeout": cell_timeout,
        # A whole notebook may take the per-cell limit a few times over, never forever.
        "deadline_s": deadline_s or max(60, 4 * float(per_cell or 30)),
        "limits": dict(DEFAULT_LIMITS, **(limits or {})),
        "hide": hidden_paths(course, report_path.parent) if sandbox else [],
        "sandbox": sandbox, "sandbox_user": sandbox_user, "preload": list(preload or []),
    }
    if not sandbox:
        options["limits"] = {}
    cells, prepared, tasks, reference_tasks = build_tasks(course, chapter, students, options)
    writer = GradebookWriter(course, chapter, tasks[0].autograde_preprocessors if tasks else [])
    outcomes = {}
    started = time.monotonic()

    def record_result(result, reference):
        student = result.student
        if result.notebooks:
            apply_verdict(result, reference, cells)
        outcome, reason = status.Status(result.status), result.reason
        if prepared[student].adopted and outcome == status.GRADED:
            outcome = status.ADOPTED
            reason = "cells were matched to the assignment by their text (see flags): read the notebook"
        if result.notebooks:
            ok, error = writer.record(result)
            if not ok:
                outcome, reason = status.GRADING_ERROR, f"recording in the gradebook failed: {error}"
        else:
            writer.add_student(student)
        outcomes[student] = {"status": outcome, "reason": reason, "errors": result.errors,
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
        everything = reference_tasks + tasks if tasks else []
        results = _dask_results(everything, scheduler) if scheduler else _local_results(everything, workers)
        reference, waiting, references = None, [], {}
        # Closed at once if anything below fails: the run's queued submissions are dropped, not left running.
        with contextlib.closing(results):
            for result in results:
                if result.student in (REFERENCE_ID, STRIPPED_REFERENCE_ID):
                    references[result.student] = result
                    if len(references) < 2:
                        continue
                    reference = settle_reference(references[REFERENCE_ID], references[STRIPPED_REFERENCE_ID])
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
    rows, tests = report_rows(course, chapter, outcomes, prepared, absent, cells)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    with open(report_path, "w", newline="", encoding="utf-8") as f:
        writer_csv = csv.DictWriter(f, fieldnames=REPORT_FIELDS + [name for name, _, _ in tests],
                                    extrasaction="ignore")
        writer_csv.writeheader()
        writer_csv.writerows(rows)
    print_report(rows, chapter, time.monotonic() - started, report_path, out, tests)
    if tests and any(r["score"] != "" for r in rows):
        write_summary(class_summary(rows, tests), chapter, report_path, out)
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


def settle_reference(result, as_students_see_it):
    """The reference solution's reports ``{grade_id: [Report]}``, or why nobody can be graded (a string)."""
    for run in (result, as_students_see_it):
        if run.status != status.GRADED or not run.notebooks:
            return f"the {run.student} could not be graded ({run.status}: {run.reason})"
    try:
        return grading_verdict.reference_reports(
            {name: nbformat_reads(text) for name, text in result.notebooks.items()},
            {name: nbformat_reads(text) for name, text in as_students_see_it.notebooks.items()})
    except grading_verdict.ReferenceFailed as error:
        return str(error)


def nbformat_reads(text):
    import nbformat
    return nbformat.reads(text, as_version=4)


def apply_verdict(result, reference, cells):
    """Decide the student's test cells outside the kernel (tools/grading_verdict.py), in ``result``; put
    back the test cells' own text (the kernel had them without reference blocks)."""
    import nbformat
    if isinstance(reference, str):
        result.notebooks, result.status = {}, status.GRADING_ERROR
        result.reason = f"nobody can be graded: {reference}"
        return
    notebooks = {name: nbformat_reads(text) for name, text in result.notebooks.items()}
    verdict = grading_verdict.judge(notebooks, reference)
    originals = {c.name: c for cs in cells.values() for c in cs}
    if verdict.hid_failures and status.Status(result.status).scored:
        result.status = status.GRADED_UNTRUSTED
        result.reason = (f"the checks of {', '.join(verdict.hid_failures[:3])} failed or stopped without an error "
                            "showing: the answers changed how the kernel reports errors; every test cell scored 0")
        why = "this kernel hid failing checks, so no test result from it can be trusted"
    else:
        why = None
    for test_id, outcome in verdict.cells.items():
        if not outcome.passed and outcome.visible_passed and why is None:
            result.flags.append(f"{test_id}: visible tests pass, hidden tests fail"
                                   + (f" ({outcome.message})" if outcome.message else ""))
    for nb in notebooks.values():
        for cell in nb.cells:
            source = originals.get(grade_id(cell))
            if source is None or not source.grade or cell.cell_type != "code":
                continue
            cell.source = source.source
            cell.metadata.setdefault("nbgrader", {})["checksum"] = source.checksum
            if why is not None:
                cell.outputs = [nbformat.v4.new_output("error", ename="UntrustworthyKernel", evalue=why,
                                                       traceback=[f"UntrustworthyKernel: {why}"])]
    result.errors = first_error(notebooks.values())
    result.notebooks = {name: nbformat.writes(nb) for name, nb in notebooks.items()}


def test_cells_of(cells):
    """``[(test cell, points, exercise)]`` in notebook order; a test cell ``test_<exercise>[_part]`` belongs
    to that exercise (the course's naming), otherwise to none."""
    exercises = [c.name for cs in cells.values() for c in cs if c.solution and not c.locked]
    found = []
    for cell in (c for cs in cells.values() for c in cs if c.grade and c.cell_type == "code"):
        owner = next((e for e in sorted(exercises, key=len, reverse=True)
                      if re.fullmatch(rf"test_{re.escape(e)}(_\w+)?", cell.name)), None)
        found.append((cell.name, cell.points, owner))
    return found


def report_rows(course, chapter, outcomes, prepared, absent, cells):
    scores = grading_scores.read(course.db_url, chapter)
    tests = test_cells_of(cells)
    exercises = [c.name for cs in cells.values() for c in cs if c.solution and not c.locked]
    rows = []
    for student in sorted(outcomes):
        outcome = outcomes[student]
        edited = prepared[student].edited_cells
        score = scores.get(student, grading_scores.StudentScores(""))
        graded = status.Status(outcome["status"]).scored and score.submitted
        answered = prepared[student].answered if prepared[student].notebooks else None
        rows.append({
            "student_id": student, "name": score.name, "status": outcome["status"],
            "score": f"{score.total:g}" if graded else "",
            "max_score": f"{score.max_score:g}" if score.submitted else "",
            "answered": "" if answered is None else f"{len(answered)}/{len(exercises)}",
            "reason": outcome["reason"], "flags": " | ".join(outcome["flags"]),
            "edited_cells": " ".join(edited),
            "isolation": outcome["isolation"], "seconds": outcome["seconds"],
            **{name: (f"{score.cells.get(name, (0, 0))[0]:g}" if graded else "") for name, _, _ in tests},
            "_errors": outcome.get("errors", {}), "_answered": answered or [],
        })
    for student in absent:
        rows.append({"student_id": student, "name": scores[student].name if student in scores else "",
                     "status": status.NO_SUBMISSION,
                     "score": "", "max_score": "", "answered": "", "reason": "on the roster, nothing in submitted/",
                     "flags": "", "edited_cells": "", "isolation": "", "seconds": 0,
                     **{name: "" for name, _, _ in tests}, "_errors": {}, "_answered": []})
    return rows, tests


def class_summary(rows, tests):
    """Per test cell: how many graded students lost it (those who left its exercise blank apart) and which
    messages they saw, most frequent first: the diagnoses of the classic mistakes."""
    from collections import Counter
    graded = [r for r in rows if status.Status(r["status"]).scored and r["score"] != ""]
    summary = []
    for name, points, exercise in tests:
        lost = [r for r in graded if float(r[name] or 0) < points]
        blank = [r for r in lost if exercise is not None and exercise not in r["_answered"]]
        attempted = [r for r in lost if r not in blank]
        messages = Counter(r["_errors"].get(name, "no error shown") for r in attempted)
        summary.append({"test_cell": name, "exercise": exercise or "", "points": points, "graded": len(graded),
                        "full_marks": len(graded) - len(lost), "lost_blank": len(blank),
                        "lost_attempted": len(attempted), "messages": messages.most_common()})
    return summary


def write_summary(summary, chapter, report_path, out):
    """The class-wide view: a table in the terminal, ``<chapter>-exercises.csv`` and a bar chart beside the
    report."""
    print(f"\nPer test cell ({summary[0]['graded'] if summary else 0} graded):", file=out)
    width = max([len(s["test_cell"]) for s in summary] + [9])
    print(f"{'test cell':<{width}}  full  lost: blank  attempted   most frequent message", file=out)
    for s in summary:
        top = f"{s['messages'][0][0]} ({s['messages'][0][1]})" if s["messages"] else ""
        print(f"{s['test_cell']:<{width}}  {s['full_marks']:>4}  {s['lost_blank']:>11}  {s['lost_attempted']:>9}   "
              f"{top[:100]}", file=out)
    path = report_path.with_name(f"{chapter}-exercises.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        table = csv.writer(f)
        table.writerow(["test_cell", "exercise", "points", "graded", "full_marks", "lost_blank", "lost_attempted",
                        "message", "students"])
        for s in summary:
            base = [s["test_cell"], s["exercise"], f"{s['points']:g}", s["graded"], s["full_marks"], s["lost_blank"],
                    s["lost_attempted"]]
            for message, count in s["messages"] or [("", 0)]:
                table.writerow(base + [message, count])
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return path, None
    names = [s["test_cell"] for s in summary]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(names) + 1.2))
    full = [s["full_marks"] for s in summary]
    blank = [s["lost_blank"] for s in summary]
    tried = [s["lost_attempted"] for s in summary]
    ax.barh(names, full, color="#4c9a2a", label="full marks")
    ax.barh(names, tried, left=full, color="#d1495b", label="lost, attempted")
    ax.barh(names, blank, left=[a + b for a, b in zip(full, tried)], color="#bbbbbb", label="lost, left blank")
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.set_title(f"{chapter}: test cells across the class")
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    picture = report_path.with_name(f"{chapter}-exercises.png")
    fig.savefig(picture, dpi=100)
    plt.close(fig)
    return path, picture


def print_report(rows, chapter, seconds, report_path, out, tests=()):
    print(f"\n{chapter}: {len(rows)} students in {seconds:.0f} s", file=out)
    width = max([len(r["student_id"]) for r in rows] + [7])
    print(f"{'student':<{width}}  {'score':>9}  status", file=out)
    for row in rows:
        score = f"{row['score']}/{row['max_score']}" if row["score"] != "" else "-"
        blank = " (blank: no answer typed in)" if row.get("answered", "").startswith("0/") else ""
        print(f"{row['student_id']:<{width}}  {score:>9}  {row['status']}{blank}", file=out)
        if row["score"] != "" and tests:
            parts = [f"{name.removeprefix('test_')} {row[name]}/{points:g}" for name, points, _ in tests]
            print(f"{'':<{width}}  {'':>9}    " + " · ".join(parts), file=out)
        for text in ([row["reason"]] if row["reason"] else []) + ([row["flags"]] if row["flags"] else []):
            for part in text.split(" | "):
                print(f"{'':<{width}}  {'':>9}    - {part}", file=out)
    attention = [r for r in rows if status.Status(r["status"]).needs_attention]
    flagged = [r for r in rows if r["flags"]]
    print(f"\n{len(attention)} need attention, {len(flagged)} flagged. Full report: {report_path}", file=out)


def _size(text):
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapter", help="assignment id, e.g. ch01")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: number of cores)")
    parser.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--course", default=".", help="course root (default: the current folder)")
    parser.add_argument("--roster", help="CSV of students (id, first_name, last_name, email) to import first")
    parser.add_argument("--cell-timeout", type=float, help="seconds per cell (default: Execute.timeout of the course)")
    parser.add_argument("--deadline", type=float, help="seconds per submission (default: 4 x the cell timeout)")
    parser.add_argument("--memory", type=_size, help="address-space limit of a kernel, e.g. 4g")
    parser.add_argument("--cpu-seconds", type=int, help="CPU-time limit of a kernel")
    parser.add_argument("--no-sandbox", action="store_true", help="run kernels like plain nbgrader (trusted code only)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start every kernel as a new interpreter, as nbgrader does, instead of forking it "
                             "from a process that has imported " + ", ".join(PRELOAD) + " (slower)")
    parser.add_argument("--report", help="CSV report path (default: reports/<chapter>.csv in the course root)")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    limits = {}
    if args.memory:
        limits["memory_bytes"] = args.memory
    if args.cpu_seconds:
        limits["cpu_seconds"] = args.cpu_seconds
    grade(args.chapter, course_root=args.course, workers=args.workers, scheduler=args.scheduler,
          roster=args.roster, cell_timeout=args.cell_timeout, deadline_s=args.deadline, limits=limits,
          sandbox=not args.no_sandbox, report_path=args.report, progress=not args.no_progress,
          preload=() if args.fresh_kernels else PRELOAD)
    return 0


if __name__ == "__main__":
    sys.exit(main())
