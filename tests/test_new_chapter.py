"""Adding a chapter touches one registry line plus the chapter's own files.

In a clone of the repository, `python -m tools.build.new_chapter` adds a chapter and builds it. What changed is
then only: one line of tools/chapters.py, the new chapter's own files, and what `make build` writes from
the registry (README's table row, DESIGN's syllabus line, the contents page, the previous chapter's
footer). The new chapter then passes the chapter's tests, its case library graded through nbgrader
included.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import paths

NEW = "ch99"
TOPIC = "a_second_look"


def run(command, cwd, env, timeout=1200):
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(map(str, command))} exited {proc.returncode}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    root = tmp_path_factory.mktemp("new-chapter") / "course"
    subprocess.run(["git", "clone", "--quiet", str(paths.REPO), str(root)], check=True)
    # The clone's own package and tools, with this environment's interpreter and programs.
    env = dict(os.environ, PYTHONPATH=str(root),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    previous = paths.chapters()[-1]
    run([sys.executable, "-m", "tools.build.new_chapter", NEW, TOPIC, "A second look", "the same ideas, once more."],
        root, env)
    return root, env, previous


def changed_files(root):
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True,
                         text=True, check=True).stdout
    return sorted(line[3:] for line in out.splitlines())


def added_and_removed(root, path):
    added, removed, _ = subprocess.run(["git", "diff", "--numstat", "--", path], cwd=root, capture_output=True,
                                       text=True, check=True).stdout.split("\t")
    return int(added), int(removed)


@pytest.mark.slow
def test_a_new_chapter_changes_one_registry_line_and_its_own_files(clone):
    root, _, previous = clone
    own = (f"source/{NEW}/", f"release/{NEW}/", f"solutions/{NEW}/", f"notebooks/{NEW}_", f"py/notebooks/{NEW}_",
           f"py/source/{NEW}/", f"autograd_course/exercises/{NEW}.py", f"tests/cases/{NEW}/")
    # Written by the build from the registry, not by hand.
    built = {"README.md", "DESIGN.md", "notebooks/contents.ipynb", "py/notebooks/contents.py"}
    neighbour = (f"source/{previous}/", f"release/{previous}/", f"solutions/{previous}/", f"notebooks/{previous}_",
                 f"py/notebooks/{previous}_", f"py/source/{previous}/")
    changed = changed_files(root)
    assert "tools/chapters.py" in changed and added_and_removed(root, "tools/chapters.py") == (1, 0)
    others = [p for p in changed if p != "tools/chapters.py" and not p.startswith(own) and p not in built
              and not p.startswith(neighbour)]
    assert not others, f"adding a chapter changed files outside it: {others}"
    assert added_and_removed(root, "README.md") == (1, 0) and added_and_removed(root, "DESIGN.md") == (1, 0)
    for path in (f"source/{NEW}/{NEW}_{TOPIC}.ipynb", f"release/{NEW}/{NEW}_{TOPIC}.ipynb",
                 f"solutions/{NEW}/{NEW}_{TOPIC}.ipynb", f"notebooks/{NEW}_{TOPIC}.ipynb"):
        assert (root / path).is_file(), path


@pytest.mark.slow
def test_the_new_chapter_passes_the_chapter_tests(clone):
    root, env, previous = clone
    chosen = ["tests/test_hygiene.py", "tests/test_navigation.py", "tests/test_build.py", "tests/test_readme.py",
              "tests/test_reference_blocks.py", "tests/test_grade_scan.py", "tests/test_case_library.py"]
    # The chapter's own tests and what the registry feeds; of the case library, the grading of every case,
    # the solution and the untouched release (the tricks are the same machinery for every chapter). The
    # previous chapter gained only a link in its footer, a markdown cell: its notebook and build tests run
    # here, its grading (a whole case library, no cell of it graded differently) runs in the suite itself.
    selection = (f"({NEW} or {previous} or registry or readme_and_design or idempotent or contents) and not trick "
                 f"and not plain_nbgrader and not feedback_and_export and not TestCaseLibrary_{previous} "
                 f"and not (grading_kernel_sees_it and {previous})")
    out = run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-x", *chosen, "-k", selection],
              root, env, timeout=1800)
    ran = [line for line in out.splitlines() if NEW in line and " PASSED" in line]
    for expected in (f"TestCaseLibrary_{NEW}::test_case_is_graded_as_intended",
                     f"TestCaseLibrary_{NEW}::test_solution_full_marks_and_untouched_release_zero",
                     f"test_hygiene.py::test_grade_ids_unique_and_cells_well_formed[source/{NEW}",
                     f"test_build.py::test_release_matches_source[{NEW}]"):
        assert any(expected in line for line in ran), f"{expected} did not run and pass:\n{out[-3000:]}"
