"""Where the course's notebooks live, how a chapter's files are found, and how notebooks are read and written."""

import platform
import re
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOURCE, RELEASE, SOLUTIONS, WALKTHROUGHS = (REPO / name for name in ("source", "release", "solutions", "notebooks"))
TWINS = REPO / "py"
CHAPTER = re.compile(r"ch\d\d")


def chapter_of(path):
    """The assignment id a notebook belongs to: ``ch01`` for ``notebooks/ch01_gradients_by_hand.ipynb``,
    ``source/ch01/...`` and so on; None for a notebook outside the chapters (the contents page)."""
    match = CHAPTER.match(Path(path).name)
    return match.group(0) if match else None


def chapters():
    """The assignment ids, in order, from the chapter registry (tools/chapters.py); each has its folder
    under source/ (tests/test_navigation.py checks that the two agree)."""
    from tools.chapters import CHAPTERS
    return [chapter.id for chapter in CHAPTERS]


def chapter_folders():
    """The chapter folders that exist under source/, whether or not the registry lists them."""
    return sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and CHAPTER.fullmatch(p.name))


def assignment_notebooks(root, chapter):
    return sorted((root / chapter).glob("*.ipynb"))


def walkthroughs(chapter=None):
    return [p for p in sorted(WALKTHROUGHS.glob("ch*.ipynb")) if chapter in (None, chapter_of(p))]


def edited_notebooks():
    """The notebooks people edit (everything else is built from them)."""
    return [*sorted(SOURCE.glob("ch*/*.ipynb")), *sorted(WALKTHROUGHS.glob("*.ipynb"))]


def read(path):
    return nbformat.read(str(path), as_version=4)


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def notebook_metadata(existing=None):
    """A notebook's metadata as JupyterLab saves it with the course's kernel, so that opening a committed
    notebook does not mark it changed (JupyterLab fills in ``language_info`` from the running kernel)."""
    meta = dict(existing or {})
    meta.pop("jupytext", None)
    meta["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    meta["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3",
        "version": platform.python_version()}
    return meta
