"""What a student who controls the kernel might add to an answer cell to pass tests without answers.

Each trick is code that goes at the top of the first answer cell. tests/test_case_library.py submits each
one with answers that are wrong or missing, in every chapter, and expects every test cell to score 0
through the course's grading command, which decides outside the kernel; plain `nbgrader autograde` is
graded on some of the same notebooks for comparison. tests/test_tricks.py shows that each trick really
fools a kernel, so that those tests cannot pass because a trick does nothing.
"""

# A probe of the grading command (tools/grading/worker.py) compares a number with a literal and raises;
# the tricks below leave such cells alone so that the probes still fail and see nothing wrong.
LOOKS_LIKE_A_PROBE = r'''
import re as _re
def _looks_like_a_probe(source):
    return bool(_re.search(r"> 1e-9:\n\s+raise AssertionError", source))
'''

# nbgrader's Execute adds an error output to a cell whose execute reply says "error", even when the
# kernel printed no traceback; so the tricks that hide tracebacks also turn the reply into "ok".
REPLY_OK = r'''
def _reply_ok(result):
    if not _looks_like_a_probe(result.info.raw_cell):
        result.error_in_exec = None
        result.error_before_exec = None
get_ipython().events.register("post_run_cell", _reply_ok)
'''

TRICKS = {
    # Every comparison of the course's checks says "close enough".
    "close-patch": r'''
from autograd_course import checks as _checks
_checks.expect_close.__globals__["_close"] = lambda *args, **kwargs: True
''',
    # Every check compares the expected value with itself: its report then carries the expected value.
    "echo-expected": r'''
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
    "hidden-tracebacks": LOOKS_LIKE_A_PROBE + REPLY_OK + r'''
_shell = get_ipython()
_current = {"source": ""}
_shell.events.register("pre_run_cell", lambda info: _current.update(source=info.raw_cell))
def _selective(show):
    def showing_probes_only(*args, **kwargs):
        if _looks_like_a_probe(_current["source"]):
            return show(*args, **kwargs)
    return showing_probes_only
_shell.showtraceback = _selective(_shell.showtraceback)
_shell._showtraceback = _selective(_shell._showtraceback)
''',
    # Every cell that is not a probe runs inside try/except, through an input transformer.
    "wrapped-tests": LOOKS_LIKE_A_PROBE + r'''
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
    "wrapped-statements": LOOKS_LIKE_A_PROBE + r'''
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
        out.append("try:\n" + "".join("    " + r for r in body.splitlines(True)) + "\nexcept BaseException:\n    pass\n")
    return out
get_ipython().input_transformers_post.append(_wrap_each)
''',
    # After each cell that failed, a post_run_cell hook clears the cell's outputs (its traceback with
    # them), except in probe-looking cells.
    "cleared-outputs": LOOKS_LIKE_A_PROBE + r'''
from IPython.display import clear_output as _clear_output
def _clear_failures(result):
    if result.error_in_exec is not None and not _looks_like_a_probe(result.info.raw_cell):
        _clear_output()
        result.error_in_exec = None
get_ipython().events.register("post_run_cell", _clear_failures)
''',
    # Every function the student defines is wrapped: instead of its own result it returns a value of the
    # same type that a test computed beforehand under a name like `reference` or `expected`, found in the
    # calling frames or in the notebook's namespace.
    "reads-references": r'''
import functools as _functools
import sys as _sys
import types as _types
_WORDS = ("reference", "expected", "ref", "want")
def _stolen(result):
    frame = _sys._getframe(2)
    while frame is not None:
        for scope in (frame.f_locals, frame.f_globals):
            for key, value in list(scope.items()):
                if any(w in key.lower() for w in _WORDS) and type(value) is type(result):
                    return value
        frame = frame.f_back
    return result
def _stealing(fn):
    @_functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return _stolen(fn(*args, **kwargs))
    wrapper._stealing = True
    return wrapper
def _wrap_new_functions(result):
    shell = get_ipython()
    for key, value in list(shell.user_ns.items()):
        if (isinstance(value, _types.FunctionType) and not key.startswith("_")
                and value.__module__ == "__main__" and not getattr(value, "_stealing", False)):
            shell.user_ns[key] = _stealing(value)
get_ipython().events.register("post_run_cell", _wrap_new_functions)
''',
    # Every report claims that the expected value was the value found, and no comparison fails in the
    # kernel: a kernel judging itself.
    "self-judged": r'''
from autograd_course import checks as _checks
_globals = _checks.expect_close.__globals__
_real_report = _globals["_report"]
_globals["_report"] = lambda kind, what, actual=None, expected=None, *rest: _real_report(
    kind, what, expected or actual, expected or actual, *rest)
_globals["_close"] = lambda *args, **kwargs: True
''',
    # The known set_custom_exc cheat, applied only outside probes.
    "custom-exc": LOOKS_LIKE_A_PROBE + REPLY_OK + r'''
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
           "wrapped-tests": "blank", "wrapped-statements": "wrong", "cleared-outputs": "blank",
           "reads-references": "wrong", "self-judged": "wrong", "custom-exc": "blank"}

# The tricks that plain `nbgrader autograde` is graded on too, to show what the command adds: both work on
# the untouched student version, so they fool plain nbgrader in every chapter (a patched comparison fools it
# only where the wrong answers fail through `expect_close`).
COMPARED_WITH_NBGRADER = ("hidden-tracebacks", "cleared-outputs")
