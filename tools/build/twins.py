"""Text twins of the hand-edited notebooks, for review and diffs, paired by jupytext.

Every notebook that people edit, ``source/chNN/*.ipynb`` and ``notebooks/*.ipynb``, has a twin in
jupytext's percent format under ``py/`` (``py/source/ch01/ch01_gradients_by_hand.py``,
``py/notebooks/ch01_gradients_by_hand.py``). The pairing is jupytext's own: ``jupytext.toml`` says where a twin
lives, in which format, and which metadata stays out of it. So JupyterLab, through jupytext's extension, writes the twin whenever a
notebook is saved, and jupytext merges a twin back into its notebook (cells matched on their text keep
their ids and outputs). The twin holds every cell's source and metadata (nbgrader's in the
``# %% nbgrader={...}`` header); the ``.ipynb`` also holds cell ids, outputs and the notebook's metadata.

    python -m tools.build.twins            # bring each pair in line: the side edited last wins
    python -m tools.build.twins --check    # exit 1 and name every pair that disagrees

Edit whichever side suits you (the .py in an editor, the .ipynb in JupyterLab, e.g. with the Create
Assignment sidebar), then run ``make build``, which starts with this sync.
"""

import argparse
import functools
import sys
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from jupytext.config import load_jupytext_configuration_file
from jupytext.formats import long_form_multiple_formats
from jupytext.paired_paths import InconsistentPath, paired_paths

from tools import paths

# The course's pairings: one group of formats for the walk-throughs, one for the assignments.
PAIRING = paths.REPO / "jupytext.toml"


@functools.cache
def _configuration():
    """jupytext's reading of PAIRING: the groups of formats and the metadata filters, one for all twins."""
    return load_jupytext_configuration_file(str(PAIRING))


def _pairing(path, fmt):
    """``[(path, format)]`` of the group that ``path`` (in format ``fmt``) is in."""
    for group in _configuration().formats:
        try:
            return paired_paths(str(path), fmt, long_form_multiple_formats(group))
        except InconsistentPath:
            continue
    raise ValueError(f"{path}: no group of formats in {PAIRING.name} pairs it with a twin")


def twin_path(notebook):
    return next(Path(p) for p, fmt in _pairing(notebook, "ipynb") if fmt["extension"] == ".py")


def notebook_path(twin):
    return next(Path(p) for p, fmt in _pairing(twin, "py:percent") if fmt["extension"] == ".ipynb")


def to_text(nb):
    """The twin's text for a notebook: cells and their metadata, nothing about the notebook itself."""
    return jupytext.writes(nbformat.from_dict(nb), fmt="py:percent", config=_configuration())


def from_text(text):
    return jupytext.reads(text, fmt="py:percent")


def merge_into(edited, previous):
    """``edited`` (cells read from a twin) with the ids, outputs and notebook metadata of ``previous``, as
    jupytext combines a paired text file with its notebook; a notebook of its own when there is none."""
    if previous is None:
        nb = nbformat.v4.new_notebook(cells=edited.cells)
    else:
        nb = combine_inputs_with_outputs(edited, previous)
    nb.metadata = paths.notebook_metadata(previous.metadata if previous else {})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    return nbformat.from_dict(nb)


def pairs():
    """Every (notebook, twin) pair, including a twin whose notebook does not exist yet and the reverse."""
    found = {nb: twin_path(nb) for nb in paths.edited_notebooks()}
    for twin in sorted(paths.TWINS.glob("**/*.py")):
        found.setdefault(notebook_path(twin), twin)
    return sorted(found.items())


def disagreements():
    out = []
    for nb_path, twin in pairs():
        if not nb_path.exists() or not twin.exists():
            out.append((nb_path, twin))
        elif twin.read_text() != to_text(paths.read(nb_path)):
            out.append((nb_path, twin))
    return out


def current(nb_path):
    """The notebook at ``nb_path`` as a sync would leave it, without writing anything: when its twin was
    edited last (or the notebook does not exist yet), the twin's cells with the notebook's ids and outputs."""
    twin = twin_path(nb_path)
    if not nb_path.exists():
        return merge_into(from_text(twin.read_text()), None)
    nb = paths.read(nb_path)
    if twin.exists() and twin.stat().st_mtime > nb_path.stat().st_mtime and twin.read_text() != to_text(nb):
        return merge_into(from_text(twin.read_text()), nb)
    return nb


def strip_editor_metadata():
    """Opened in JupyterLab, a paired notebook is given jupytext's filters in its metadata, which a save
    then writes: they belong in jupytext.toml, not in the notebook (nor in the release built from it)."""
    for nb_path, _ in pairs():
        if nb_path.exists():
            nb = paths.read(nb_path)
            if "jupytext" in nb.metadata:
                nb.metadata = paths.notebook_metadata(nb.metadata)
                paths.write(nb, nb_path)
                print(f"{nb_path.relative_to(paths.REPO)}: jupytext's metadata removed")


def sync():
    strip_editor_metadata()
    for nb_path, twin in disagreements():
        rel_nb, rel_twin = nb_path.relative_to(paths.REPO), twin.relative_to(paths.REPO)
        if nb_path.exists() and (not twin.exists() or nb_path.stat().st_mtime >= twin.stat().st_mtime):
            twin.parent.mkdir(parents=True, exist_ok=True)
            twin.write_text(to_text(paths.read(nb_path)))
            print(f"{rel_twin} <- {rel_nb}")
        else:
            merged = current(nb_path)
            paths.write(merged, nb_path)
            twin.write_text(to_text(merged))  # the twin in its canonical layout
            print(f"{rel_nb} <- {rel_twin}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report the pairs that disagree")
    args = parser.parse_args(argv)
    if args.check:
        bad = disagreements()
        for nb_path, twin in bad:
            print(f"out of step: {nb_path.relative_to(paths.REPO)} and {twin.relative_to(paths.REPO)}")
        return 1 if bad else 0
    sync()
    return 0


if __name__ == "__main__":
    sys.exit(main())
