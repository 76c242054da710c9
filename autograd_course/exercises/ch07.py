"""The visible tests of chapter 7 (capstone: your own autograd).

``Value`` is a learner's scalar reverse-mode engine, used only through its public API: ``Value(data)``,
``.data``, ``.grad``, the arithmetic operators (with plain numbers on either side), ``tanh()``,
``relu()``, ``exp()`` and ``backward()``. Its tests are split by concept, one graded cell each, so that a
mistake costs the points of the idea it gets wrong: the forward values; each operation's local derivative
on its own; the order of the backward pass (a chain, a value shared by operations at different depths,
the cost of a backward on a graph with exponentially many paths); accumulation (a value used twice in one
expression, and a second ``backward()`` on the same output, which adds to the leaves' gradients as
PyTorch's ``.grad`` does); then random expressions compared with PyTorch's autograd in float64. The
order and accumulation checks build their graphs with ``+``, ``-``, ``*`` and ``**``, so they rely on
those four local rules (graded on their own in the rules cell) as well as on the order and the adding up.

Every call into learner code (an operation, ``backward()``, reading ``data`` or ``grad``) runs under a
``Watch``, which sees the mechanism from outside: a profiler counts the Python calls and recognises
autograd's entry points by their code (so under any name) and complex numbers, and a torch function mode
sees every PyTorch function called from Python, ``torch.ops`` included. The profiler also sees built-in
(C) calls: for ``Value`` any that belongs to PyTorch (a ``torch`` function, a tensor's method) fails, and
for both exercises so does a call to autograd's engine (``Variable._execution_engine``), any call made while
PyTorch's function handling is switched off (``torch._C.DisableTorchFunction``), and a profiler that was
taken off (``sys.setprofile``). A ``Value`` that hands its graph to PyTorch,
estimates derivatives with complex steps or finite differences, or pushes gradients down every path fails
with a message that says so. What the tests cannot see is the inside of ``backward()``: that a value
passes its gradient on only once it is complete shows in the numbers (a shared value that passes it on
early gives its parents the wrong amount) and in the cost (one that passes on every late contribution
again runs its rule once per path, past the call budget).

``LegendreP3`` is a learner's ``torch.autograd.Function``; its checks watch ``forward`` (through
``apply``) and ``backward`` while autograd calls them, so they can tell a hand-written derivative from
one that asks autograd, a polynomial library, the tests' own formulas or complex numbers for it; since
they cannot see how numbers found before the call were found, forward and backward (and the notebook's
own functions they call) may not read numbers, arrays or a ``lambdify``-generated function from outside
themselves (a global, a class attribute, a closure, a default argument), and backward may not compute a
cubic in the tensors forward saved (P3 evaluated again, as a finite difference does: the function mode
tracks each result's degree in them). They also change the input in
place between forward and backward, which autograd must refuse (or the gradient must still be the one at
the input forward saw).
"""

import builtins
import dis
import functools
import inspect
import math
import numbers
import random
import sys
import threading
import types

import numpy as np
import numpy.polynomial as _np_polynomial
import torch
import torch.autograd.forward_ad as _forward_ad
from torch.autograd.gradcheck import GradcheckError as _GradcheckError
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves as _tree_leaves

from autograd_course import checks

# Captured at import (the assignment's locked imports cell), before any learner code runs.
_type, _isinstance, _float, _abs, _len = builtins.type, builtins.isinstance, builtins.float, builtins.abs, builtins.len
_list = builtins.list
_getattr, _setattr, _delattr, _hasattr = builtins.getattr, builtins.setattr, builtins.delattr, builtins.hasattr
_repr = builtins.repr
_math_tanh, _math_exp, _sqrt = math.tanh, math.exp, math.sqrt
_Function = torch.autograd.Function
_tensor, _float64 = torch.tensor, torch.float64
_gradcheck = torch.autograd.gradcheck
_Tensor, _is_grad_enabled, _no_grad = torch.Tensor, torch.is_grad_enabled, torch.no_grad
_autograd_grad = torch.autograd.grad
_tensor_tolist = torch.Tensor.tolist
_getprofile, _setprofile = sys.getprofile, sys.setprofile
_thread_getprofile, _thread_setprofile = threading.getprofile, threading.setprofile
_torch_function_off = torch._C._is_torch_function_all_disabled
_engine = torch.autograd.Variable._execution_engine

ORDER = ("reverse topological order: a value passes its gradient on once, after every value that uses it "
         "has added its share")


# --- watching the mechanism ---------------------------------------------------------------------------

def _code_of(function):
    """The code objects that run when ``function`` is called (a decorated function runs its wrapper's too)."""
    found = [function.__code__] if _hasattr(function, "__code__") else []
    inner = inspect.unwrap(function)
    if _hasattr(inner, "__code__") and inner.__code__ not in found:
        found.append(inner.__code__)
    return found


def _named_codes(entries):
    codes = {}
    for name, function in entries:
        for code in _code_of(function):
            codes[code] = name
    return codes


# Ways of asking autograd for a derivative, or a library for the derivative of a polynomial. They are
# recognised by the code they run, so a function taken under another name (``from torch.autograd import
# grad as g``) is recognised as well.
_AUTOGRAD_CODE = _named_codes(
    [("torch.autograd.grad", torch.autograd.grad), ("torch.autograd.backward", torch.autograd.backward),
     ("Tensor.backward", torch.Tensor.backward),
     *[(f"torch.func.{name}", _getattr(torch.func, name))
       for name in ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize")],
     *[(f"torch.autograd.functional.{name}", _getattr(torch.autograd.functional, name))
       for name in ("vjp", "jvp", "jacobian", "hessian", "vhp", "hvp")],
     ("torch.autograd.forward_ad.make_dual", _forward_ad.make_dual),
     ("torch.autograd.forward_ad.unpack_dual", _forward_ad.unpack_dual)])
_DERIVATIVE_CODE = _named_codes(
    [("numpy.polynomial.polynomial.polyder", _np_polynomial.polynomial.polyder),
     ("numpy.polynomial.legendre.legder", _np_polynomial.legendre.legder),
     ("numpy.polynomial.chebyshev.chebder", _np_polynomial.chebyshev.chebder),
     ("numpy.polynomial.hermite.hermder", _np_polynomial.hermite.hermder),
     ("numpy.polynomial.hermite_e.hermeder", _np_polynomial.hermite_e.hermeder),
     ("numpy.polynomial.laguerre.lagder", _np_polynomial.laguerre.lagder),
     ("the deriv() of a numpy.polynomial series", _np_polynomial._polybase.ABCPolyBase.deriv),
     ("numpy.polyder", np.polyder), ("numpy.poly1d.deriv", np.poly1d.deriv),
     ("a numpy.polynomial series (such as one that deriv() made)", _np_polynomial._polybase.ABCPolyBase.__call__),
     ("a numpy.poly1d polynomial (such as one that deriv() made)", np.poly1d.__call__)])


# sympy is recognised by where its code lives, so that it need not be imported here.
_SYMPY_NAMES = {"diff": "sympy's diff", "_eval_derivative": "sympy's Derivative",
                "_eval_derivative_n_times": "sympy's Derivative"}


class _OverBudget(Exception):
    """Raised inside learner code once a watched call has made more Python calls than it was allowed."""


class _TorchSeen(TorchFunctionMode):
    """While active, notes every PyTorch function and tensor method that runs: its name, whether autograd
    recorded it (grad mode on and an input that requires grad) and whether it computed with complex numbers.

    (A function mode sees what Python code calls; a dispatch mode would see the operators underneath, but
    entering one imports torch._dynamo, which takes seconds.)"""

    def __init__(self):
        super().__init__()
        self.ops, self.recorded, self.complex = [], [], []
        # Polynomial degree tracking (LegendreP3's backward only): the storages of the saved tensors count as
        # degree 1, and each result gets the degree its operation gives; ``cubic`` names the operations whose
        # result reached degree 3 or more.
        self.sources, self.degrees, self.cubic = None, {}, []

    def _degree(self, t):
        if not _isinstance(t, _Tensor):
            # A Python 0 makes a product exactly zero (Horner's rule may start from it).
            return _ZERO if _isinstance(t, (int, float)) and not _isinstance(t, bool) and t == 0 else 0
        entry = self.degrees.get(id(t))
        if entry is not None and entry[0] is t:
            return entry[1]
        try:
            return 1 if t.untyped_storage().data_ptr() in self.sources else 0
        except (RuntimeError, NotImplementedError):
            return 0

    def _track(self, name, args, kwargs, out):
        base = name.strip("_")
        base = base[:-1] if base.endswith("_") else base
        first = [self._degree(a) for a in args[:2]] + [0, 0]
        if base in _SHAPE_ONLY:  # ones_like(x), x.new_tensor(7.5): x lends its shape and dtype, not its values
            degree = _ZERO if "zero" in base else 0
        elif base in ("mul", "rmul", "imul", "multiply"):
            degree = _ZERO if _ZERO in first[:2] else first[0] + first[1]
        elif base in ("pow", "ipow", "float_power") and _len(args) > 1 and _isinstance(args[1], (int, float)) \
                and float(args[1]).is_integer() and args[1] > 0:
            degree = first[0] if first[0] == _ZERO else first[0] * int(args[1])
        elif base == "square":
            degree = first[0] if first[0] == _ZERO else 2 * first[0]
        elif base == "addcmul" and _len(args) > 2:
            product = [self._degree(args[1]), self._degree(args[2])]
            degree = _max_of([first[0], _ZERO if _ZERO in product else product[0] + product[1]], start=_ZERO)
        elif base in ("add", "radd", "iadd", "sub", "rsub", "isub", "subtract", "neg", "negative"):
            degree = _max_of([self._degree(t) for t in _tree_leaves((args, kwargs))], start=_ZERO)
        else:
            degree = _max_of([self._degree(t) for t in _tree_leaves((args, kwargs))])
        for t in _tree_leaves(out):
            if _isinstance(t, _Tensor):
                self.degrees[id(t)] = (t, degree)
        if degree >= 3:
            self.cubic.append(name)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = _getattr(func, "__name__", None) or _repr(func)
        inputs = [t for t in _tree_leaves((args, kwargs)) if _isinstance(t, _Tensor)]
        self.ops.append(name)
        if _is_grad_enabled() and any(t.requires_grad for t in inputs):
            self.recorded.append(name)
        out = func(*args, **kwargs)
        outputs = [t for t in _tree_leaves(out) if _isinstance(t, _Tensor)]
        if any(t.is_complex() for t in inputs + outputs):
            self.complex.append(name)
        if self.sources is not None:
            self._track(name, args, kwargs, out)
        return out


# The degree of a result that is exactly zero (0 * x, zeros_like(x)): a product with it is zero too, and
# adding it changes nothing.
_ZERO = -1
_SHAPE_ONLY = {"ones_like", "zeros_like", "full_like", "empty_like", "rand_like", "randn_like", "randint_like",
               "new_tensor", "new_ones", "new_zeros", "new_full", "new_empty"}


def _max_of(numbers_, start=0):
    best = start
    for n in numbers_:
        best = n if n > best else best
    return best


def _is_complex(value):
    return _isinstance(value, (complex, np.complexfloating))


class Watch:
    """Everything a call into learner code does that the tests care about, seen from outside it.

    * ``calls``: how many Python functions ran (``sys.setprofile``); past ``budget`` the call is stopped;
    * ``autograd``, ``derivatives``: the autograd entry points, and the library functions that
      differentiate a polynomial, that ran, recognised by their code (so under any name);
    * ``complex``: where complex numbers appeared (a complex literal in code that ran, a complex value
      returned, a ``cmath`` function, a complex tensor);
    * ``torch.ops``, ``torch.recorded``: the PyTorch functions that ran, and those autograd recorded.

    Whatever the call does, the profiler and the dispatch mode are taken off again on exit.
    """

    def __init__(self, budget=None, no_torch=False, own_backward=None):
        self.budget, self.calls, self.over = budget, 0, False
        self.no_torch, self.own_backward = no_torch, own_backward
        self.autograd, self.derivatives, self.complex = [], [], []
        self.engine, self.hidden, self._leaving = [], [], False
        self.torch = _TorchSeen()
        self._checked = {}

    def _has_complex_constant(self, code):
        if code not in self._checked:
            self._checked[code] = any(_is_complex(c) for c in code.co_consts)
        return self._checked[code]

    def _profile(self, frame, event, arg):
        if event == "call":
            self.calls += 1
            code = frame.f_code
            if code in _AUTOGRAD_CODE:
                self.autograd.append(_AUTOGRAD_CODE[code])
            elif code in _DERIVATIVE_CODE:
                self.derivatives.append(_DERIVATIVE_CODE[code])
            elif code.co_name in _SYMPY_NAMES and "sympy" in code.co_filename:
                self.derivatives.append(_SYMPY_NAMES[code.co_name])
            elif (self.own_backward is not None and code.co_name == "backward"
                  and code not in self.own_backward):
                self.derivatives.append(f"another backward(), {code.co_qualname}")
            if self._has_complex_constant(code):
                self.complex.append(f"a complex constant in {code.co_name}")
            if _torch_function_off():
                self.hidden.append("torch._C.DisableTorchFunction (PyTorch functions run unseen)")
            if self.budget is not None and self.calls > self.budget and not self.over:
                self.over = True
                raise _OverBudget(f"more than {self.budget} Python function calls")
        elif event == "return":
            # (Local variables are not read: frame.f_locals in a profiler can undo assignments on 3.11.)
            if _is_complex(arg):
                self.complex.append(f"the complex value {frame.f_code.co_name} returned")
        elif event == "c_call":
            module = _getattr(arg, "__module__", None) or ""
            owner = _getattr(arg, "__self__", None)
            if module == "cmath":
                self.complex.append(f"cmath.{arg.__name__}")
            if owner is _engine:
                self.engine.append(f"autograd's engine, torch.autograd.Variable._execution_engine.{arg.__name__}")
            elif (arg is _setprofile or arg is _thread_setprofile) and not self._leaving:
                self.hidden.append("sys.setprofile (the tests' watch taken off)")
            elif _torch_function_off():
                self.hidden.append("torch._C.DisableTorchFunction (PyTorch functions run unseen)")
            elif self.no_torch and (module.startswith("torch") or _isinstance(owner, _Tensor)
                                    or (owner is not None and
                                        (_getattr(_type(owner), "__module__", None) or "").startswith("torch"))):
                self.hidden.append(f"the PyTorch function {_getattr(arg, '__qualname__', None) or arg.__name__}")

    def run(self, call):
        """``call()`` under watch; returns its result. A call stopped for its budget returns None."""
        previous, previous_threads = _getprofile(), _thread_getprofile()
        try:
            with self.torch:
                _thread_setprofile(self._profile)
                _setprofile(self._profile)
                try:
                    return call()
                finally:
                    if _getprofile() != self._profile and not self.over:
                        self.hidden.append("a call that took the tests' watch (sys.setprofile) off")
                    self._leaving = True
                    _setprofile(previous)
                    _thread_setprofile(previous_threads)
        except _OverBudget:
            return None
        finally:
            if self.budget is not None and self.calls > self.budget:
                self.over = True

    @property
    def complex_seen(self):
        return self.complex + [f"the PyTorch function {op} on complex tensors" for op in self.torch.complex]


def _own_engine(call, what, watch=None):
    """``call()`` (learner code: an operation, ``backward()``, reading ``data`` or ``grad``) under ``watch``,
    failing if it used PyTorch (its autograd or its tensors) or complex numbers."""
    watch = Watch(no_torch=True) if watch is None else watch
    result = watch.run(call)
    if watch.derivatives:
        raise AssertionError(f"{what} called {watch.derivatives[0]}, which differentiates for you: write each "
                             "operation's local derivative yourself, as a formula in real numbers.")
    if watch.autograd or watch.engine or watch.torch.ops or watch.hidden:
        used = (watch.autograd + watch.engine + [f"the PyTorch function {op}" for op in watch.torch.ops]
                + watch.hidden)[0]
        raise AssertionError(f"{what} called {used}: the gradients must come from your own engine (each value's "
                             "local rule, applied in reverse topological order) in plain Python numbers, not from "
                             "PyTorch's autograd or its tensors, which are only the reference the tests compare "
                             "with.")
    _no_complex(watch, what)
    return result


def _no_complex(watch, what):
    seen = watch.complex_seen
    if seen:
        raise AssertionError(f"{what} computed with complex numbers ({seen[0]}): that is the complex-step method, "
                             "a numerical estimate of the derivative. Write each local derivative as a formula in "
                             "real numbers.")


# --- reading a Value through its public API ----------------------------------------------------------

def _number(value, what):
    """A Value's ``data`` or ``grad`` as a Python float (an int such as relu's 0 is a number too)."""
    if _type(value) is int:
        return _float(value)
    return checks.expect_float(value, what)


def _data(value, Value, what):
    if not _isinstance(value, Value):
        raise AssertionError(f"{what} should be a Value, but it is a {_type(value).__name__}: every operation "
                             "on a Value returns a new Value (which remembers where it came from).")
    return _number(_own_engine(lambda: value.data, f"reading {what}.data"), f"{what}.data")


def _grad(value, what):
    return _number(_own_engine(lambda: value.grad, f"reading {what}.grad"), f"{what}.grad")


def read_data(value, Value, what):
    """``value.data`` as a Python float, after checking that ``value`` is a ``Value``."""
    return _data(value, Value, what)


def read_grad(value, what):
    """``value.grad`` as a Python float."""
    return _grad(value, what)


def _apply(operation, operands, label):
    """Run ``operation`` on Values, turning a missing operator into a hint."""
    try:
        return _own_engine(lambda: operation(*operands), f"`{label}`")
    except TypeError as error:
        if label.split(" ", 1)[0].replace(".", "").isdigit():
            raise AssertionError(
                f"`{label}` raised TypeError ({error}). With the plain number on the left, Python asks the "
                "Value for the reflected operator (__radd__, __rsub__, __rmul__, __rtruediv__): the Value "
                "must handle a number on either side.") from None
        raise AssertionError(f"`{label}` raised TypeError ({error}): the Value should support it.") from None


def build_watched(build, values, what):
    """``build(*values)`` (operations on Values) under watch: no PyTorch, no complex numbers."""
    return _apply(build, values, what)


def backward_watched(output, what):
    """``output.backward()`` under watch (no PyTorch, no complex numbers); the output's own grad must be 1."""
    return _backward(output, what)


def _backward(output, what):
    result = _own_engine(output.backward, f"{what}.backward()")
    grad = _grad(output, f"{what} (the output itself)")
    if grad != 1.0:
        raise AssertionError(f"after {what}.backward(), the output's own grad is {grad!r}: backward starts from "
                             "d(output)/d(output) = 1.")
    return result


# --- each operation on its own --------------------------------------------------------------------

A, B = 1.5, -0.5
_TANH_A = _math_tanh(A)

# (label, operation, how many Values it takes, forward value, d/da (and d/db), hints on the gradient)
_OPERATIONS = [
    ("a + b", lambda a, b: a + b, 2, A + B, (1.0, 1.0), []),
    ("a * b", lambda a, b: a * b, 2, A * B, (B, A), [
        ((A, B), "The two gradients are swapped: the derivative with respect to each factor is the other factor."),
        ((1.0, 1.0), "Multiplication passed the gradient on unchanged, as addition does: scale it by the "
                     "other factor.")]),
    ("a - b", lambda a, b: a - b, 2, A - B, (1.0, -1.0), [
        ((1.0, 1.0), "The subtracted operand gets the incoming gradient with a minus sign.")]),
    ("a / b", lambda a, b: a / b, 2, A / B, (1 / B, -A / B ** 2), [
        ((1 / B, A / B ** 2), "The divisor's gradient has the wrong sign: a larger b makes a positive a/b smaller."),
        ((1 / B, -A / B), "The divisor's gradient is off by a factor b: write a / b as a * b^-1 and use the power rule.")]),
    ("a ** 3", lambda a: a ** 3, 1, A ** 3, (3 * A ** 2,), [
        ((A ** 2,), "The power rule lost its factor n."),
        ((3 * A ** 3,), "The power rule lowers the exponent by one.")]),
    ("a ** 2", lambda a: a ** 2, 1, A ** 2, (2 * A,), [
        ((A,), "The power rule lost its factor n.")]),
    ("a ** 0.5", lambda a: a ** 0.5, 1, _sqrt(A), (0.5 / _sqrt(A),), [
        ((_sqrt(A) / A,), "The power rule lost its factor n (0.5 here)."),
        ((0.5 * _sqrt(A),), "The power rule lowers the exponent by one.")]),
    ("a ** -1", lambda a: a ** -1, 1, 1 / A, (-1 / A ** 2,), [
        ((1 / A ** 2,), "The sign is lost: with n = -1 the power rule's factor n is negative.")]),
    ("-a", lambda a: -a, 1, -A, (-1.0,), [((1.0,), "Negation flips the sign of the gradient too.")]),
    ("a + 2", lambda a: a + 2, 1, A + 2, (1.0,), []),
    ("2 + a", lambda a: 2 + a, 1, 2 + A, (1.0,), []),
    ("a - 2", lambda a: a - 2, 1, A - 2, (1.0,), []),
    ("2 - a", lambda a: 2 - a, 1, 2 - A, (-1.0,), [
        ((1.0,), "In a reflected subtraction (number - value) the Value is the subtracted operand: its gradient "
                 "has a minus sign.")]),
    ("2 * a", lambda a: 2 * a, 1, 2 * A, (2.0,), []),
    ("a * 2", lambda a: a * 2, 1, A * 2, (2.0,), []),
    ("a / 4", lambda a: a / 4, 1, A / 4, (0.25,), [((4.0,), "Dividing by 4 scales the gradient by 1/4.")]),
    ("3 / a", lambda a: 3 / a, 1, 3 / A, (-3 / A ** 2,), [
        ((3 / A ** 2,), "The sign is lost: in a reflected division (number / value) the Value is the divisor."),
        ((1 / 3,), "That treats 3 / a as a / 3: in a reflected division the Value is the divisor.")]),
    ("a.tanh()", lambda a: a.tanh(), 1, _TANH_A, (1 - _TANH_A ** 2,), [
        ((1 - A ** 2,), "That is 1 - a^2 of the input a: tanh's derivative is written in terms of its output, "
                        "tanh(a)."),
        ((_TANH_A,), "That is tanh(a) itself, not its derivative."),
        ((1 + _TANH_A ** 2,), "The sign of tanh(a)^2 in tanh's derivative is flipped.")]),
    ("a.exp()", lambda a: a.exp(), 1, _math_exp(A), (_math_exp(A),), [
        ((A,), "That is the input a: the derivative of exp is exp itself."),
        ((1.0,), "exp passed the gradient on unchanged: scale it by exp(a).")]),
    ("a.relu()", lambda a: a.relu(), 1, A, (1.0,), [
        ((0.0,), "relu passes the gradient through unchanged where its input is positive.")]),
]
# relu on a negative input and at exactly 0 (PyTorch's convention: relu'(0) = 0).
_RELU_AT = [(-0.5, "relu of a negative input", [
    ((1.0,), "relu passes no gradient where its input is negative: its output is constant there.")]),
            (0.0, "relu at exactly 0", [
    ((1.0,), "relu'(0) came out as 1: like PyTorch, take relu'(0) = 0 (count 0 with the flat side).")])]


# The operations whose derivatives at a = 1.5, b = -0.5 are exact in float64 (1, -1, b, a, 2a, 3a^2, 1/b,
# -a/b^2 = -6, 1/4, 2...): any formula for them, however the operation is built, gives them to the last bit.
_EXACT_AT_A_B = {"a + b", "a * b", "a - b", "a / b", "a ** 3", "a ** 2", "-a", "a + 2", "2 + a", "a - 2", "2 - a",
                 "2 * a", "a * 2", "a / 4", "a.relu()"}


def check_value_api(Value):
    """``Value(data)`` holds ``data`` and ``grad == 0.0``, and every operation gives the right forward value."""
    a = Value(A)
    checks.expect_close(_data(a, Value, "Value(1.5)"), A, "Value(1.5).data", rtol=0.0, atol=0.0)
    if not _hasattr(a, "grad"):
        raise AssertionError("Value(1.5) has no attribute grad: it starts at 0.0.")
    checks.expect_close(_grad(a, "Value(1.5)"), 0.0, "Value(1.5).grad before any backward", rtol=0.0, atol=0.0)
    for label, operation, arity, expected, _, _ in _OPERATIONS:
        operands = [Value(A), Value(B)][:arity]
        got = _data(_apply(operation, operands, label), Value, f"`{label}` with a = 1.5, b = -0.5")
        reflected = [checks.Hint(swapped, "The operands are the wrong way round: with the plain number on the left, "
                                          "Python calls the Value's reflected operator, and `2 - a` is 2 minus the "
                                          "Value, `3 / a` is 3 divided by it.")
                     for swapped in (-expected, 1 / expected) if label[0].isdigit() and swapped != expected]
        checks.expect_close(got, expected, f"`{label}` with a = 1.5, b = -0.5", rtol=1e-12, atol=1e-12,
                            hints=reflected)
        for i, operand in enumerate(operands):
            checks.expect_close(_data(operand, Value, "an operand"), (A, B)[i],
                                f"the operand {'ab'[i]} after `{label}`", rtol=0.0, atol=0.0,
                                hints=[checks.Hint(expected, "An operation changed its operand: return a new Value "
                                                             "and leave the operands as they were.")])
    for x, label, _ in _RELU_AT:
        got = _data(Value(x).relu(), Value, f"Value({x}).relu()")
        checks.expect_close(got, 0.0, f"{label}, Value({x}).relu().data", rtol=0.0, atol=0.0)


def _check_operation(Value, label, operation, arity, expected, hints, a=A, b=B):
    operands = [Value(a), Value(b)][:arity]
    out = _apply(operation, operands, label)
    _backward(out, f"`{label}`")
    grads = [_grad(v, f"{'ab'[i]} in `{label}`") for i, v in enumerate(operands)]
    names = ", ".join("d/d" + "ab"[i] for i in range(arity))
    what = f"{'(' + names + ')' if arity > 1 else names} of `{label}` at a = {a}, b = {b}"
    if not _has_unknown(expected):
        # One operation's exact derivative, evaluated in float64, is off by a few units in the last place
        # at most; a finite difference is off by about 1e-10 relative, or far more.
        expected_list = [_float(e) for e in expected]
        if not _close_enough(grads, expected_list, rtol=1e-12) and _close_enough(grads, expected_list, rtol=1e-5):
            raise AssertionError(f"{what} agrees with the exact derivative to a few digits but not to rounding "
                                 f"error (got {grads}): that looks like a finite-difference estimate. Backward "
                                 "applies each operation's local derivative, written as a formula.")
    checks.expect_close(grads, expected if _has_unknown(expected) else list(expected), what, rtol=1e-12,
                        atol=1e-12, hints=[checks.Hint(list(value), message) for value, message in hints])
    if (a, b) == (A, B) and label in _EXACT_AT_A_B and grads != [_float(e) for e in expected]:
        raise AssertionError(
            f"{what} is {grads}, not exactly {list(expected)}: at a = 1.5, b = -0.5 this derivative is a short "
            "product of numbers that float64 holds exactly, so the formula gives it to the last digit, and an "
            "estimate (finite differences, however refined) does not. Backward applies each operation's local "
            "derivative, written as a formula.")


def _has_unknown(value):
    return _type(value) is _type(checks.UNKNOWN) or (
        _type(value) in (list, tuple) and any(_has_unknown(item) for item in value))


def _close_enough(got, want, rtol, atol=1e-12):
    return all(_abs(g - w) <= atol + rtol * _abs(w) for g, w in zip(got, want))


def _check_product_chain(Value):
    """((a * b) * c) * d: a chain of the one operation already checked, so a failure here is the order's."""
    a, b, c, d = Value(A), Value(B), Value(2.0), Value(3.0)
    ab = a * b
    abc = ab * c
    _backward(abc * d, "((a * b) * c) * d")
    _expect_grads([("d/da", _grad(a, "a"), B * 2.0 * 3.0), ("d/db", _grad(b, "b"), A * 2.0 * 3.0),
                   ("d/dc", _grad(c, "c"), A * B * 3.0), ("d/dd", _grad(d, "d"), A * B * 2.0),
                   ("d/d(a * b)", _grad(ab, "a * b"), 6.0), ("d/d((a * b) * c)", _grad(abc, "(a * b) * c"), 3.0)],
                  "of ((a * b) * c) * d at a = 1.5, b = -0.5, c = 2, d = 3",
                  "`a * b` alone is right, so the local rule is fine; along a chain the gradient must reach every "
                  "value. A value's rule may run only once its own gradient is complete: visit the values in "
                  + ORDER + ".")


def check_value_local_rules(Value):
    """Each operation's local derivative, one operation at a time, on fresh leaves (after a chain of
    products, since an operation may be built out of others)."""
    for label, operation, arity, _, expected, hints in _OPERATIONS:
        _check_operation(Value, label, operation, arity, expected, hints)
        if label == "a * b":
            _check_product_chain(Value)
    for x, label, hints in _RELU_AT:
        a = Value(x)
        _backward(a.relu(), "relu")
        checks.expect_close(_grad(a, "a"), 0.0, f"the gradient of {label} (a = {x})", rtol=0.0, atol=0.0,
                            hints=[checks.Hint(list(v), m) for v, m in hints])


def operation_references(a, b):
    """For every operation of ``check_value_api`` at ``a`` and ``b`` (``a > 0``, ``b != 0``): its value and its
    derivatives with respect to its operands, from PyTorch's float64 autograd."""
    found = []
    for _, operation, arity, _, _, _ in _OPERATIONS:
        operands = [_tensor(v, dtype=_float64, requires_grad=True) for v in (a, b)[:arity]]
        out = operation(*operands)
        grads = _autograd_grad(out, operands)
        found.append([out.item(), [g.item() for g in grads]])
    return found


def check_value_forward_at(Value, a, b, expected):
    """Every operation's forward value at ``a`` and ``b``; ``expected`` from ``operation_references(a, b)``."""
    for k, (label, operation, arity, _, _, _) in enumerate(_OPERATIONS):
        operands = [Value(a), Value(b)][:arity]
        got = _data(_apply(operation, operands, label), Value, f"`{label}` with a = {a}, b = {b}")
        checks.expect_close(got, expected[k][0], f"`{label}` with a = {a}, b = {b}", rtol=1e-12, atol=1e-12)


def check_value_rules_at(Value, a, b, expected):
    """Every operation's local derivative at ``a`` and ``b``; ``expected`` from ``operation_references(a, b)``."""
    for k, (label, operation, arity, _, _, _) in enumerate(_OPERATIONS):
        _check_operation(Value, label, operation, arity, expected[k][1], [], a=a, b=b)


def _expect_grads(pairs, what, diagnosis):
    """Compare ``[(name, got, expected), ...]``; on a mismatch name the value and give ``diagnosis``."""
    for name, got, expected in pairs:
        try:
            checks.expect_close(got, expected, f"{name} {what}", rtol=1e-9, atol=1e-12)
        except AssertionError as error:
            found = str(error).split("; recheck the formula", 1)[0].rstrip(".")
            raise AssertionError(f"{found}. {diagnosis}") from None


def check_value_chain(Value):
    """The chapter's example, a chain of operations: x = 2, y = 4, w = 0, loss = (w * x - y) ** 2 (it relies
    on the rules of ``*``, ``-`` and ``**`` as well as on the order)."""
    x, y, w = Value(2.0), Value(4.0), Value(0.0)
    prediction = _apply(lambda w, x: w * x, [w, x], "w * x")
    error = _apply(lambda p, y: p - y, [prediction, y], "w * x - y")
    loss = _apply(lambda e: e ** 2, [error], "error ** 2")
    checks.expect_close(_data(loss, Value, "loss"), 16.0, "the loss (w * x - y) ** 2 at x = 2, y = 4, w = 0",
                        rtol=1e-12)
    _backward(loss, "loss")
    grads = [_grad(v, name) for v, name in ((w, "w"), (x, "x"), (y, "y"), (prediction, "w * x"),
                                            (error, "w * x - y"))]
    stopped = ("The gradient stopped on its way back to the leaves: a value's local rule may run only once that "
               f"value's own gradient is complete, so the values are visited in {ORDER}.")
    repeated = ("A multiple of the right gradient: a value ran its rule more than once in one backward(), passing "
                "its gradient on again each time (once per path to it). Visit each value once, in " + ORDER + ".")
    try:
        checks.expect_close(grads[0], -16.0, "dloss/dw at x = 2, y = 4, w = 0", rtol=1e-9, hints=[
            checks.Hint(0.0, stopped),
            checks.Hint(-8.0, "Half the gradient: d(error ** 2)/d(error) is 2 * error, or, if `-` is built from "
                              "other operations, a share was replaced (=) instead of added (+=)."),
            checks.Hint(16.0, "The sign is flipped: d(w*x - y)/d(w*x) is +1."),
            checks.Hint(-32.0, repeated), checks.Hint(-48.0, repeated), checks.Hint(-64.0, repeated)])
    except AssertionError as error:
        if "recheck the formula" not in str(error):
            raise
        found = str(error).split("; recheck the formula", 1)[0].rstrip(".")
        raise AssertionError(f"{found}. Every local rule passed on its own, so look at how backward visits the "
                             f"values: in {ORDER}.") from None
    _expect_grads([("dloss/dx", grads[1], 0.0), ("dloss/dy", grads[2], 8.0), ("dloss/d(w * x)", grads[3], -8.0),
                   ("dloss/d(w * x - y)", grads[4], -8.0)], "at x = 2, y = 4, w = 0",
                  "Every local rule passed on its own, so look at how backward visits the values: in " + ORDER + ".")


def check_value_reuse(Value):
    """A value used more than once in one expression: its gradient is the sum over its uses (+, -, *, **)."""
    summed = ("A value used more than once must collect a contribution from each use: gradients add up "
              "(the multivariable chain rule sums over every path).")
    for label, build, expected in [
        ("x * x", lambda x, y: x * x, (6.0, 0.0)),
        ("x - x * 2", lambda x, y: x - x * 2, (-1.0, 0.0)),
        ("x ** 2 * x", lambda x, y: x ** 2 * x, (27.0, 0.0)),
        ("(x - y) * x", lambda x, y: (x - y) * x, (7.0, -3.0)),
        ("x * y * x - y ** 2", lambda x, y: x * y * x - y ** 2, (-6.0, 11.0)),
    ]:
        x, y = Value(3.0), Value(-1.0)
        _backward(_apply(build, [x, y], label), f"`{label}`")
        grads = [_grad(x, "x"), _grad(y, "y")]
        _expect_grads([("(d/dx, d/dy)", grads, list(expected))], f"of `{label}` at x = 3, y = -1", summed)


def _shared_diamond(x, y):
    """``shared = x * y`` feeds three operations at three depths of the graph: ``out = (shared - x) ** 2 *
    (shared * 3) - shared``. Visited in any order that is not topological (breadth first, say), ``shared``
    runs before all three uses have added their share. Returns every value, on Values or on tensors."""
    shared = x * y
    left, right = (shared - x) ** 2, shared * 3
    top = left * right
    return shared, left, right, top, top - shared


def check_value_shared(Value):
    """A value that feeds several operations whose results meet again (a diamond in the graph)."""
    x, y = Value(0.5), Value(-1.5)
    shared, left, right, top, out = _apply(_shared_diamond, [x, y], "the diamond of shared = x * y")
    _backward(out, "out")
    xt, yt = (_tensor(v, dtype=_float64, requires_grad=True) for v in (0.5, -1.5))
    tensors = _shared_diamond(xt, yt)
    for t in tensors[:-1]:
        t.retain_grad()
    tensors[-1].backward()
    shared_t, left_t, right_t, top_t, _ = tensors
    pairs = [(name, _grad(v, name), t.grad.item()) for name, v, t in (
        ("d(out)/d(shared)", shared, shared_t), ("d(out)/dx", x, xt), ("d(out)/dy", y, yt),
        ("d(out)/d(left)", left, left_t), ("d(out)/d(right)", right, right_t), ("d(out)/d(top)", top, top_t))]
    _expect_grads(pairs, "for shared = x * y, out = (shared - x) ** 2 * (shared * 3) - shared at x = 0.5, y = -1.5",
                  "Here `shared` feeds three operations, one right under the output and two further down. If its "
                  "rule runs before all three have added their share, or runs once per path, its parents get the "
                  "wrong amount: visit the values in " + ORDER + ".")


def diamond(x, y):
    """The output of ``check_value_shared``'s diamond: ``(x * y - x) ** 2 * (x * y * 3) - x * y``, on Values or tensors."""
    return _shared_diamond(x, y)[-1]


def two_results_sharing(x, y, unused):
    """Two results computed from one ``shared = x * y``: ``(shared ** 2 - x, shared * y - unused)``."""
    shared = x * y
    return shared ** 2 - x, shared * y - unused


def ladder(x, y, rungs=30):
    """Two values that feed each other for ``rungs`` steps, ``(a, b) -> (a * 0.5 - b * 0.25, a * b * 0.5 + a)``:
    every value is reached from the result by paths of many lengths (Values or tensors)."""
    a, b = x, y
    for _ in range(rungs):
        a, b = a * 0.5 - b * 0.25, a * b * 0.5 + a
    return a + b


# --- accumulation across backward() calls ----------------------------------------------------------

def _twice_expression(x, y):
    """Three levels of operations between the leaves and the output, each intermediate value used once (only
    the leaves are shared, so any order that visits a value after its one user is right here), so that what
    intermediate values keep from one backward() to the next shows in the leaves' gradients."""
    return (x * y - 1.0) ** 2 * (y * 3.0 - x)


_TWICE_TEXT = "out = (x * y - 1) ** 2 * (y * 3 - x)"


def forty_uses(x):
    """``x`` used by forty operations (a Value on the left of every operator)."""
    total = x ** 2
    for k in range(1, 40):
        total = total - x * (k / 10) * x + x ** 2 * 0.5
    return total


def backward_twice_reference(start=(0.5, -1.5)):
    """The leaves' gradients of ``_twice_expression`` at ``start`` after one backward and after two, from
    PyTorch's float64 autograd (``retain_graph=True`` keeps the graph for the second pass; ``.grad`` adds up)."""
    x, y = (_tensor(v, dtype=_float64, requires_grad=True) for v in start)
    out = _twice_expression(x, y)
    out.backward(retain_graph=True)
    once = [x.grad.item(), y.grad.item()]
    out.backward()
    return [once, [x.grad.item(), y.grad.item()]]


def check_value_backward_twice(Value, start=(0.5, -1.5), expected=None):
    """``backward()`` twice on the same output: each leaf's ``grad`` is twice the gradient, as PyTorch's
    ``.grad`` adds up over backward passes; with the leaves' ``grad`` set back to 0.0, a third ``backward()``
    gives the gradient once. ``expected``: ``backward_twice_reference(start)`` (computed here when not given)."""
    if expected is None:
        expected = backward_twice_reference(start)
    known = not _has_unknown(expected)
    what = f"for {_TWICE_TEXT} at x = {start[0]}, y = {start[1]}"
    x, y = Value(start[0]), Value(start[1])
    out = _apply(_twice_expression, [x, y], f"building out {what}")
    _backward(out, "out")
    once = [_grad(x, "x"), _grad(y, "y")]
    checks.expect_close(once, expected[0], f"(x.grad, y.grad) after one out.backward() {what}", rtol=1e-9,
                        atol=1e-12)
    _own_engine(out.backward, "a second out.backward()")
    twice = [_grad(x, "x"), _grad(y, "y")]
    if known and not _close_enough(twice, expected[1], rtol=1e-9):
        if _close_enough(twice, once, rtol=1e-9):
            raise AssertionError(
                f"After a second out.backward() {what}, x.grad and y.grad are what one backward() gives (got "
                f"{twice}): the second call replaced the leaves' gradients instead of adding to them. Like PyTorch's "
                ".grad, a grad adds up over backward() calls until the caller sets it back to 0.0 (chapter 3's "
                "zero_grad).")
        raise AssertionError(
            f"After a second out.backward() {what}, x.grad and y.grad are {twice}: neither the gradient once nor "
            f"twice ({expected[1]}, what PyTorch's .grad holds after two backward passes). The values between the "
            "output and the leaves still held the first call's gradients and passed them on again, on top of "
            "this call's: each backward() may pass on only the gradients it computes itself.")
    checks.expect_close(twice, expected[1], f"(x.grad, y.grad) after two out.backward() {what}", rtol=1e-9,
                        atol=1e-12)
    x.grad, y.grad = 0.0, 0.0
    _own_engine(out.backward, "out.backward() after x.grad = y.grad = 0.0")
    again = [_grad(x, "x"), _grad(y, "y")]
    if known and not _close_enough(again, expected[0], rtol=1e-9):
        raise AssertionError(
            f"After x.grad = y.grad = 0.0 and one more out.backward() {what}, x.grad and y.grad are {again} instead "
            f"of the gradient once, {expected[0]}: the values between the output and the leaves kept what the "
            "calls before left there and passed it on again.")
    checks.expect_close(again, expected[0], f"(x.grad, y.grad) after x.grad = y.grad = 0.0 and one more "
                        f"out.backward() {what}", rtol=1e-9, atol=1e-12)


# --- a graph with many paths: each value's rule runs once per backward ---------------------------------

# A backward() may make this many Python function calls per value of the graph (measured: the course's
# engines make at most 5; a stack, a graphlib sorter or helper methods stay well below it). Pushing
# gradients down every path instead makes 3^levels calls on the chain below, and estimating each local
# derivative by re-running the graph makes calls that grow with the square of its size.
CALLS_PER_VALUE = 40


def shared_chain(x, levels):
    """``x`` through ``levels`` steps of ``v -> (v ** 2 - v) * 0.5 + v``: each step uses ``v`` three times, so
    there are 3^levels paths from the result back to ``x`` (on Values or on float64 tensors)."""
    v = x
    for _ in range(levels):
        v = (v ** 2 - v) * 0.5 + v
    return v


def shared_chain_reference(start, levels):
    """The value of ``shared_chain`` from ``start`` and its derivative with respect to the start, by the
    chain rule along the chain (each step's derivative is (2v + 1) / 2)."""
    v, derivative = start, 1.0
    for _ in range(levels):
        derivative *= (2 * v + 1) * 0.5
        v = (v * v + v) * 0.5
    return [v, derivative]


def check_value_once_per_backward(Value, start=0.9, levels=60, expected=None):
    """``backward()`` on ``shared_chain``: right values, and a number of Python calls that grows with the
    size of the graph (CALLS_PER_VALUE per value), not with the number of paths through it."""
    what = f"the chain v -> (v ** 2 - v) * 0.5 + v, {levels} times from x = {start}"
    if expected is None:
        expected = shared_chain_reference(start, levels)
    x = Value(start)
    out = _apply(lambda x: shared_chain(x, levels), [x], f"{what} (building it)")
    values = 5 * levels + 1  # each step makes v ** 2, - v, the Value for 0.5, * 0.5 and + v
    budget = CALLS_PER_VALUE * values
    watch = Watch(budget=budget, no_torch=True)
    _own_engine(out.backward, f"backward() on {what}", watch)
    if watch.over:
        raise AssertionError(
            f"backward() on {what} ({values} values, 3^{levels} paths from the result to x) made more than "
            f"{budget} Python function calls, {CALLS_PER_VALUE} per value, and was stopped: it pushes gradients "
            "down every path of the graph, or re-runs the graph for each derivative. A value's local rule runs "
            f"once per backward(), after every value that uses it has added its share: visit the values in {ORDER}.")
    checks.expect_close([_data(out, Value, "the result"), _grad(out, "the result"), _grad(x, "x")],
                        [expected[0], 1.0, expected[1]], f"(result, its own grad, d(result)/dx) for {what}",
                        rtol=1e-9, atol=0.0)


# --- random expressions, compared with PyTorch ---------------------------------------------------------

def _positive(x):
    return x >= 0.1


def _clear_of_the_kink(x):
    """relu's input is exactly 0 or clearly on one side: rounding must not decide which side it is on."""
    return x == 0.0 or _abs(x) >= 1e-6


def _away_from_zero(x):
    return _abs(x) >= 0.3


# (text, operation on two Values or tensors, arity, a condition on the operands' values)
_RANDOM_OPERATIONS = [
    ("{0} + {1}", lambda a, b: a + b, 2, None),
    ("{0} - {1}", lambda a, b: a - b, 2, None),
    ("{0} * {1}", lambda a, b: a * b, 2, None),
    ("{0} / {1}", lambda a, b: a / b, 2, lambda a, b: _away_from_zero(b)),
    ("{0} ** 2", lambda a: a ** 2, 1, None),
    ("{0} ** 3", lambda a: a ** 3, 1, None),
    ("{0} ** -1", lambda a: a ** -1, 1, _away_from_zero),
    ("{0} ** 0.5", lambda a: a ** 0.5, 1, _positive),
    ("{0} ** 1.5", lambda a: a ** 1.5, 1, _positive),
    ("-{0}", lambda a: -a, 1, None),
    ("{0}.tanh()", lambda a: a.tanh(), 1, None),
    ("{0}.relu()", lambda a: a.relu(), 1, _clear_of_the_kink),
    ("{0}.exp()", lambda a: a.exp(), 1, lambda a: a <= 2.5),
    ("2.5 * {0}", lambda a: 2.5 * a, 1, None),
    ("{0} * -0.75", lambda a: a * -0.75, 1, None),
    ("1 - {0}", lambda a: 1 - a, 1, None),
    ("{0} - 0.5", lambda a: a - 0.5, 1, None),
    ("0.25 + {0}", lambda a: 0.25 + a, 1, None),
    ("1 / {0}", lambda a: 1 / a, 1, _away_from_zero),
    ("{0} / 3", lambda a: a / 3, 1, None),
]


def random_expression(seed, operations=12, leaves=3):
    """A random expression with shared sub-expressions, as text and as a recipe that builds it.

    Returns ``(lines, steps, leaf_values)``: ``steps`` is a list of ``(operation, operand indices)``; value
    ``i`` of the expression is leaf ``i`` for ``i < leaves``, then the result of step ``i - leaves``. The
    first operand of each step is one of the three newest values (so the expression is deep), the second
    any value so far (so values are shared, and sometimes used twice by one operation). Operands are drawn
    until the operation is defined and stays moderate (no division near 0, no root of a negative number).
    """
    rng = random.Random(seed)
    leaf_values = [rng.choice((-1, 1)) * rng.uniform(0.3, 1.5) for _ in range(leaves)]
    lines = [f"v{i} = Value({v!r})" for i, v in enumerate(leaf_values)]
    values = [_tensor(v, dtype=_float64) for v in leaf_values]
    steps = []
    while _len(steps) < operations:
        text, operation, arity, condition = rng.choice(_RANDOM_OPERATIONS)
        first = rng.randrange(_max0(_len(values) - 3), _len(values))
        operands = (first, rng.randrange(_len(values)))[:arity]
        args = [values[i] for i in operands]
        if condition is not None and not condition(*(a.item() for a in args)):
            continue
        result = operation(*args)
        if not _abs(result.item()) <= 20.0:
            continue
        steps.append((text, operation, operands))
        lines.append(f"v{_len(values)} = " + text.format(*(f"v{i}" for i in operands)))
        values.append(result)
    return lines, steps, leaf_values


def _max0(n):
    return n if n > 0 else 0


def _build(steps, leaves, make_leaf):
    nodes = [make_leaf(v) for v in leaves]
    for _, operation, operands in steps:
        nodes.append(operation(*(nodes[i] for i in operands)))
    return nodes


def _torch_reference(steps, leaves):
    nodes = _build(steps, leaves, lambda v: _tensor(v, dtype=_float64, requires_grad=True))
    for node in nodes[_len(leaves):]:
        node.retain_grad()
    nodes[-1].backward()
    return [(node.item(), 0.0 if node.grad is None else node.grad.item()) for node in nodes]


def torch_references(seed, expressions=20, operations=12):
    """For each random expression of ``check_value_against_torch``: ``[(data, grad)]`` of every value, from
    PyTorch's float64 autograd."""
    references = []
    for k in range(expressions):
        _, steps, leaves = random_expression(seed + k, operations)
        references.append(_torch_reference(steps, leaves))
    return references


def check_value_against_torch(Value, seed, expressions=20, operations=12, references=None):
    """``expressions`` random expressions (seeds ``seed``, ``seed + 1``, ...): every value's ``data`` and
    ``grad`` after ``backward()`` on the last one must match PyTorch's float64 autograd (``references``, from
    ``torch_references`` with the same arguments, or computed here when not given).

    Each expression is one check of all its ``data`` and one of all its ``grad`` (a few hundred values a
    cell would otherwise be as many reports to the grading command). When the references are computed
    here, the first value that is off is named first."""
    for k in range(expressions):
        lines, steps, leaves = random_expression(seed + k, operations)
        local = references is None
        reference = _torch_reference(steps, leaves) if local else references[k]
        nodes = [Value(v) for v in leaves]
        for text, operation, operands in steps:
            label = text.format(*(f"v{i}" for i in operands))
            nodes.append(_apply(operation, [nodes[i] for i in operands], label))
        _backward(nodes[-1], f"v{_len(nodes) - 1}")
        listing = "\n    ".join(lines)
        where = (f"in the random expression (seed {seed + k}), with backward() called on its last value "
                 f"v{_len(nodes) - 1}:\n    {listing}\n")
        compare = "Build the same expression with float64 tensors to compare step by step."
        datas = [_data(node, Value, f"v{i}") for i, node in enumerate(nodes)]
        grads = [_grad(node, f"v{i}") for i, node in enumerate(nodes)]
        if local:
            for i in range(_len(nodes)):
                for name, got, want, advice in (("data", datas[i], reference[i][0], ""),
                                                ("grad", grads[i], reference[i][1], compare)):
                    if not _close_enough([got], [want], rtol=1e-6, atol=1e-9):
                        checks.expect_close(got, want, f"v{i}.{name} {where}{advice}", rtol=1e-6, atol=1e-9)
        checks.expect_close(datas, [reference[i][0] for i in range(_len(nodes))],
                            f"the data of every value {where}", rtol=1e-6, atol=1e-9)
        checks.expect_close(grads, [reference[i][1] for i in range(_len(nodes))],
                            f"the grad of every value {where}{compare}", rtol=1e-6, atol=1e-9)


def torch_gradients(build, leaves):
    """``build(*leaves)`` on float64 tensors: ``[output, [d(output)/d(leaf) for each leaf]]`` (0.0 for a leaf
    the output does not depend on)."""
    tensors = [_tensor(v, dtype=_float64, requires_grad=True) for v in leaves]
    out = build(*tensors)
    out.backward()
    return [out.item(), [0.0 if t.grad is None else t.grad.item() for t in tensors]]


def check_value_like_torch(Value, build, leaves, what, expected):
    """``build(*leaves)`` on Values, then ``backward()``: the output and every leaf's gradient must be
    ``expected`` (from ``torch_gradients``)."""
    values = [Value(v) for v in leaves]
    out = _apply(build, values, what)
    _backward(out, what)
    checks.expect_close(_data(out, Value, what), expected[0], f"{what}: the output", rtol=1e-9, atol=1e-12)
    for i, v in enumerate(values):
        checks.expect_close(_grad(v, f"leaf {i}"), expected[1][i], f"{what}: the gradient of leaf {i}", rtol=1e-9,
                            atol=1e-12)


# --- LegendreP3, a custom torch.autograd.Function ------------------------------------------------------

def _p3(x):
    return 0.5 * (5 * x ** 3 - 3 * x)


def _dp3(x):
    return 0.5 * (15 * x ** 2 - 3)


# The tests' own formulas, above, are references too: borrowing them is not writing the derivative.
_DERIVATIVE_CODE.update(_named_codes([("autograd_course.exercises.ch07._dp3, the tests' own reference", _dp3)]))


class WatchedBackward:
    """While active, counts the calls autograd makes to ``fn.backward`` and watches each one (``Watch``:
    autograd entry points, library derivatives, recorded operations, complex numbers). Everything is put
    back as it was on exit, whatever happens."""

    def __init__(self, fn):
        self.fn, self.calls, self.watches = fn, 0, []

    def __enter__(self):
        fn = self.fn
        self._owned = "backward" in vars(fn)
        self._static = inspect.getattr_static(fn, "backward")
        original = _getattr(fn, "backward")

        own = tuple(_code_of(original))

        def watched(ctx, *grad_outputs):
            self.calls += 1
            watch = Watch(own_backward=own)
            try:
                saved = _list(ctx.saved_tensors)
            except RuntimeError:  # changed in place since forward: the learner's backward meets the same error
                saved = []
            watch.torch.sources = {t.untyped_storage().data_ptr() for t in saved if _isinstance(t, _Tensor)}
            self.watches.append(watch)
            return watch.run(lambda: original(ctx, *grad_outputs))

        _setattr(fn, "backward", staticmethod(watched))
        return self

    def __exit__(self, *exc):
        if self._owned:
            _setattr(self.fn, "backward", self._static)
        else:
            _delattr(self.fn, "backward")
        return False

    def check(self):
        """Fail unless autograd called backward exactly once and that call worked out the derivative itself."""
        if self.calls != 1:
            raise AssertionError(f"autograd called LegendreP3.backward {self.calls} times during one backward pass "
                                 "through one LegendreP3 (once was expected): the gradient must come from your "
                                 "backward.")
        _derivative_by_hand(self.watches[0], "LegendreP3.backward")
        if self.watches[0].torch.cubic:
            raise AssertionError(
                f"LegendreP3.backward computed a polynomial of degree 3 or more in the tensors forward saved (at "
                f"{self.watches[0].torch.cubic[0]}), as evaluating P3 again at shifted points (a finite difference "
                "of forward's formula) does. P3'(x) is a quadratic in x: write it out by hand and evaluate it.")


def _derivative_by_hand(watch, where):
    """Fail when the watched forward or backward of LegendreP3 let something else find the derivative."""
    if watch.autograd:
        raise AssertionError(f"{where} called {watch.autograd[0]}: it asked autograd to differentiate again. Write "
                             "the derivative out by hand, as a formula in the saved input.")
    if watch.torch.recorded:
        raise AssertionError(f"{where} ran {watch.torch.recorded[0]} with autograd recording a graph: it asked "
                             "autograd to differentiate again. A Function's forward and backward run with "
                             "recording off; write the derivative out by hand, as a formula in the saved input.")
    if watch.engine:
        raise AssertionError(f"{where} called {watch.engine[0]}: it asked autograd to differentiate again. Write "
                             "the derivative out by hand, as a formula in the saved input.")
    if watch.hidden:
        raise AssertionError(f"{where} ran {watch.hidden[0]}: the tests watch every PyTorch function forward "
                             "and backward run, and that hides them. Write the derivative out by hand, as a "
                             "formula in the saved input, with ordinary tensor operations.")
    if watch.derivatives:
        raise AssertionError(f"{where} called {watch.derivatives[0]}, which differentiates for you: write P3'(x) "
                             "out by hand, as a formula in x.")
    _no_complex(watch, where)


def apply_watched(LegendreP3, x, what):
    """``LegendreP3.apply(x)``, checked: a tensor of the shape and dtype of ``x``, ``x`` unchanged, and a
    forward that neither asks autograd for anything nor records a graph."""
    before = x.detach().clone()
    watch = Watch(own_backward=())
    y = watch.run(lambda: LegendreP3.apply(x))
    _derivative_by_hand(watch, "LegendreP3.forward")
    _saved_properly(y)
    checks.expect_tensor(y, what, shape=tuple(x.shape), dtype=x.dtype)
    checks.expect_unchanged(x, before, "x", hint="forward must leave its input alone.")
    return y


def _saved_properly(y):
    """The tensors backward needs went through ``ctx.save_for_backward``, and none is kept as an attribute
    of ``ctx`` (``y.grad_fn`` is the ctx of the call that made ``y``)."""
    ctx = _getattr(y, "grad_fn", None)
    if ctx is None:
        return
    for name, kept in vars(ctx).items():
        if any(_isinstance(leaf, (_Tensor, np.ndarray)) for leaf in _tree_leaves(kept)):
            raise AssertionError(
                f"LegendreP3.forward kept a {'tensor' if _isinstance(_tree_leaves(kept)[0], _Tensor) else 'NumPy array'}"
                f" as ctx.{name}: that is what a tensor kept as an attribute of ctx (or a NumPy view of it, or a "
                "copy) does, and autograd cannot check it. Every tensor backward needs goes through "
                "ctx.save_for_backward, which records its version so that autograd refuses to run backward once "
                "the tensor has changed in place.")
    if _len(ctx.saved_tensors) < 1:
        raise AssertionError("LegendreP3.forward saved no tensor with ctx.save_for_backward: backward needs the "
                             "input x (P3'(x) is a formula in x), and it must go through ctx.save_for_backward.")


def _borrowed_objects(LegendreP3):
    """Polynomial or symbolic objects that LegendreP3's forward or backward refer to by a global name."""
    found = []
    for method in ("forward", "backward", "setup_context"):
        function = inspect.unwrap(_getattr(LegendreP3, method, None) or (lambda: None))
        code, scope = _getattr(function, "__code__", None), _getattr(function, "__globals__", {})
        codes = [code] if code is not None else []
        while codes:
            current = codes.pop()
            codes.extend(c for c in current.co_consts if inspect.iscode(c))
            for name in current.co_names:
                thing = scope.get(name)
                kind = (_getattr(_type(thing), "__module__", None) or "").split(".")[0]
                if _isinstance(thing, (_np_polynomial._polybase.ABCPolyBase, np.poly1d)) or kind == "sympy":
                    found.append(f"{method} uses {name}, a {_type(thing).__module__}.{_type(thing).__name__}")
    return found


def _holds_numbers(thing, depth=0):
    """Whether ``thing`` is a number, an array or tensor, or a container or plain object holding numbers."""
    if _isinstance(thing, bool) or thing is None:
        return False
    if _isinstance(thing, (numbers.Number, np.generic, np.ndarray, _Tensor)):
        return True
    if depth >= 3:
        return False
    if _isinstance(thing, (list, tuple, set, frozenset)):
        return any(_holds_numbers(item, depth + 1) for item in thing)
    if _isinstance(thing, dict):
        return any(_holds_numbers(item, depth + 1) for item in thing.values())
    if _isinstance(thing, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
                           types.MethodType, functools.partial, torch.dtype, torch.device)):
        return False
    attributes = _getattr(thing, "__dict__", None)
    return _isinstance(attributes, dict) and any(_holds_numbers(item, depth + 1) for item in attributes.values())


def _generated(function):
    """A function that a library generated from a formula (sympy's lambdify), rather than one written out."""
    code = _getattr(function, "__code__", None)
    return code is not None and ("lambdify" in code.co_filename or "sympy" in (_getattr(function, "__module__", "")
                                                                                 or ""))


def _numbers_from_outside(LegendreP3):
    """Numbers, arrays and generated functions that LegendreP3's own methods (and the functions of the same
    notebook they call) read from outside themselves: a global, a closure, a default argument or a class
    attribute. The tests cannot see how such numbers were found (a polynomial library, sympy or autograd
    may have found them when the cell ran), so P3' must be written out where it runs."""
    found, seen = [], set()
    own = [cls for cls in LegendreP3.__mro__ if cls is not _Function and issubclass(cls, _Function)
           and cls.__module__ != _Function.__module__]
    for cls in own:
        for name, thing in vars(cls).items():
            if not name.startswith("__") and not _isinstance(thing, (staticmethod, classmethod)) and \
                    _holds_numbers(thing):
                found.append(f"the class attribute LegendreP3.{name}")
    pending = []
    for method in ("forward", "backward", "setup_context"):
        if any(method in vars(cls) for cls in own):
            pending.append((method, inspect.unwrap(_getattr(LegendreP3, method))))
    # The class's other methods (static, class or plain) are its own functions too: forward or backward may
    # reach them through the class (LegendreP3._slope(x)) rather than by a global name.
    for cls in own:
        for name, thing in vars(cls).items():
            function = _getattr(thing, "__func__", thing)
            if name not in ("forward", "backward", "setup_context") and _isinstance(function, types.FunctionType):
                pending.append((f"LegendreP3.{name}", inspect.unwrap(function)))
    while pending:
        where, function = pending.pop()
        code = _getattr(function, "__code__", None)
        if code is None or code in seen:
            continue
        seen.add(code)
        scope = _getattr(function, "__globals__", {})
        for default in [*(_getattr(function, "__defaults__", None) or ()),
                        *((_getattr(function, "__kwdefaults__", None) or {}).values())]:
            if _holds_numbers(default):
                found.append(f"a default argument of {where}")
        cells = {name: cell.cell_contents
                 for name, cell in zip(code.co_freevars, _getattr(function, "__closure__", None) or ()) if _is_filled(cell)}
        codes = [code]
        while codes:
            current = codes.pop()
            codes.extend(c for c in current.co_consts if inspect.iscode(c))
            for instruction in dis.get_instructions(current):
                if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                    name, thing, kind = instruction.argval, scope.get(instruction.argval), "the global"
                elif instruction.opname in ("LOAD_DEREF", "LOAD_CLASSDEREF") and instruction.argval in cells:
                    name, thing, kind = instruction.argval, cells[instruction.argval], "the closure variable"
                else:
                    continue
                if _generated(thing):
                    found.append(f"{kind} {name}, a function that sympy's lambdify generated, in {where}")
                elif _holds_numbers(thing):
                    found.append(f"{kind} {name} ({_type(thing).__name__}), in {where}")
                elif _isinstance(thing, types.FunctionType) and _getattr(thing, "__globals__", None) is scope:
                    pending.append((f"{name}, which {where} calls", thing))
    return found


def _is_filled(cell):
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def legendre_inputs(seed, shape):
    """Seeded float64 inputs for LegendreP3: ``x`` in [-1.5, 1.5) (requires grad) and an incoming gradient."""
    generator = torch.Generator().manual_seed(seed)
    x = (3 * torch.rand(shape, generator=generator, dtype=_float64) - 1.5).requires_grad_(True)
    upstream = torch.randn(shape, generator=generator, dtype=_float64)
    return x, upstream


def check_legendre_through(LegendreP3, x, upstream, expected_y, expected_grad, what):
    """``y = LegendreP3.apply(x)`` and ``(2 * y + x).backward(upstream)``, watched: ``y`` and ``x.grad`` must be
    ``expected_y`` and ``expected_grad`` (reference values from the test)."""
    with WatchedBackward(LegendreP3) as watch:
        y = apply_watched(LegendreP3, x, f"LegendreP3.apply(x) for {what}")
        if not y.requires_grad:
            raise AssertionError("LegendreP3.apply(x) does not require grad although x does: the output must "
                                 "come out of forward as a tensor, so that autograd links it to backward.")
        (y * 2 + x).backward(upstream)
    watch.check()
    checks.expect_close(y, expected_y, f"P3 on {what}", rtol=1e-12, atol=1e-12)
    checks.expect_tensor(x.grad, f"x.grad for {what}", shape=tuple(x.shape), dtype=x.dtype)
    checks.expect_close(x.grad, expected_grad, f"the gradient through 2 * P3(x) + x, {what}", rtol=1e-10,
                        atol=1e-12)


def check_legendre_is_function(LegendreP3):
    """``LegendreP3`` is a subclass of ``torch.autograd.Function`` with its own forward and backward."""
    if not (inspect.isclass(LegendreP3) and issubclass(LegendreP3, _Function)):
        raise AssertionError(f"LegendreP3 should be a class derived from torch.autograd.Function, but it is "
                             f"{LegendreP3!r}: autograd calls a Function's own backward.")
    for name in ("forward", "backward"):
        if _getattr(LegendreP3, name) is _getattr(_Function, name):
            raise AssertionError(f"LegendreP3 does not define {name}: a Function needs both a forward and a "
                                 "hand-written backward.")
    borrowed = _borrowed_objects(LegendreP3)
    if borrowed:
        raise AssertionError(f"LegendreP3.{borrowed[0]}, a polynomial or symbolic library's object, which "
                             "differentiates for you: write P3'(x) out by hand, as a formula in x.")
    outside = _numbers_from_outside(LegendreP3)
    if outside:
        raise AssertionError(f"LegendreP3 reads {outside[0]}: numbers computed outside forward and backward, "
                             "where the tests cannot see how they were found (a polynomial library, sympy or "
                             "autograd may have found them when the cell ran). Write P3(x) and P3'(x) out as "
                             "formulas with their numbers in forward and backward (or in a function of yours "
                             "that they call).")


def check_legendre_values(LegendreP3):
    """P3 at a few points where its value is known: P3(1) = 1, P3(-1) = -1, P3(0) = 0."""
    x = _tensor([-1.0, 0.0, 0.5, 1.0], dtype=_float64)
    y = apply_watched(LegendreP3, x, "LegendreP3.apply(x) for x = [-1, 0, 0.5, 1]")
    checks.expect_close(y, [-1.0, 0.0, -0.4375, 1.0], "P3 at -1, 0, 0.5, 1", rtol=1e-12, atol=1e-12, hints=[
        checks.Hint([-2.0, 0.0, -0.875, 2.0], "Twice P3: the polynomial is (5x^3 - 3x) / 2."),
        checks.Hint([1.0, 0.0, 0.4375, -1.0], "The sign is flipped: P3(x) = (5x^3 - 3x) / 2."),
    ])


def check_legendre_gradient(LegendreP3):
    """autograd calls the hand-written backward, which multiplies the local derivative by the incoming
    gradient and asks autograd for nothing."""
    x0 = [-1.0, 0.0, 0.5, 1.0, 2.0]
    upstream = [1.0, -2.0, 0.5, 3.0, -1.5]
    x = _tensor(x0, dtype=_float64, requires_grad=True)
    with WatchedBackward(LegendreP3) as watch:
        y = apply_watched(LegendreP3, x, "LegendreP3.apply(x)")
        if not y.requires_grad:
            raise AssertionError("LegendreP3.apply(x) does not require grad although x does: the output must "
                                 "come out of forward as a tensor, so that autograd links it to backward.")
        y.backward(_tensor(upstream, dtype=_float64))
    watch.check()
    checks.expect_tensor(x.grad, "x.grad", shape=(5,), dtype=_float64)
    expected = [g * _dp3(v) for g, v in zip(upstream, x0)]
    checks.expect_close(x.grad, expected, "x.grad for x = [-1, 0, 0.5, 1, 2] and an incoming gradient "
                        "[1, -2, 0.5, 3, -1.5]", rtol=1e-12, atol=1e-12, hints=[
        checks.Hint([_dp3(v) for v in x0], "That is P3'(x) alone: backward receives the gradient of the final "
                                           "result with respect to P3's output and must multiply it in (chain rule)."),
        checks.Hint([2 * e for e in expected], "Twice the derivative: is the 1/2 in front of P3 lost?"),
        checks.Hint([-e for e in expected], "The sign is flipped: differentiate each term of P3 again."),
        checks.Hint([g * _dp3(_p3(v)) for g, v in zip(upstream, x0)],
                    "That is P3' at P3(x), the output: backward needs the input x, saved in forward."),
        checks.Hint([g * _p3(v) for g, v in zip(upstream, x0)], "That is P3 itself, not its derivative."),
    ])


def check_legendre_gradcheck(LegendreP3, seed, shape=(6,)):
    """``torch.autograd.gradcheck`` in float64 at random points drawn with ``seed``."""
    generator = torch.Generator().manual_seed(seed)
    x = (2 * torch.rand(shape, generator=generator, dtype=_float64) - 1).requires_grad_(True)
    try:
        ok = _gradcheck(LegendreP3.apply, (x,))
    except _GradcheckError as error:
        first_line = str(error).strip().splitlines()[0]
        raise AssertionError(f"torch.autograd.gradcheck failed on {shape}-shaped float64 input: your backward "
                             f"disagrees with finite differences of your forward ({first_line}).") from None
    if ok is not True:
        raise AssertionError("torch.autograd.gradcheck did not return True.")


def check_legendre_saved_input(LegendreP3):
    """Change the input in place between forward and backward: autograd must refuse to run backward (what
    ``ctx.save_for_backward(x)`` gives), or backward must still return the gradient at the values forward saw.
    A tensor kept as an attribute of ``ctx`` escapes autograd's check, and the gradient silently uses the
    changed values. Either right outcome makes the same one check (the grader pairs checks one by one)."""
    x0, shift = [-0.5, 0.25, 0.8], 0.5
    leaf = _tensor(x0, dtype=_float64, requires_grad=True)
    h = leaf * 1.0  # not a leaf, so it may be changed in place
    y = apply_watched(LegendreP3, h, "LegendreP3.apply(h)")
    with _no_grad():
        h.add_(shift)  # a caller changes the input after forward, before backward
    what = ("backward through LegendreP3 at x = [-0.5, 0.25, 0.8] after x was changed in place (x += 0.5) "
            "between forward and backward")
    try:
        y.sum().backward()
    except RuntimeError as error:
        if "modified by an inplace operation" not in str(error):
            raise
        refused_or_right = 1.0
    else:
        if leaf.grad is None:
            raise AssertionError(f"{what}: the gradient never reached the leaf h was computed from.")
        got = _tensor_tolist(leaf.grad.detach().reshape(-1))
        if _close_enough(got, [_dp3(v + shift) for v in x0], rtol=1e-9):
            raise AssertionError(
                f"{what}: backward used x as it was after the change, not the x forward saw, and nothing "
                "complained: that is what a tensor kept as an attribute of ctx (or a NumPy view of it) does. "
                "ctx.save_for_backward records the tensor's version, so autograd refuses to run backward once "
                "the tensor has changed.")
        refused_or_right = 1.0 if _close_enough(got, [_dp3(v) for v in x0], rtol=1e-9) else 0.0
    checks.expect_close(refused_or_right, 1.0, f"{what}: refused by autograd (1.0), or the gradient at the x "
                        "forward saw (1.0); anything else (0.0)", rtol=0.0, atol=0.0)
