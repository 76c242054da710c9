"""Checks used by the graded test cells of the course's assignments.

Student code runs in the same kernel as the tests, so the tests cannot take the notebook's state on
trust. This module is imported by each assignment's first locked cell, before any student cell runs,
and from then on:

* every check first makes sure that no library function the tests rely on (NumPy, PyTorch, ``math``,
  the builtins, and this module itself) has been replaced since that import;
* values are checked by exact type and shape before they are compared, so an object that merely
  looks like a number (a ``float`` subclass with a generous ``__eq__``, a mock) is refused;
* comparisons run on plain Python floats pulled out with methods captured at import time, never on
  objects or functions that the notebook could have swapped.

A failing check raises ``AssertionError`` with a message for the learner: what was wrong, and where
the value matches a classic mistake, which one and a hint (never the expected answer).
"""

import builtins
import inspect
import math
import sys
import types

import numpy as np
import torch
import torch.nn.functional
import torch.optim

__all__ = [
    "CheckFailure",
    "Hint",
    "verify_untampered",
    "expect_float",
    "expect_array",
    "expect_tensor",
    "expect_close",
    "expect_list_of_floats",
    "expect_callable",
    "expect_unchanged",
]

# Captured now, while the kernel is still clean: everything below uses these, never the module attributes.
_abs, _len, _type, _isinstance, _float = builtins.abs, builtins.len, builtins.type, builtins.isinstance, builtins.float
_zip, _range, _max, _repr, _callable = builtins.zip, builtins.range, builtins.max, builtins.repr, builtins.callable
_isfinite = math.isfinite
_ndarray = np.ndarray
_ndarray_tolist = np.ndarray.tolist
_tensor_tolist, _tensor_detach = torch.Tensor.tolist, torch.Tensor.detach
_FLOAT_SCALARS = (float, np.float64, np.float32, np.float16)

CheckFailure = AssertionError


class Hint:
    """A classic mistake: the value a wrong answer would produce, and what to tell the learner."""

    __slots__ = ("value", "message")

    def __init__(self, value, message):
        self.value = value
        self.message = message


# --- tamper detection ---------------------------------------------------------------------------

def _watched():
    """The namespaces whose contents the tests depend on, as (label, namespace-owner) pairs."""
    return [("builtins", builtins), ("math", math), ("numpy", np), ("numpy.linalg", np.linalg),
            ("numpy.random", np.random), ("torch", torch), ("torch.Tensor", torch.Tensor),
            ("torch.autograd", torch.autograd), ("torch.nn.functional", torch.nn.functional),
            ("torch.optim", torch.optim), ("torch.optim.Optimizer", torch.optim.Optimizer),
            ("torch.optim.SGD", torch.optim.SGD), ("torch.optim.Adam", torch.optim.Adam),
            ("torch.nn.Module", torch.nn.Module)]


# The kernel itself swaps some builtins (input, getpass) on every request, so of the builtins only
# those that test code calls are watched.
_BUILTINS_USED_BY_TESTS = ("abs", "all", "any", "bool", "callable", "enumerate", "float", "getattr", "hasattr",
                           "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next",
                           "range", "repr", "reversed", "round", "sorted", "str", "sum", "tuple", "type", "zip")


def _namespace(owner):
    """A module's attributes, or every attribute a class resolves through its MRO (as stored, not bound):
    a method patched onto a subclass shadows the inherited one, and must show up as a change."""
    if inspect.isclass(owner):
        names = {}
        for klass in reversed(owner.__mro__[:-1]):  # object's own methods are not the tests' concern
            names.update(vars(klass))
        return names
    names = dict(vars(owner))
    if owner is builtins:
        names = {k: names[k] for k in _BUILTINS_USED_BY_TESTS}
    return names


def _same(current, original):
    if current is original:
        return True
    # torch.optim wraps Optimizer.step in a profiling hook on first use; the wrapper keeps the original.
    try:
        return inspect.unwrap(current) is inspect.unwrap(original)
    except ValueError:
        return False


_SNAPSHOT = {}
# Bookkeeping attributes that legitimately change while a notebook runs.
_VOLATILE_DUNDERS = frozenset({"__doc__", "__annotations__", "__dict__", "__weakref__", "__warningregistry__",
                               "__builtins__", "__loader__", "__spec__", "__cached__", "__file__", "__path__"})


def _take_snapshot():
    for label, owner in _watched():
        _SNAPSHOT[label] = (owner, _namespace(owner))


def verify_untampered():
    """Fail if a function the tests depend on was replaced after the assignment's setup cell ran."""
    replaced = []
    for label, (owner, names) in _SNAPSHOT.items():
        current = _namespace(owner)
        for name, original in names.items():
            if name in _VOLATILE_DUNDERS:
                continue
            if name not in current or not _same(current[name], original):
                replaced.append(f"{label}.{name}")
    module = sys.modules[__name__]
    for name, original in _OWN.items():
        if not _same(getattr(module, name, None), original):
            replaced.append(f"autograd_course.checks.{name}")
    if replaced:
        shown = ", ".join(sorted(replaced)[:5])
        raise CheckFailure(
            f"Library functions used by the tests were replaced in this notebook ({shown}). "
            "The tests cannot grade an answer that changes the tools that check it: remove that code, "
            "then restart the kernel and run all cells.")


# --- type and shape checks --------------------------------------------------------------------------

def _describe(value):
    kind = _type(value)
    if kind is _ndarray:
        return f"a NumPy array of shape {value.shape} and dtype {value.dtype}"
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        return f"a tensor of shape {tuple(value.shape)} and dtype {value.dtype}"
    return f"a {kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else f"a {kind.__name__}"


def expect_float(value, what):
    """Check that ``value`` is a real float (Python or NumPy scalar) and return it as a Python float."""
    verify_untampered()
    if _type(value) not in _FLOAT_SCALARS:
        hint = ""
        if _type(value) is _ndarray and value.size == 1:
            hint = " Turn a one-element array into a number with float(...) or .item()."
        elif _type(value) is int:
            hint = " An int loses the fractional part: compute with floats."
        elif _isinstance(value, torch.Tensor):
            hint = " Use .item() to turn a one-element tensor into a Python float."
        raise CheckFailure(f"{what} should be a float, but it is {_describe(value)}.{hint}")
    number = _float.__new__(_float, value) if _type(value) is not float else value
    return number


def expect_array(value, what, shape=None):
    """Check that ``value`` is a floating-point ``np.ndarray`` (of ``shape`` when given)."""
    verify_untampered()
    if _type(value) is not _ndarray:
        raise CheckFailure(f"{what} should be a NumPy array, but it is {_describe(value)}.")
    if value.dtype.kind != "f":
        raise CheckFailure(f"{what} should hold floats, but its dtype is {value.dtype}.")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise CheckFailure(f"{what} should have shape {tuple(shape)}, but it has shape {value.shape}.")
    return value


def expect_tensor(value, what, shape=None, dtype=None, requires_grad=None):
    """Check that ``value`` is a ``torch.Tensor`` with the given shape, dtype and ``requires_grad``."""
    verify_untampered()
    if _type(value) not in (torch.Tensor, torch.nn.Parameter):
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
    verify_untampered()
    if _type(value) is not list:
        raise CheckFailure(f"{what} should be a list, but it is {_describe(value)}.")
    if _len(value) != length:
        raise CheckFailure(f"{what} should have {length} entries, but it has {_len(value)}.")
    return [expect_float(item, f"{what}[{i}]") for i, item in enumerate(value)]


def expect_callable(value, what):
    verify_untampered()
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
    elif _isinstance(value, torch.Tensor):
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
    verify_untampered()
    got, want = _flat(actual), _flat(expected)
    if _len(got) != _len(want):
        raise CheckFailure(f"{what} has {_len(got)} numbers where {_len(want)} were expected.")
    if _close(got, want, rtol, atol):
        return
    nonfinite = [a for a in got if not _isfinite(a)]
    if nonfinite:
        raise CheckFailure(f"{what} contains {nonfinite[0]!r}: the computation overflowed or divided by zero.")
    for hint in hints:
        if _close(got, _flat(hint.value), rtol, atol):
            raise CheckFailure(f"{what} is not right. {hint.message}")
    raise CheckFailure(f"{what} is not right (got {_short(actual)}); recheck the formula against the "
                       "definition in the exercise's docstring.")


def expect_unchanged(after, before, what, hint=""):
    """Check that an input the function must not modify still equals its copy ``before``, exactly."""
    verify_untampered()
    got, want = _flat(after), _flat(before)
    if _len(got) != _len(want):
        raise CheckFailure(f"{what} changed size: the function must leave its inputs alone. {hint}".rstrip())
    worst = _max([_abs(a - b) for a, b in _zip(got, want)] or [0.0])
    if worst != 0.0 or any(not (a == b) for a, b in _zip(got, want)):
        raise CheckFailure(f"{what} was modified (by up to {worst:.3g}): the function must leave its inputs "
                           f"as they were. {hint}".rstrip())


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


_take_snapshot()
_OWN = {name: obj for name, obj in dict(globals()).items()
        if not name.startswith("__") and (inspect.isfunction(obj) or inspect.isclass(obj))}
sys.modules[__name__].__class__ = _ReadOnlyModule
