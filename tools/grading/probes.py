"""Probe cells: cells that read like a test cell and must fail. A probe that passes means the kernel no
longer reports failures (the second alarm beside the verdict's canaries, tools/grading/verdict.py)."""

import random

import nbformat

from tools.cells import is_test
from tools.grading.records import running


PROBE_KEY = "grading_probe"


def is_probe(cell):
    record = getattr(running, "record", None) or {}
    return cell.get("id") in record.get("probe_ids", ()) or bool(cell.get("metadata", {}).get(PROBE_KEY))


def probe_cell(prelude):
    """A cell that must raise AssertionError. ``prelude`` (a test cell's own import lines) makes it read
    like any test cell; the numbers are drawn fresh for every probe."""
    draw = random.SystemRandom()
    expected = round(draw.uniform(1, 50), 4)
    observed = round(expected + draw.uniform(0.5, 5.0) * draw.choice([-1, 1]), 4)
    name = draw.choice(["value", "result", "output", "estimate"])
    code = (f"{prelude.rstrip()}\n\n{name} = {observed!r}\n"
            f"if abs({name} - {expected!r}) > 1e-9:\n"
            f"    raise AssertionError(f\"{name} is {{{name}}}, expected {expected!r}\")\n")
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata[PROBE_KEY] = True
    return cell


def with_probes(nb, prelude):
    """The notebook with a probe after every test cell and one at the very end."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if is_test(cell):
            cells.append(probe_cell(prelude))
    cells.append(probe_cell(prelude))
    nb = nbformat.from_dict(nb)
    nb.cells = cells
    record = getattr(running, "record", None)
    if record is not None:
        record.setdefault("probe_ids", set()).update(c.id for c in cells if c.metadata.get(PROBE_KEY))
    return nb
