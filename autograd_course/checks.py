"""Checks used by the graded test cells of the course's assignments.

Student code runs in the same kernel as the tests. The checks guard against honest mistakes and casual
gaming, and say what went wrong:

* values are checked by exact type and shape before they are compared, so an object that merely
  looks like a number (a ``float`` subclass with a generous ``__eq__``, a tensor subclass, a mock) is
  refused with a message naming what it is;
* comparisons run on plain Python floats pulled out with functions captured when this module is first
  imported (by each assignment's locked imports cell, before any student cell), so replacing
  ``np.allclose``, ``torch.Tensor.tolist`` or a builtin afterwards changes nothing here;
* the module refuses to have its functions rebound (``checks.expect_close = ...``).

What they cannot do: a student who controls the kernel can subvert any test that runs in it (for
instance through IPython's ``set_custom_exc``). Catching that is the grading command's job, outside the
kernel (``python -m tools.grading``); README's instructor section says what is and is not protected.

A failing check raises ``AssertionError`` with a message for the learner: what was wrong, and where
the value matches a classic mistake, which one and a hint (never the expected answer).
"""

import base64
import builtins
import contextlib
import math
import os
import struct
import sys
import types

import numpy as np
import torch

__all__ = [
    "CheckFailure",
    "Hint",
    "passed",
    "expect_float",
    "expect_array",
    "expect_tensor",
    "expect_close",
    "expect_list_of_floats",
    "expect_callable",
    "expect_unchanged",
    "reference",
    "UNKNOWN",
    "end_of_cell",
]

# Captured now, while the kernel is still clean: everything below uses these, never the module attributes.
_abs, _len, _type, _isinstance, _float = builtins.abs, builtins.len, builtins.type, builtins.isinstance, builtins.float
_zip, _range, _max, _repr, _callable = builtins.zip, builtins.range, builtins.max, builtins.repr, builtins.callable
_isfinite = math.isfinite
_ndarray = np.ndarray
_ndarray_tolist = np.ndarray.tolist
_tensor_tolist, _tensor_detach = torch.Tensor.tolist, torch.Tensor.detach
_Tensor, _Parameter = torch.Tensor, torch.nn.Parameter
_print = builtins.print
_FLOAT_SCALARS = (float, np.float64, np.float32, np.float16)
_pack, _b64encode = struct.pack, base64.b64encode

# --- what a grading kernel reports --------------------------------------------------------------------
# The grading command (python -m tools.grading) sets this variable in the kernels it starts. There every
# check also reports what it saw, as a display output of the test cell, and the command decides outside
# the kernel: it compares the values with those of its own run of the reference solution. A test cell
# whose reports are missing, incomplete or off scores 0, whatever the kernel printed.
GRADING = os.environ.get("AUTOGRAD_COURSE_GRADING") == "1"
RECORD_MIME = "application/vnd.autograd-course.check+json"
try:
    from IPython.display import publish_display_data as _publish
except ImportError:  # plain Python: nothing to report to
    _publish = None


def _encode(numbers):
    return _b64encode(_pack(f"<{_len(numbers)}d", *numbers)).decode("ascii")


_pending = []


def _report(kind, what, actual=None, expected=None, rtol=0.0, atol=0.0):
    if not GRADING or _publish is None:
        return
    _pending.append({"kind": kind, "what": str(what), "rtol": _float(rtol), "atol": _float(atol),
                     "actual": None if actual is None else _encode(actual),
                     "expected": None if expected is None else _encode(expected)})
    if kind in ("passed", "end"):
        _flush()


def _flush():
    # One display output for many reports: a test cell may make thousands of checks, and one message
    # each would make the kernel's output channel the slowest part of grading.
    if _pending:
        batch = _pending[:]
        _pending.clear()
        _publish({RECORD_MIME: {"reports": batch}})


def end_of_cell():
    """Reported by the grading command's last line of each test cell: the cell ran to its end."""
    _report("end", "end of the test cell")

CheckFailure = AssertionError


class _Unknown:
    """What a name bound in a ``with reference():`` block holds in a kernel that grades a student.

    The grading command (``python -m tools.grading``) never sends the code of a reference block to a
    student's kernel: it binds every name the block would bind to this object instead, and takes the
    expected values from its own run of the reference solution. Passing it on (to a check, or through
    attributes, calls, indexing and arithmetic) is fine; deciding anything with it is a mistake in the
    test, and says so.
    """

    __slots__ = ()

    def _derived(self, *args, **kwargs):
        return self

    __getattr__ = __call__ = __getitem__ = _derived
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _derived
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = __matmul__ = __rmatmul__ = _derived

    def _undecidable(self, *args):
        raise RuntimeError("a value computed in a `with checks.reference():` block was used outside a check; "
                           "only pass reference values to the checks (move the code that needs them into the block)")

    __bool__ = __iter__ = __len__ = __float__ = __int__ = __index__ = _undecidable
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _undecidable
    __hash__ = None

    def __repr__(self):
        return "<reference value, computed by the grader>"


UNKNOWN = _Unknown()


@contextlib.contextmanager
def reference():
    """Mark the code of a hidden test that computes expected values::

        with checks.reference():
            expected = float(np.mean((a - b) ** 2))
        checks.expect_close(got, expected, "mse_loss on fresh arrays")

    Anywhere but a grading kernel this block simply runs. The grading command runs it only in its own
    kernel, which runs the reference solution and never a student's code, and compares the student's
    answer with the value found there: an answer cannot read, patch or reuse a value that was never
    computed where it runs. So a reference block may use the test's own inputs only, never anything
    a student's function returned or built (the reference solution's run would not have the same).
    """
    yield


class Hint:
    """A classic mistake: the value a wrong answer would produce, and what to tell the learner."""

    __slots__ = ("value", "message")

    def __init__(self, value, message):
        self.value = value
        self.message = message


def passed(exercise):
    """The last line of a visible test cell: say that the visible tests of ``exercise`` passed."""
    _report("passed", exercise)
    _print(f"\u2714 {exercise}: the visible tests pass. Hidden tests also run when your work is graded.")


# --- type and shape checks --------------------------------------------------------------------------

def _describe(value):
    kind = _type(value)
    if kind is _ndarray:
        return f"a NumPy array of shape {value.shape} and dtype {value.dtype}"
    if kind is _Tensor or kind is _Parameter:
        return f"a tensor of shape {tuple(value.shape)} and dtype {value.dtype}"
    return f"a {kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else f"a {kind.__name__}"


def expect_float(value, what):
    """Check that ``value`` is a real float (Python or NumPy scalar) and return it as a Python float."""
    if _type(value) not in _FLOAT_SCALARS:
        hint = ""
        if _type(value) is _ndarray and value.size == 1:
            hint = " Turn a one-element array into a number with float(...) or .item()."
        elif _type(value) is int:
            hint = " An int loses the fractional part: compute with floats."
        elif _isinstance(value, _Tensor):
            hint = " Use .item() to turn a one-element tensor into a Python float."
        raise CheckFailure(f"{what} should be a float, but it is {_describe(value)}.{hint}")
    number = _float.__new__(_float, value) if _type(value) is not float else value
    return number


def expect_array(value, what, shape=None):
    """Check that ``value`` is a floating-point ``np.ndarray`` (of ``shape`` when given)."""
    if _type(value) is not _ndarray:
        raise CheckFailure(f"{what} should be a NumPy array, but it is {_describe(value)}.")
    if value.dtype.kind != "f":
        raise CheckFailure(f"{what} should hold floats, but its dtype is {value.dtype}.")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise CheckFailure(f"{what} should have shape {tuple(shape)}, but it has shape {value.shape}.")
    return value


def expect_tensor(value, what, shape=None, dtype=None, requires_grad=None):
    """Check that ``value`` is a ``torch.Tensor`` with the given shape, dtype and ``requires_grad``."""
    if _type(value) not in (_Tensor, _Parameter):
        raise CheckFailure(f"{what} should be a torch.Tensor, but it is {_describe(value)}.")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise CheckFailure(f"{what} should have shape {tuple(shape)}, but it has shape {tuple(value.shape)}.")
    if dtype is not None and value.dtype != dtype:
        raise CheckFailure(f"{what} should have dtype {dtype}, but it has dtype {value.dtype}.")
    if requires_grad is not None and value.requires_grad != requires_grad:
        if requires_grad:
            raise CheckFailure(f"{what} should require grad, but it does not.")
        raise CheckFailure(f"{what} should not require grad: detach it (or compute it under no_grad) "
                           "before returning it.")
    return value


def expect_list_of_floats(value, what, length):
    """Check that ``value`` is a list of ``length`` floats; return them as Python floats."""
    if _type(value) is not list:
        raise CheckFailure(f"{what} should be a list, but it is {_describe(value)}.")
    if _len(value) != length:
        raise CheckFailure(f"{what} should have {length} entries, but it has {_len(value)}.")
    return [expect_float(item, f"{what}[{i}]") for i, item in enumerate(value)]


def expect_callable(value, what):
    if not _callable(value):
        raise CheckFailure(f"{what} should be a function, but it is {_describe(value)}.")
    return value


# --- value comparison -----------------------------------------------------------------------------

def _flat(value):
    """The numbers inside ``value`` as a flat list of Python floats, read with trusted methods only."""
    if _type(value) in _FLOAT_SCALARS or _type(value) is int:
        return [_float(value)]
    if _type(value) is _ndarray:
        nested = _ndarray_tolist(value)
    elif _isinstance(value, _Tensor):
        nested = _tensor_tolist(_tensor_detach(value))
    elif _type(value) in (list, tuple):
        nested = value
    else:
        raise CheckFailure(f"expected numbers, got {_describe(value)}")
    out = []
    stack = [nested]
    while stack:
        item = stack.pop()
        if _type(item) in (list, tuple):
            stack.extend(reversed(item))
        else:
            out.append(_float(item))
    return out


def _close(actual, expected, rtol, atol):
    if _len(actual) != _len(expected):
        return False
    for a, e in _zip(actual, expected):
        if not (_isfinite(a) and _isfinite(e)):
            if not (a == e):  # equal infinities pass; NaN never does
                return False
        elif _abs(a - e) > atol + rtol * _abs(e):
            return False
    return True


def expect_close(actual, expected, what, rtol=1e-6, atol=1e-9, hints=()):
    """Check that ``actual`` matches ``expected`` elementwise within ``atol + rtol * |expected|``.

    ``actual`` must already have passed a type check. When it does not match, each ``Hint`` whose
    value ``actual`` does match turns into the message; otherwise the message says only that it is off.
    """
    got = _flat(actual)
    if _has_unknown(expected):
        # A grading kernel: the expected value was never computed here; the grading command compares.
        _report("close", what, got, None, rtol, atol)
        return
    want = _flat(expected)
    _report("close", what, got, want, rtol, atol)
    if _len(got) != _len(want):
        raise CheckFailure(f"{what} has {_len(got)} numbers where {_len(want)} were expected.")
    if _close(got, want, rtol, atol):
        return
    nonfinite = [a for a in got if not _isfinite(a)]
    if nonfinite:
        raise CheckFailure(f"{what} contains {nonfinite[0]!r}: the computation overflowed or divided by zero.")
    for hint in hints:
        if not _has_unknown(hint.value) and _close(got, _flat(hint.value), rtol, atol):
            raise CheckFailure(f"{what} is not right. {hint.message}")
    raise CheckFailure(f"{what} is not right (got {_short(actual)}); recheck the formula against the "
                       "definition in the exercise's docstring.")


def expect_unchanged(after, before, what, hint=""):
    """Check that an input the function must not modify still equals its copy ``before``, exactly."""
    got, want = _flat(after), _flat(before)
    _report("unchanged", what, got, want)
    if _len(got) != _len(want):
        raise CheckFailure(f"{what} changed size: the function must leave its inputs alone. {hint}".rstrip())
    worst = _max([_abs(a - b) for a, b in _zip(got, want)] or [0.0])
    if worst != 0.0 or any(not (a == b) for a, b in _zip(got, want)):
        raise CheckFailure(f"{what} was modified (by up to {worst:.3g}): the function must leave its inputs "
                           f"as they were. {hint}".rstrip())


def _has_unknown(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if _type(item) is _Unknown:
            return True
        if _type(item) in (list, tuple):
            stack.extend(item)
    return False


def _short(value):
    numbers = _flat(value)
    text = ", ".join(f"{n:.6g}" for n in numbers[:4])
    return text if _len(numbers) <= 4 else f"[{text}, ...]"


class _ReadOnlyModule(types.ModuleType):
    """Assigning to this module's attributes (``checks.expect_close = ...``) is refused outright."""

    def __setattr__(self, name, value):
        raise AttributeError(f"autograd_course.checks is read-only: it cannot be given a new {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"autograd_course.checks is read-only: {name!r} cannot be deleted")


# --- how a failed check reads in a notebook ----------------------------------------------------------
# A failing check raises deep inside this package; IPython's traceback would show the helpers' source,
# their hints and expected values before the one line that matters. In a notebook, a failure raised by
# the course's checks shows as its message and the line of the test cell that failed; every other error
# (the learner's own code) keeps IPython's full traceback.
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _show_check_failure(shell, etype, value, tb, tb_offset=None):
    import traceback
    frames = traceback.extract_tb(tb)
    inside = [f.filename.startswith(_PACKAGE) for f in frames]
    if not frames or not inside[-1] or not _isinstance(value, CheckFailure):
        return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    outside = [f for f, ours in _zip(frames, inside) if not ours]
    where = [f"  the test at line {outside[-1].lineno}: {(outside[-1].line or '').strip()}"] if outside else []
    shell._showtraceback(etype, value, [f"{etype.__name__}: {value}", *where])


def _install_short_failures():
    try:
        shell = get_ipython()  # noqa: F821  (defined in IPython only)
    except NameError:
        return
    if shell is None:
        return
    if getattr(shell, "CustomTB", None) is not None and not shell.custom_exceptions:
        shell.set_custom_exc((CheckFailure,), _show_check_failure)
    if GRADING:
        # Reports belong to the cell that made them: what a failed cell left unsent is dropped.
        shell.events.register("pre_run_cell", lambda info: _pending.clear())


_install_short_failures()
sys.modules[__name__].__class__ = _ReadOnlyModule
