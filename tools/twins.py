"""Text twins of the hand-edited notebooks, for review and diffs.

Every notebook that people edit, ``source/chNN/*.ipynb`` and ``notebooks/*.ipynb``, has a twin in
jupytext's percent format under ``py/`` (``py/source/ch01/ch01_gradients_by_hand.py``,
``py/notebooks/ch01_gradients_by_hand.py``). The twin holds every cell's source and metadata (nbgrader's
in the ``# %% nbgrader={...}`` header); the ``.ipynb`` also holds cell ids, outputs and the notebook's
metadata. The twins live outside ``source/chNN/`` because nbgrader copies every file of that folder
into the student version.

    python -m tools.twins            # bring each pair in line: the side edited last wins
    python -m tools.twins --check    # exit 1 and name every pair that disagrees

Edit whichever side suits you (the .py in an editor, the .ipynb in JupyterLab, e.g. with the Create
Assignment sidebar), then run ``make build``, which starts with this sync. Cells keep their ids when
their text changes, so a one-line edit stays a one-line diff in every notebook built from it.
"""

import argparse
import difflib
import sys

import jupytext
import nbformat

from tools import paths

FORMAT = "py:percent"
# Metadata that says how a cell was last displayed or run, not what it is: never part of the twin.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "lines_to_next_cell", "trusted", "ExecuteTime")


def twin_path(notebook):
    return paths.TWINS / notebook.relative_to(paths.REPO).with_suffix(".py")


def notebook_path(twin):
    return paths.REPO / twin.relative_to(paths.TWINS).with_suffix(".ipynb")


def to_text(nb):
    """The twin's text for a notebook: cells and their metadata, nothing about the notebook itself."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return jupytext.writes(nb, fmt=FORMAT, config=jupytext.config.JupytextConfiguration(
        notebook_metadata_filter="-all", cell_metadata_filter="-" + ",-".join(VOLATILE_CELL_METADATA)))


def from_text(text):
    nb = jupytext.reads(text, fmt=FORMAT)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nb


def _key(cell):
    return cell.cell_type, cell.source


def merge_into(edited, previous):
    """``edited`` (cells read from a twin) with the ids, and for unchanged cells the outputs, of ``previous``.

    Cells are aligned on their text; a changed cell facing a changed cell keeps that cell's id, so an
    edit never renumbers the notebook.
    """
    nb = nbformat.v4.new_notebook(metadata=paths.notebook_metadata(previous.metadata if previous else {}))
    old = previous.cells if previous else []
    matcher = difflib.SequenceMatcher(a=[_key(c) for c in old], b=[_key(c) for c in edited.cells], autojunk=False)
    used = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, cell in enumerate(edited.cells[j1:j2]):
            new = nbformat.from_dict(cell)
            partner = old[i1 + offset] if (tag in ("equal", "replace") and i1 + offset < i2) else None
            if partner is not None and partner.cell_type == new.cell_type and partner.get("id") not in used:
                new["id"] = partner["id"]
                if tag == "equal" and new.cell_type == "code":
                    new.outputs, new.execution_count = partner.outputs, partner.execution_count
            else:
                new["id"] = nbformat.v4.new_code_cell().id
            used.add(new["id"])
            if new.cell_type == "code":
                new.setdefault("outputs", [])
                new.setdefault("execution_count", None)
            nb.cells.append(new)
    return nb


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


def sync():
    for nb_path, twin in disagreements():
        rel_nb, rel_twin = nb_path.relative_to(paths.REPO), twin.relative_to(paths.REPO)
        if nb_path.exists() and (not twin.exists() or nb_path.stat().st_mtime >= twin.stat().st_mtime):
            twin.parent.mkdir(parents=True, exist_ok=True)
            twin.write_text(to_text(paths.read(nb_path)))
            print(f"{rel_twin} <- {rel_nb}")
        else:
            previous = paths.read(nb_path) if nb_path.exists() else None
            merged = merge_into(from_text(twin.read_text()), previous)
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
