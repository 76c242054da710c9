"""What a run grades: the students who handed in, and one worker task per gradable submission plus the
two runs of the reference solution. Submissions are read and scanned here (tools/grading/scan.py); no
student code runs."""

import copy

from tools.cells import grade_id, hidden_test_delimiters, nbgrader_metadata
from tools.grading import course as course_settings, pipeline, scan, verdict
from tools.grading.records import GradingTask


# Per kernel process: CPU seconds, address space, file size. Per submission (as root): processes, and
# the size of each file system it may write to (its working folder, its private /tmp, /var/tmp, /dev/shm);
# memory_bytes also bounds the memory of all its processes together where a memory cgroup is available.
DEFAULT_LIMITS = {"cpu_seconds": 900, "memory_bytes": 4 * 2**30, "processes": 512, "file_bytes": 64 * 2**20,
                  "disk_bytes": 256 * 2**20}


# Imported once per worker by its kernel factory (tools/grading/zygote.py); each kernel is forked from it.
# torch._dynamo is what the first torch.optim optimizer of a kernel imports: about 2 s, every kernel.
PRELOAD = ("numpy", "torch", "torch._dynamo")


# The task that runs the assignment's reference solution (source/) once per run: its checks' reports are
# what every student's are compared with (tools/grading/verdict.py). No student can have this id: it is not
# a folder name the collection or `submitted/` produces (it holds a space).
REFERENCE_ID = "reference solution"


# The reference solution again, with the tests as a student's kernel gets them (reference blocks stripped):
# it tells which checks a student's kernel has no expected value for.
STRIPPED_REFERENCE_ID = "reference solution, as students see it"


def find_students(course, chapter, roster_ids):
    submitted = course.folder("submitted")
    # A chapter folder that is a symbolic link (even a broken one) counts as a submission, so that
    # scan.prepare reports it as not gradable instead of grading whatever it points at.
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
        cells = scan.assignment_cells(gb, chapter, ClearHiddenTests(config=course.config),
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
    _, hidden_end = hidden_test_delimiters(course.config)
    template = course_settings.template_gradebook(course, chapter, lambda s: verdict.for_student(s, hidden_end))
    reference_template = course_settings.template_gradebook(course, chapter,
                                                            lambda s: verdict.for_reference(s, hidden_end))
    config = copy.deepcopy(course.config)
    autograde_pps = pipeline.configured(course.config, "autograde_preprocessors")
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
        prep = scan.prepare(student, folder, cells)
        prepared[student] = prep
        if prep.not_gradable:
            continue
        for name, nb in prep.notebooks.items():
            answers = scan.answer_cells(nb, cells[name])
            prep.flags.extend(scan.scan_code(answers, scan.imported_names(nb)))
            prep.answered += answered_exercises(nb, cells[name])
        tasks.append(task_for(student, prep.notebooks, template))
    return cells, prepared, tasks, [reference_task, stripped_task]


def answered_exercises(nb, source_cells):
    """The answer cells whose text differs from the stub the student version gave (in notebook order)."""
    stubs = {c.name: c.source for c in source_cells if c.solution and not c.locked}
    return [grade_id(cell) for cell in nb.cells if grade_id(cell) in stubs
            and cell.source.strip() != stubs[grade_id(cell)].strip()]
