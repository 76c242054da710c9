"""Grade every submission of a chapter: ``python -m tools.grading CHAPTER [--workers N] [--scheduler ADDRESS]``.

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
  (tools/grading/zygote.py), instead of a new interpreter importing torch for every submission;
  ``--fresh-kernels`` starts every kernel as nbgrader does.
"""

import argparse
import sys

from tools.grading.run import grade
from tools.grading.tasks import PRELOAD


def _size(text):
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.grading", description=__doc__.split("\n\n")[0])
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
