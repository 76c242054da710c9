"""How fast the course's grading command grades a class, against plain sequential `nbgrader autograde`.

    .venv/bin/python -m benchmarks.grade_benchmark [--students M] [--workers N] [--chapter ch01] [--json FILE]

In one run, on one machine: a synthetic class of M submissions of the chapter (solutions, untouched
student versions and wrong answers, mixed) is graded five times, each in its own copy of one
generated course:

1. ``nbgrader autograde CHAPTER --force`` (sequential, what README used to recommend);
2. ``python -m tools.grading CHAPTER --workers 1 --fresh-kernels`` and ``--workers N --fresh-kernels``:
   every kernel a new interpreter, as in nbgrader;
3. ``python -m tools.grading CHAPTER --workers 1`` and ``--workers N`` (default: the number of cores): the
   command as instructors run it, each kernel forked from a process that has imported torch once.

It reports submissions per minute, seconds per submission above the floor that no grader can go
under when each kernel is a new interpreter (starting a bare kernel and importing torch, measured here
too; forked kernels go below it, which shows as a negative overhead), the peak memory of each
grading process tree, and checks that the five gradebooks agree. Not a test: nothing here is timed
against a threshold; the figures go into README.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# The synthetic classes of submissions are the tests' (tests/grading_class.py).
sys.path.insert(0, str(REPO / "tests"))

import grading_class  # noqa: E402
from tools.grading.course import nbgrader_env  # noqa: E402
from tools.grading.scratch_course import Course  # noqa: E402


class PeakMemory:
    """Peak memory of a process and all its descendants, sampled every 0.1 s. Each process counts its
    proportional set size (PSS): a page shared by k processes (the libraries of forked kernels) counts
    1/k in each, so the sum is what the tree really occupies. RSS where PSS cannot be read."""

    def __init__(self, pid):
        import psutil
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        import psutil
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [self.root, *self.root.children(recursive=True)]:
                    try:
                        total += proc.memory_full_info().pss
                    except (psutil.Error, AttributeError):
                        try:
                            total += proc.memory_info().rss
                        except psutil.Error:
                            pass
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._stop.wait(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(command, cwd, env):
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{out[-3000:]}\n{err[-3000:]}")
    return seconds, peak, out, err


def bare_kernel_floor(env, repeats=3):
    """Seconds to start a bare kernel, run `import torch` in it and shut it down (the median of a few)."""
    code = (
        "import time\nfrom jupyter_client.manager import start_new_kernel\n"
        "t = time.perf_counter()\nkm, kc = start_new_kernel(kernel_name='python3')\n"
        "kc.execute_interactive('import torch', timeout=120)\nkc.stop_channels()\nkm.shutdown_kernel(now=True)\n"
        "print(time.perf_counter() - t)\n")
    times = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def synthetic_class(chapter, students):
    """``students`` submissions: a third solutions, a sixth untouched, the rest one wrong exercise each."""
    kinds = []
    for i in range(students):
        slot = i % 6
        if slot in (0, 3):
            kinds.append((f"s{i:03d}-solution", chapter.solved()))
        elif slot == 1:
            kinds.append((f"s{i:03d}-blank", chapter.blank()))
        else:
            exercise = chapter.exercises[i % len(chapter.exercises)]
            kinds.append((f"s{i:03d}-wrong-{exercise}", chapter.wrong(exercise)))
    return kinds


def totals(course, chapter_id):
    from tools.grading import scores as grading_scores
    return {student: found.total for student, found in grading_scores.read(course.db_url, chapter_id).items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--chapter", default="ch01")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch courses")
    args = parser.parse_args(argv)

    env = dict(nbgrader_env(), PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    scratch = Path(tempfile.mkdtemp(prefix="grade-benchmark-"))
    try:
        template = Course(scratch / "template")
        release = template.generate(args.chapter)
        chapter = grading_class.read_chapter(template.root / "source" / args.chapter, release)
        submissions = synthetic_class(chapter, args.students)

        def course_copy(name):
            root = scratch / name
            shutil.copytree(template.root, root, ignore=shutil.ignore_patterns("nbgrader_config.py"))
            course = Course(root)
            for student, nb in submissions:
                course.submit(args.chapter, student, {chapter.name: nb})
            return course

        floor = bare_kernel_floor(env)
        grade = [sys.executable, "-m", "tools.grading", args.chapter, "--no-progress", "--workers"]
        modes = [("nbgrader autograde (sequential)", [sys.executable, "-m", "nbgrader", "autograde", args.chapter, "--force"]),
                 ("tools.grading --workers 1 --fresh-kernels", [*grade, "1", "--fresh-kernels"]),
                 (f"tools.grading --workers {args.workers} --fresh-kernels", [*grade, str(args.workers), "--fresh-kernels"]),
                 ("tools.grading --workers 1", [*grade, "1"]),
                 (f"tools.grading --workers {args.workers}", [*grade, str(args.workers)])]
        results, scores = [], []
        for index, (label, command) in enumerate(modes):
            course = course_copy(f"mode{index}")
            seconds, peak, out, err = run_measured(command, course.root, env)
            per = seconds / args.students
            results.append({"mode": label, "seconds": round(seconds, 1),
                            "submissions_per_minute": round(60 * args.students / seconds, 1),
                            "seconds_per_submission": round(per, 2),
                            "overhead_per_submission_s": round(per - floor, 2),
                            "peak_memory_mib": round(peak / 2**20)})
            scores.append(totals(course, args.chapter))
        agree = all(s == scores[0] for s in scores[1:])
        base = results[0]["seconds"]
        for row in results:
            row["speedup_vs_sequential"] = round(base / row["seconds"], 2)
        figures = {
            "machine": f"{platform.node()}: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
                       f"Python {platform.python_version()}",
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "chapter": args.chapter, "students": args.students,
            "bare_kernel_plus_import_torch_s": round(floor, 2),
            "modes": results, "gradebooks_agree": agree,
        }
        print(f"{args.students} submissions of {args.chapter} on {figures['machine']}, "
              f"{figures['cpus_usable']} usable CPUs; floor (bare kernel + import torch): {floor:.2f} s")
        print(f"{'mode':<42} {'s':>7} {'subm/min':>9} {'s/subm':>7} {'over floor':>10} {'peak MiB':>9} {'speedup':>8}")
        for r in results:
            print(f"{r['mode']:<42} {r['seconds']:>7} {r['submissions_per_minute']:>9} {r['seconds_per_submission']:>7} "
                  f"{r['overhead_per_submission_s']:>10} {r['peak_memory_mib']:>9} {r['speedup_vs_sequential']:>8}")
        print(f"gradebooks agree: {agree}")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        return 0 if agree else 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
