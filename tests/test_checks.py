"""The checking helpers themselves: they refuse look-alikes, ignore replaced libraries and name mistakes.

Each test runs in a fresh Python process, because tampering with a library is exactly what some of them do:
a child forked from a parent that has imported NumPy and PyTorch, and nothing of the course
(tests/forked_python.py), so each snippet imports the checks itself and what it patches dies with it."""

import functools
import textwrap

import pytest

from forked_python import Forker


@functools.cache
def _forker():
    return Forker(["numpy", "torch"])


def run(code):
    return _forker().run(textwrap.dedent(code))


def fails_with(code, text):
    rc, out = run("import numpy as np, torch\nfrom autograd_course import checks\n" + textwrap.dedent(code))
    assert rc != 0 and "AssertionError" in out and text in out, out


def passes(code):
    rc, out = run("import numpy as np, torch\nfrom autograd_course import checks\n" + textwrap.dedent(code))
    assert rc == 0, out


def test_float_checks_accept_real_floats():
    passes("""
        for value in (1.5, np.float64(1.5), np.float32(1.5)):
            checks.expect_close(checks.expect_float(value, "v"), 1.5, "v")
    """)


@pytest.mark.parametrize("value, text", [
    ("np.array([1.5])", "float(...) or .item()"),
    ("torch.tensor(1.5)", ".item()"),
    ("2", "An int loses"),
    ("type('F', (float,), {'__eq__': lambda s, o: True})(0.0)", "should be a float"),
])
def test_float_checks_refuse_look_alikes(value, text):
    fails_with(f"checks.expect_float({value}, 'v')", text)


def test_hint_names_the_mistake_without_the_answer():
    fails_with("""
        checks.expect_close(4.0, 2.0, "grad", hints=[checks.Hint(4.0, "Twice the expected gradient.")])
    """, "Twice the expected gradient.")
    rc, out = run("""
        from autograd_course import checks
        checks.expect_close(3.0, 2.0, "grad")
    """)
    assert rc != 0 and "got 3" in out and "2" not in out.split("AssertionError")[-1].replace("got 3", "")


def test_nan_and_inf_never_pass():
    fails_with("checks.expect_close(float('nan'), float('nan'), 'v')", "nan")
    fails_with("checks.expect_close([1.0, float('inf')], [1.0, 2.0], 'v')", "inf")


@pytest.mark.parametrize("patch", [
    "np.allclose = lambda *a, **k: True",
    "np.ndarray = list",
    "import math; math.isclose = lambda *a, **k: True; math.isfinite = lambda x: True",
    "import builtins; builtins.abs = lambda x: 0.0; builtins.float = lambda x=0: 2.0",
    "torch.allclose = lambda *a, **k: True",
    "torch.Tensor.tolist = lambda self: [2.0]",
    "torch.Tensor.detach = lambda self: torch.tensor([2.0])",
    "torch.Tensor.__sub__ = lambda a, b: a",
])
def test_replaced_library_functions_change_no_verdict(patch):
    """The checks compare through functions captured at import: patching the libraries afterwards (a
    casual way to game a test) leaves a wrong answer wrong."""
    fails_with(f"{patch}\nchecks.expect_close(checks.expect_float(3.0, 'v'), 2.0, 'v')", "is not right")
    fails_with(f"{patch}\nchecks.expect_close(checks.expect_tensor(torch.tensor([3.0]), 't'), [2.0], 't')",
               "is not right")


def test_a_passing_visible_test_says_so_in_one_line():
    rc, out = run("""
        from autograd_course import checks
        checks.passed("mse_loss")
    """)
    assert rc == 0 and out.count("\n") == 1 and "mse_loss" in out and "pass" in out, out


def test_tensor_checks():
    passes("checks.expect_tensor(torch.zeros(3), 't', shape=(3,), dtype=torch.float32, requires_grad=False)")
    fails_with("checks.expect_tensor(torch.zeros(3, requires_grad=True) * 2, 't', requires_grad=False)", "detach")
    fails_with("checks.expect_tensor(np.zeros(3), 't')", "should be a torch.Tensor")
    fails_with("checks.expect_tensor(torch.zeros(3), 't', dtype=torch.float64)", "dtype")


def test_unchanged_is_exact():
    passes("a = np.arange(3.0); checks.expect_unchanged(a, a.copy(), 'a')")
    fails_with("a = np.arange(3.0); b = a.copy(); a[1] += 1e-15; checks.expect_unchanged(a, b, 'a')", "was modified")


def test_the_checks_module_cannot_be_rebound():
    rc, out = run("""
        from autograd_course import checks
        checks.expect_close = lambda *a, **k: None
    """)
    assert rc != 0 and "read-only" in out, out


def test_subclasses_are_named():
    fails_with("""
        class Sneaky(torch.Tensor):
            pass
        checks.expect_tensor(torch.zeros(2).as_subclass(Sneaky), "t")
    """, "Sneaky")


def test_a_failed_check_shows_its_message_and_the_test_line_not_the_helpers():
    """In a notebook, a failing course check reads as two lines; a learner's own error keeps IPython's
    whole traceback, which they need to debug their code."""
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nfrom autograd_course.exercises import ch01"),
        nbformat.v4.new_code_cell("def mse_loss(y_hat, y):\n    return float(np.mean(y_hat - y))"),
        nbformat.v4.new_code_cell("answer = 1\nch01.check_mse_loss_on_one_example(mse_loss)"),
        nbformat.v4.new_code_cell("def mine():\n    raise ValueError('my own bug')\nmine()"),
    ])
    NotebookClient(nb, allow_errors=True, kernel_name="python3", timeout=120).execute()
    (check,) = [o for o in nb.cells[2].outputs if o.output_type == "error"]
    assert check.traceback == [f"AssertionError: {check.evalue}",
                               "  the test at line 2: ch01.check_mse_loss_on_one_example(mse_loss)"]
    assert "plain difference" in check.evalue, check.evalue
    (own,) = [o for o in nb.cells[3].outputs if o.output_type == "error"]
    assert len(own.traceback) > 2 and any("mine()" in line for line in own.traceback)
