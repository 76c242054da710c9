"""Each trick of tests/tricks.py really fools nbgrader's execution: a failing check of the course leaves
no error in its cell (nbgrader would give it the points), while a probe of the grading command still
fails. So the case library's tests that the tricks earn nothing through the grading command cannot pass
because a trick does nothing."""

import nbformat
import pytest
from nbgrader.preprocessors import Execute

from tools.grading.probes import probe_cell
from tricks import TRICKS


def _errors(cell):
    return [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("trick", list(TRICKS))
def test_the_trick_hides_a_failing_check_but_not_a_probe(trick):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nfrom autograd_course import checks"),
        nbformat.v4.new_code_cell(TRICKS[trick] + "\ndef answer(x):\n    return 1.0\n"),
        nbformat.v4.new_code_cell('expected = 2.0\nchecks.expect_close(answer(0), expected, "answer(0)")\n'
                                  'checks.passed("answer")'),
        probe_cell("import numpy as np\nfrom autograd_course import checks"),
    ])
    nb, _ = Execute(timeout=120).preprocess(nb, {})
    assert not _errors(nb.cells[1]), _errors(nb.cells[1])
    assert not _errors(nb.cells[2]), f"{trick} did not hide the failing check: {_errors(nb.cells[2])}"
    assert _errors(nb.cells[3]), f"{trick} also silenced the probe"
