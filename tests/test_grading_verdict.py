"""The verdict outside the kernel (tools/grading/verdict.py), piece by piece and without a kernel.

The whole path, kernels and nbgrader included, is exercised by tests/test_case_library.py (the case
library and the tricks of tests/tricks.py, for every chapter).
"""

import base64
import struct

import nbformat
import pytest

from tools.cells import hidden_test_delimiters
from tools.grading import verdict

TEST_CELL = '''import numpy as np
from autograd_course import checks

checks.passed("mse_loss")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1)
for shape in [(3,), (2, 2)]:
    a, b = rng.normal(size=shape), rng.normal(size=shape)
    got = checks.expect_float(mse_loss(a, b), "mse_loss")
    with checks.reference():
        import math
        expected = float(np.mean((a - b) ** 2))
        def helper(v):
            return v
        squares = [x ** 2 for x in range(3)]
    checks.expect_close(got, expected, f"mse_loss on {shape}")
### END HIDDEN TESTS
'''


def test_a_student_kernel_never_receives_the_code_of_a_reference_block():
    stripped = verdict.strip_reference_blocks(TEST_CELL)
    assert "np.mean" not in stripped and "def helper" not in stripped
    # Each name the block binds is still bound, to the placeholder; a comprehension's variable is not.
    assert "    math = expected = helper = squares = checks.UNKNOWN" in stripped.split("\n")
    assert stripped.count("\n") == TEST_CELL.count("\n"), "line numbers must stay as they were"
    compile(stripped, "<test cell>", "exec")
    # The visible part and the student's calls are untouched.
    assert 'checks.expect_close(got, expected, f"mse_loss on {shape}")' in stripped


def test_the_end_report_goes_inside_the_hidden_region():
    lines = verdict.with_end_report(TEST_CELL).split("\n")
    _, end = hidden_test_delimiters()
    assert lines.index(verdict.END_LINE) == next(i for i, line in enumerate(lines) if end in line) - 1
    without_hidden = "checks.passed('x')\n"
    assert verdict.with_end_report(without_hidden).rstrip().endswith(verdict.END_LINE)


def test_a_block_without_names_becomes_pass():
    source = "with checks.reference():\n    print('nothing bound')\nx = 1\n"
    assert verdict.strip_reference_blocks(source).split("\n")[0] == "pass"


def test_other_with_statements_stay():
    source = "import torch\nwith torch.no_grad():\n    y = 2\n"
    assert verdict.strip_reference_blocks(source) == source


def _pack(numbers):
    return base64.b64encode(struct.pack(f"<{len(numbers)}d", *numbers)).decode()


def _cell(reports, error=False):
    outputs = [nbformat.v4.new_output("display_data", data={verdict.RECORD_MIME: {
        "kind": kind, "what": what, "actual": None if actual is None else _pack(actual),
        "expected": None if expected is None else _pack(expected), "rtol": 1e-6, "atol": 0.0}})
        for kind, what, actual, expected in reports]
    if error:
        outputs.append(nbformat.v4.new_output("error", ename="AssertionError", evalue="off", traceback=[]))
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_x", "points": 1}
    cell.outputs = outputs
    return cell


REFERENCE = [("close", "visible", [1.0], [1.0]), ("passed", "x", None, None), ("close", "hidden", [2.0], [2.0]),
             ("end", "end of the test cell", None, None)]
# The same reference solution as a student's kernel runs it: the hidden check's expected value is not there.
STRIPPED = [("close", "visible", [1.0], [1.0]), ("passed", "x", None, None), ("close", "hidden", [2.0], None),
            ("end", "end of the test cell", None, None)]
VISIBLE = ("close", "visible", [1.0], [1.0])


def _reference():
    return verdict.reference_reports({"nb": nbformat.v4.new_notebook(cells=[_cell(REFERENCE)])},
                                     {"nb": nbformat.v4.new_notebook(cells=[_cell(STRIPPED)])})


def _judge(reports, error=False):
    reference = _reference()
    nb = nbformat.v4.new_notebook(cells=[_cell(reports, error)])
    outcome = verdict.judge({"nb": nb}, reference)
    return outcome, nb.cells[0]


def test_a_value_the_kernel_never_had_is_compared_with_the_reference_solutions():
    outcome, cell = _judge([VISIBLE, ("passed", "x", None, None), ("close", "hidden", [2.0 + 1e-9], None),
                            ("end", "end of the test cell", None, None)])
    assert outcome.cells["test_x"].passed and not outcome.hid_failures
    assert not cell.outputs, "reports are removed from the notebook"
    outcome, cell = _judge([VISIBLE, ("passed", "x", None, None), ("close", "hidden", [3.0], None),
                            ("end", "end of the test cell", None, None)])
    assert not outcome.cells["test_x"].passed and not outcome.hid_failures
    assert outcome.cells["test_x"].visible_passed
    assert [o.ename for o in cell.outputs] == [verdict.FAILED], "a failing cell gets an error, so nbgrader scores 0"


def test_a_check_that_failed_without_an_error_showing_means_the_kernel_hides_failures():
    outcome, _ = _judge([("close", "visible", [5.0], [1.0]), ("passed", "x", None, None),
                         ("close", "hidden", [2.0], None), ("end", "end of the test cell", None, None)])
    assert outcome.hid_failures == ["test_x"]
    # The same failure with its error showing is an honest wrong answer.
    outcome, _ = _judge([("close", "visible", [5.0], [1.0])], error=True)
    assert not outcome.hid_failures and not outcome.cells["test_x"].passed


def test_a_kernel_that_reports_an_expected_value_it_cannot_have_judged_itself():
    """A reference block's value is never in a student's kernel: a report that carries one (here the
    student's own wrong value, claimed as the expected one) is forged, and the cell fails."""
    outcome, _ = _judge([VISIBLE, ("passed", "x", None, None), ("close", "hidden", [3.0], [3.0]),
                         ("end", "end of the test cell", None, None)])
    assert not outcome.cells["test_x"].passed and outcome.hid_failures == ["test_x"]


def test_the_reference_must_run_the_same_checks_without_its_blocks():
    with pytest.raises(verdict.ReferenceFailed, match="without its reference blocks"):
        verdict.reference_reports({"nb": nbformat.v4.new_notebook(cells=[_cell(REFERENCE)])},
                                  {"nb": nbformat.v4.new_notebook(cells=[_cell(STRIPPED[:1] + STRIPPED[2:])])})


def test_a_cell_that_stopped_before_its_end_without_an_error_means_the_kernel_hides_failures():
    outcome, _ = _judge([("passed", "x", None, None)])
    assert outcome.hid_failures == ["test_x"] and not outcome.cells["test_x"].passed


def test_forged_or_extra_reports_never_pass():
    outcome, _ = _judge([VISIBLE, ("passed", "x", None, None), ("close", "hidden", [2.0], None),
                         ("end", "end of the test cell", None, None), ("end", "end of the test cell", None, None)])
    assert not outcome.cells["test_x"].passed
    nb = nbformat.v4.new_notebook(cells=[_cell(STRIPPED)])
    nb.cells[0].outputs[2]["data"][verdict.RECORD_MIME]["actual"] = "not base64!"
    assert not verdict.judge({"nb": nb}, _reference()).cells["test_x"].passed


def test_a_reference_solution_that_fails_its_own_tests_stops_the_grading():
    broken = [("passed", "x", None, None), ("close", "hidden", [3.0], [2.0]), ("end", "end of the test cell", None, None)]
    with pytest.raises(verdict.ReferenceFailed, match="hidden"):
        verdict.reference_reports({"nb": nbformat.v4.new_notebook(cells=[_cell(broken)])})
    with pytest.raises(verdict.ReferenceFailed, match="end of the cell"):
        verdict.reference_reports({"nb": nbformat.v4.new_notebook(cells=[_cell(REFERENCE[:2])])})


def test_the_end_report_follows_the_configured_delimiter():
    """The end of the hidden region is what the course's nbgrader configuration says it is."""
    custom = TEST_CELL.replace("### END HIDDEN TESTS", "## fin des tests cachés")
    lines = verdict.with_end_report(custom, "fin des tests cachés").split("\n")
    assert lines[lines.index(verdict.END_LINE) + 1] == "## fin des tests cachés"
