"""Build the committed outputs from source/: release/ (the student version), solutions/ (executed
reference solutions) and the executed walk-throughs in notebooks/.

    python -m tools.build                # everything (after bringing the py/ twins in line, tools.twins,
                                         # and writing headers and footers, tools.navigation)
    python -m tools.build ch01 ch02      # only these chapters' release/ and solutions/
    python -m tools.build --walkthroughs # only re-execute notebooks/
"""

import argparse
import shutil
import sys
import tempfile

import nbclient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from tools import navigation, paths, twins
from tools.nbgrader_course import Course
from tools.solutions import solution_notebook

# Generous: the build runs every cell of a chapter, and a slow machine should not fail it.
CELL_TIMEOUT_S = 600


def execute(nb, cwd, record_timing=False, kernel_manager=None):
    """Run a notebook top to bottom in a fresh kernel (Restart & Run All), in folder ``cwd``.

    Per-cell timestamps are left out by default: in committed notebooks they would change every cell on
    every rebuild and bury the real changes in the diff. Pass ``record_timing=True`` to measure cells.
    ``kernel_manager`` runs the kernel elsewhere than in this environment (tests/test_notebooks_run.py).
    """
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     record_timing=record_timing, km=kernel_manager,
                                     resources={"metadata": {"path": str(cwd)}})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # a previous run's timestamps would survive otherwise
    client.execute()
    # Where the kernel splits printed text depends on timing: joined, two runs of a cell commit the same.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    return nb


def build_release(chapter):
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        generated = Course(tmp).generate(chapter)
        dest = paths.RELEASE / chapter
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(generated, dest)
    return dest


def build_solutions(chapter):
    dest = paths.SOLUTIONS / chapter
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in paths.assignment_notebooks(paths.SOURCE, chapter):
        nb = execute(solution_notebook(paths.read(path)), dest)
        paths.write(nb, dest / path.name)
    return dest


def build_walkthroughs(chosen=None):
    for path in chosen or paths.walkthroughs():
        paths.write(execute(paths.read(path), path.parent), path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapters", nargs="*", help="assignment ids (default: all)")
    parser.add_argument("--walkthroughs", action="store_true", help="only re-execute the walk-throughs")
    args = parser.parse_args(argv)
    twins.sync()
    if args.walkthroughs:
        navigation.update(chosen=[*paths.walkthroughs(), navigation.CONTENTS])
        build_walkthroughs()
        return 0
    chosen = args.chapters or paths.chapters()
    unknown = sorted(set(chosen) - set(paths.chapters()))
    if unknown:
        parser.error(f"no such chapter under source/: {', '.join(unknown)}")
    # Headers and footers go into source/ and notebooks/ first: release/ and solutions/ are built from them.
    for path in navigation.update([*chosen, "contents"]):
        print(f"{path.relative_to(paths.REPO)}: navigation written", flush=True)
    for chapter in chosen:
        print(f"{chapter}: release/ ...", flush=True)
        build_release(chapter)
        print(f"{chapter}: solutions/ (executing) ...", flush=True)
        build_solutions(chapter)
    if not args.chapters:
        print("notebooks/ (executing) ...", flush=True)
        build_walkthroughs()
    else:
        build_walkthroughs([p for c in chosen for p in paths.walkthroughs(c)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
