"""What a student who controls the kernel might add to an answer cell to pass tests without answers.

Each trick is code that goes at the top of the first answer cell. The tests (tests/test_case_library.py)
submit each one with answers that are wrong or missing, and expect every test cell to score 0 through the
course's grading command, which decides outside the kernel; plain `nbgrader autograde` is graded on the
same notebook for comparison.
"""

# A probe of the grading command (tools/grading_worker.py) compares a number with a literal and raises;
# the tricks below leave such cells alone so that the probes still fail and see nothing wrong.
LOOKS_LIKE_A_PROBE = r'''
import re as _re
def _looks_like_a_probe(source):
    return bool(_re.search(r"> 1e-9:\n\s+raise AssertionError", source))
'''

TRICKS = {
    # Every comparison of the course's checks says "close enough".
    "close-patch": '''
from autograd_course import checks as _checks
_checks.expect_close.__globals__["_close"] = lambda *args, **kwargs: True
''',
    # Every check compares the expected value with itself: the report then carries the expected value.
    "echo-expected": '''
import types as _types
from autograd_course import checks as _checks
_real = _checks.expect_close
_checks.expect_close.__globals__["_real_expect_close"] = _types.FunctionType(
    _real.__code__, _real.__globals__, "_real_expect_close", _real.__defaults__)
def _echo(actual, expected, what, rtol=1e-6, atol=1e-9, hints=()):
    return _real_expect_close(expected, expected, what, rtol, atol)
_real.__code__ = _echo.__code__
''',
    # Tracebacks are shown for probe-looking cells only; every other error vanishes from the outputs.
    "hidden-tracebacks": LOOKS_LIKE_A_PROBE + '''
_shell = get_ipython()
_current = {"source": ""}
_shell.events.register("pre_run_cell", lambda info: _current.update(source=info.raw_cell))
_show = _shell.showtraceback
def _selective_showtraceback(*args, **kwargs):
    if _looks_like_a_probe(_current["source"]):
        return _show(*args, **kwargs)
_shell.showtraceback = _selective_showtraceback
''',
    # Every cell that is not a probe runs inside try/except, through an input transformer.
    "wrapped-tests": LOOKS_LIKE_A_PROBE + '''
def _wrap(lines):
    source = "".join(lines)
    if _looks_like_a_probe(source) or "checks" not in source:
        return lines
    body = ["    " + line if line.strip() else line for line in source.splitlines(True)]
    return ["try:\n", *body, "\nexcept BaseException:\n", "    pass\n"]
get_ipython().input_transformers_post.append(_wrap)
''',
    # Every top-level statement of a cell that is not a probe runs inside its own try/except, so a test
    # cell goes on past each failing check and reaches its end.
    "wrapped-statements": LOOKS_LIKE_A_PROBE + '''
import ast as _ast
def _wrap_each(lines):
    source = "".join(lines)
    if _looks_like_a_probe(source):
        return lines
    try:
        tree = _ast.parse(source)
    except SyntaxError:
        return lines
    out, rows = [], source.splitlines(True)
    for node in tree.body:
        body = "".join(rows[node.lineno - 1:node.end_lineno])
        out.append("try:\\n" + "".join("    " + r for r in body.splitlines(True)) + "\\nexcept BaseException:\\n    pass\\n")
    return out
get_ipython().input_transformers_post.append(_wrap_each)
''',
    # The known set_custom_exc cheat, applied only outside probes.
    "custom-exc": LOOKS_LIKE_A_PROBE + '''
_shell = get_ipython()
_current = {"source": ""}
_shell.events.register("pre_run_cell", lambda info: _current.update(source=info.raw_cell))
def _handler(shell, etype, value, tb, tb_offset=None):
    if _looks_like_a_probe(_current["source"]):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
_shell.set_custom_exc((BaseException,), _handler)
''',
}

# With which answers each trick is submitted: "wrong" (a wrong case of every exercise) or "blank" (the
# untouched student version).
ANSWERS = {"close-patch": "wrong", "echo-expected": "wrong", "hidden-tracebacks": "blank",
           "wrapped-tests": "blank", "wrapped-statements": "wrong", "custom-exc": "blank"}

# The tricks that plain `nbgrader autograde` is graded on too, to show what the command adds.
COMPARED_WITH_NBGRADER = ("close-patch", "hidden-tracebacks")
