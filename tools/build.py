"""Build the committed outputs from source/: release/ (the student version), solutions/ (executed
reference solutions) and the executed walk-throughs in notebooks/.

    python -m tools.build                # everything
    python -m tools.build ch01 ch02      # only these chapters' release/ and solutions/
    python -m tools.build --walkthroughs # only re-execute notebooks/
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import nbclient

from tools import notebooks
from tools.grading import Course

# Generous: the build runs every cell of a chapter, and a slow machine should not fail it.
CELL_TIMEOUT_S = 600


def execute(nb, cwd, record_timing=False):
    """Run a notebook top to bottom in a fresh kernel (Restart & Run All), in folder ``cwd``.

    Per-cell timestamps are left out by default: in committed notebooks they would change every cell on
    every rebuild and bury the real changes in the diff. Pass ``record_timing=True`` to measure cells.
    """
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     record_timing=record_timing,
                                     resources={"metadata": {"path": str(cwd)}})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # a previous run's timestamps would survive otherwise
    client.execute()
    merge_adjacent_streams(nb)
    return nb


def merge_adjacent_streams(nb):
    """Join back-to-back stdout (or stderr) outputs of a cell into one.

    Where the kernel splits printed text depends on timing, so without this two runs of the same cell
    can be committed differently; Jupyter shows them joined either way.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.outputs:
            previous = merged[-1] if merged else None
            if (out.output_type == "stream" and previous is not None
                    and previous.output_type == "stream" and previous.name == out.name):
                previous.text += out.text
            else:
                merged.append(out)
        cell.outputs = merged


def build_release(chapter):
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        generated = Course(tmp).generate(chapter)
        dest = notebooks.RELEASE / chapter
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(generated, dest)
    return dest


def build_solutions(chapter):
    dest = notebooks.SOLUTIONS / chapter
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in notebooks.assignment_notebooks(notebooks.SOURCE, chapter):
        nb = execute(notebooks.solution_notebook(notebooks.read(path)), dest)
        notebooks.write(nb, dest / path.name)
    return dest


def build_walkthroughs(paths=None):
    for path in paths or notebooks.walkthroughs():
        notebooks.write(execute(notebooks.read(path), path.parent), path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapters", nargs="*", help="assignment ids (default: all)")
    parser.add_argument("--walkthroughs", action="store_true", help="only re-execute the walk-throughs")
    args = parser.parse_args(argv)
    if args.walkthroughs:
        build_walkthroughs()
        return 0
    chosen = args.chapters or notebooks.chapters()
    unknown = sorted(set(chosen) - set(notebooks.chapters()))
    if unknown:
        parser.error(f"no such chapter under source/: {', '.join(unknown)}")
    for chapter in chosen:
        print(f"{chapter}: release/ ...", flush=True)
        build_release(chapter)
        print(f"{chapter}: solutions/ (executing) ...", flush=True)
        build_solutions(chapter)
    if not args.chapters:
        print("notebooks/ (executing) ...", flush=True)
        build_walkthroughs()
    else:
        build_walkthroughs([p for p in notebooks.walkthroughs() if p.name[:4] in chosen])
    return 0


if __name__ == "__main__":
    sys.exit(main())
