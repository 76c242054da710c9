"""What a course notebook is: where the notebooks live, the cell every notebook starts with, and the
transformations between the nbgrader source and the published solutions."""

import hashlib
import json
import re
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOURCE, RELEASE, SOLUTIONS, WALKTHROUGHS = (REPO / name for name in ("source", "release", "solutions", "notebooks"))
REPOSITORY_URL = "https://github.com/autograd-course/autograd-from-numpy-to-pytorch"

# The first code cell of every notebook. On Colab it installs what Colab lacks; elsewhere the course
# environment (requirements.txt or environment.yml) already provides both packages.
SETUP_CELL = f'''\
# Setup: on Colab, install the two packages it lacks (torchviz and this course's helpers).
# Anywhere else the course environment already has them, and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+{REPOSITORY_URL}"], check=True)'''

def launch_badges(relative_path):
    """The Colab and Binder buttons that open the notebook at ``relative_path`` (from the repository root)."""
    colab = f"https://colab.research.google.com/github/{REPOSITORY_URL.split('github.com/')[1]}/blob/main/{relative_path}"
    binder = f"https://mybinder.org/v2/gh/{REPOSITORY_URL.split('github.com/')[1]}/main?urlpath=lab/tree/{relative_path}"
    return (f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder})")


SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(\n|$)",
                          re.MULTILINE | re.DOTALL)


def chapters():
    """The assignment ids, in order: one folder per chapter under source/."""
    return sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and re.fullmatch(r"ch\d\d", p.name))


def assignment_notebooks(root, chapter):
    return sorted((root / chapter).glob("*.ipynb"))


def walkthroughs():
    return sorted(WALKTHROUGHS.glob("ch*.ipynb"))


def read(path):
    return nbformat.read(str(path), as_version=4)


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def nbgrader_meta(cell):
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def strip_solution_markers(source):
    return SOLUTION_MARKERS.sub("", source)


def strip_hidden_tests(source):
    return HIDDEN_TESTS.sub("", source).rstrip("\n")


def source_digest(nb):
    """A digest of everything in a source notebook that the build reads (hidden tests included)."""
    cells = [[c.cell_type, c.source, nbgrader_meta(c)] for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def solution_notebook(source_nb):
    """The published solution: the source without solution markers, hidden tests or nbgrader metadata."""
    nb = nbformat.v4.new_notebook(metadata=dict(source_nb.metadata))
    nb.metadata.pop("nbgrader", None)
    nb.metadata["course"] = {"built_from_source_digest": source_digest(source_nb)}
    for cell in source_nb.cells:
        text = strip_hidden_tests(strip_solution_markers(cell.source))
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(text)
        else:
            new = nbformat.v4.new_markdown_cell(text) if cell.cell_type == "markdown" else nbformat.v4.new_raw_cell(text)
        if "id" in cell:
            new["id"] = cell["id"]
        nb.cells.append(new)
    return nb


def comparable(nb):
    """A notebook reduced to what the build decides: cell types, sources and nbgrader metadata.

    Outputs, execution counts and nbgrader's per-cell checksums are left out of the comparison: the
    first two change with every execution, and the checksums are a function of the sources compared.
    """
    cells = []
    for c in nb.cells:
        meta = nbgrader_meta(c)
        meta.pop("checksum", None)
        cells.append({"cell_type": c.cell_type, "source": c.source, "nbgrader": meta})
    return cells
