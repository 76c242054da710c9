"""The visible tests of chapter 7 (capstone: your own autograd).

``Value`` is a learner's scalar reverse-mode engine, used only through its public API: ``Value(data)``,
``.data``, ``.grad``, the arithmetic operators (with plain numbers on either side), ``tanh()``,
``relu()``, ``exp()`` and ``backward()``. Its checks go from the smallest piece to the whole, so that the
first one to fail names the mistake: the forward values, each operation's local derivative on its own, a
chain, a value used twice, a value shared by several operations, then random expressions compared with
PyTorch's autograd in float64.

``Value`` must be an engine of its own: every call into it runs with PyTorch's autograd entry points
watched, so that a ``Value`` that hands its graph to PyTorch fails with a message that says so. Its local
derivatives must also be exact to rounding error, which finite differences never are.

``LegendreP3`` is a learner's ``torch.autograd.Function``; its checks watch its ``backward`` while
autograd calls it, so they can tell a hand-written derivative from one that asks autograd again.
"""

import builtins
import contextlib
import inspect
import math
import random

import torch
from torch.autograd.gradcheck import GradcheckError as _GradcheckError

from autograd_course import checks

# Captured at import (the assignment's locked imports cell), before any learner code runs.
_type, _isinstance, _float, _abs, _len = builtins.type, builtins.isinstance, builtins.float, builtins.abs, builtins.len
_getattr, _setattr, _delattr, _hasattr = builtins.getattr, builtins.setattr, builtins.delattr, builtins.hasattr
_math_tanh, _math_exp, _sqrt = math.tanh, math.exp, math.sqrt
_Function = torch.autograd.Function
_tensor, _float64 = torch.tensor, torch.float64
_gradcheck = torch.autograd.gradcheck

ORDER = ("reverse topological order: a value passes its gradient on once, after every value that uses it "
         "has added its share")


# --- watching PyTorch's autograd --------------------------------------------------------------------

# Ways of asking autograd for a derivative: none of them belongs inside a hand-written engine or backward.
_AUTOGRAD_ENTRY_POINTS = [(torch.autograd, "grad"), (torch.autograd, "backward"), (torch.Tensor, "backward"),
                          *[(torch.func, name) for name in ("grad", "grad_and_value", "vjp", "jvp", "jacrev",
                                                            "jacfwd", "hessian")],
                          *[(torch.autograd.functional, name) for name in ("vjp", "jvp", "jacobian", "hessian")]]


@contextlib.contextmanager
def _autograd_watched(used):
    """While active, every autograd entry point above still works but appends its name to ``used``.
    Everything is put back as it was on exit, whatever happens."""
    patched = []
    try:
        for owner, name in _AUTOGRAD_ENTRY_POINTS:
            real = inspect.getattr_static(owner, name)
            patched.append((owner, name, real))
            _setattr(owner, name, _recorder(_getattr(owner, name), f"{owner.__name__}.{name}", used))
        yield used
    finally:
        for owner, name, real in reversed(patched):
            _setattr(owner, name, real)


def _recorder(real, name, used):
    def record(*args, **kwargs):
        used.append(name)
        return real(*args, **kwargs)
    return record


def _own_engine(call, what):
    """``call()`` (learner code: an operation, ``backward()``, reading ``data`` or ``grad``), failing if it
    asked PyTorch's autograd for anything."""
    used = []
    with _autograd_watched(used):
        result = call()
    if used:
        raise AssertionError(f"{what} called {used[0]}: the gradients must come from your own engine (each "
                             "value's local rule, applied in reverse topological order), not from PyTorch's "
                             "autograd, which is only the reference the tests compare with.")
    return result


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


def _check_operation(Value, label, operation, arity, expected, hints):
    operands = [Value(A), Value(B)][:arity]
    out = _apply(operation, operands, label)
    _backward(out, f"`{label}`")
    grads = [_grad(v, f"{'ab'[i]} in `{label}`") for i, v in enumerate(operands)]
    names = ", ".join("d/d" + "ab"[i] for i in range(arity))
    what = f"{'(' + names + ')' if arity > 1 else names} of `{label}` at a = 1.5, b = -0.5"
    # One operation's exact derivative, evaluated in float64, is off by a few units in the last place at
    # most; a finite difference is off by about 1e-10 relative, or far more.
    if not _close_enough(grads, expected, rtol=1e-12) and _close_enough(grads, expected, rtol=1e-5):
        raise AssertionError(f"{what} agrees with the exact derivative to a few digits but not to rounding error "
                             f"(got {grads}): that looks like a finite-difference estimate. Backward applies each "
                             "operation's local derivative, written as a formula.")
    checks.expect_close(grads, list(expected), what, rtol=1e-12, atol=1e-12,
                        hints=[checks.Hint(list(value), message) for value, message in hints])


def _close_enough(got, want, rtol):
    return all(_abs(g - w) <= 1e-12 + rtol * _abs(w) for g, w in zip(got, want))


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


def _expect_grads(pairs, what, diagnosis):
    """Compare ``[(name, got, expected), ...]``; on a mismatch name the value and give ``diagnosis``."""
    for name, got, expected in pairs:
        try:
            checks.expect_close(got, expected, f"{name} {what}", rtol=1e-9, atol=1e-12)
        except AssertionError as error:
            found = str(error).split("; recheck the formula", 1)[0].rstrip(".")
            raise AssertionError(f"{found}. {diagnosis}") from None


def check_value_chain(Value):
    """The chapter's example, a chain of operations: x = 2, y = 4, w = 0, loss = (w * x - y) ** 2."""
    x, y, w = Value(2.0), Value(4.0), Value(0.0)
    prediction = w * x
    error = prediction - y
    loss = error ** 2
    checks.expect_close(_data(loss, Value, "loss"), 16.0, "the loss (w * x - y) ** 2 at x = 2, y = 4, w = 0",
                        rtol=1e-12)
    _backward(loss, "loss")
    grads = [_grad(v, name) for v, name in ((w, "w"), (x, "x"), (y, "y"), (prediction, "w * x"),
                                            (error, "w * x - y"))]
    stopped = ("The gradient stopped on its way back to the leaves: a value's local rule may run only once that "
               f"value's own gradient is complete, so the values are visited in {ORDER}.")
    checks.expect_close(grads[0], -16.0, "dloss/dw at x = 2, y = 4, w = 0", rtol=1e-9, hints=[
        checks.Hint(0.0, stopped), checks.Hint(16.0, "The sign is flipped: d(w*x - y)/d(w*x) is +1.")])
    _expect_grads([("dloss/dx", grads[1], 0.0), ("dloss/dy", grads[2], 8.0), ("dloss/d(w * x)", grads[3], -8.0),
                   ("dloss/d(w * x - y)", grads[4], -8.0)], "at x = 2, y = 4, w = 0",
                  "Every local rule passed on its own, so look at how backward visits the values: in " + ORDER + ".")


def check_value_reuse(Value):
    """A value used more than once in one expression: its gradient is the sum over its uses."""
    summed = ("A value used more than once must collect a contribution from each use: gradients add up "
              "(the multivariable chain rule sums over every path).")
    for label, build, expected in [
        ("x * x", lambda x, y: x * x, (6.0, 0.0)),
        ("x + x", lambda x, y: x + x, (2.0, 0.0)),
        ("x * x * x", lambda x, y: x * x * x, (27.0, 0.0)),
        ("(x + y) * x", lambda x, y: (x + y) * x, (5.0, 3.0)),
        ("x / (x * y)", lambda x, y: x / (x * y), (0.0, -1.0)),
    ]:
        x, y = Value(3.0), Value(-1.0)
        _backward(build(x, y), f"`{label}`")
        grads = [_grad(x, "x"), _grad(y, "y")]
        _expect_grads([("(d/dx, d/dy)", grads, list(expected))], f"of `{label}` at x = 3, y = -1", summed)


def check_value_shared(Value):
    """A value that feeds several operations whose results meet again (a diamond in the graph)."""
    x, y = Value(0.5), Value(-1.5)
    shared = x * y
    left, right = shared.tanh(), shared * 3
    top = left * right
    out = top + shared
    _backward(out, "out")
    xt, yt = (_tensor(v, dtype=_float64, requires_grad=True) for v in (0.5, -1.5))
    shared_t = xt * yt
    left_t, right_t = shared_t.tanh(), shared_t * 3
    top_t = left_t * right_t
    for t in (shared_t, left_t, right_t, top_t):
        t.retain_grad()
    (top_t + shared_t).backward()
    pairs = [(name, _grad(v, name), t.grad.item()) for name, v, t in (
        ("d(out)/d(shared)", shared, shared_t), ("d(out)/dx", x, xt), ("d(out)/dy", y, yt),
        ("d(out)/d(left)", left, left_t), ("d(out)/d(right)", right, right_t), ("d(out)/d(top)", top, top_t))]
    _expect_grads(pairs, "for shared = x * y, out = shared.tanh() * (shared * 3) + shared at x = 0.5, y = -1.5",
                  "Here `shared` feeds three operations. If its rule runs before all three have added their "
                  "share, or runs once per path, its parents get the wrong amount: visit the values in " + ORDER
                  + ".")


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


def check_value_against_torch(Value, seed, expressions=20, operations=12):
    """``expressions`` random expressions (seeds ``seed``, ``seed + 1``, ...): every value's ``data`` and
    ``grad`` after ``backward()`` on the last one must match PyTorch's float64 autograd."""
    for k in range(expressions):
        lines, steps, leaves = random_expression(seed + k, operations)
        reference = _torch_reference(steps, leaves)
        nodes = _build(steps, leaves, Value)
        _backward(nodes[-1], f"v{_len(nodes) - 1}")
        listing = "\n    ".join(lines)
        where = (f"in the random expression (seed {seed + k}), with backward() called on its last value "
                 f"v{_len(nodes) - 1}:\n    {listing}\n")
        for i, (node, (data, grad)) in enumerate(zip(nodes, reference)):
            checks.expect_close(_data(node, Value, f"v{i}"), data, f"v{i}.data {where}", rtol=1e-6, atol=1e-9)
        for i, (node, (data, grad)) in enumerate(zip(nodes, reference)):
            checks.expect_close(_grad(node, f"v{i}"), grad, f"v{i}.grad {where}Build the same expression with "
                                "float64 tensors to compare step by step.", rtol=1e-6, atol=1e-9)


# --- LegendreP3, a custom torch.autograd.Function ------------------------------------------------------

def _p3(x):
    return 0.5 * (5 * x ** 3 - 3 * x)


def _dp3(x):
    return 0.5 * (15 * x ** 2 - 3)


class WatchedBackward:
    """While active, counts the calls autograd makes to ``fn.backward`` and records every autograd entry
    point that backward calls (``torch.autograd.grad``, ``Tensor.backward``, ``torch.func.grad``...).
    Everything is put back as it was on exit, whatever happens."""

    def __init__(self, fn):
        self.fn, self.calls, self.reentered = fn, 0, []

    def __enter__(self):
        fn = self.fn
        self._owned = "backward" in vars(fn)
        self._static = inspect.getattr_static(fn, "backward")
        original = _getattr(fn, "backward")

        def watched(ctx, *grad_outputs):
            self.calls += 1
            with _autograd_watched(self.reentered):
                return original(ctx, *grad_outputs)

        _setattr(fn, "backward", staticmethod(watched))
        return self

    def __exit__(self, *exc):
        if self._owned:
            _setattr(self.fn, "backward", self._static)
        else:
            _delattr(self.fn, "backward")
        return False


def _apply_p3(LegendreP3, x, what):
    before = x.detach().clone()
    y = LegendreP3.apply(x)
    checks.expect_tensor(y, what, shape=tuple(x.shape), dtype=x.dtype)
    checks.expect_unchanged(x, before, "x", hint="forward must leave its input alone.")
    return y


def check_legendre_is_function(LegendreP3):
    """``LegendreP3`` is a subclass of ``torch.autograd.Function`` with its own forward and backward."""
    if not (inspect.isclass(LegendreP3) and issubclass(LegendreP3, _Function)):
        raise AssertionError(f"LegendreP3 should be a class derived from torch.autograd.Function, but it is "
                             f"{LegendreP3!r}: autograd calls a Function's own backward.")
    for name in ("forward", "backward"):
        if _getattr(LegendreP3, name) is _getattr(_Function, name):
            raise AssertionError(f"LegendreP3 does not define {name}: a Function needs both a forward and a "
                                 "hand-written backward.")


def check_legendre_values(LegendreP3):
    """P3 at a few points where its value is known: P3(1) = 1, P3(-1) = -1, P3(0) = 0."""
    x = _tensor([-1.0, 0.0, 0.5, 1.0], dtype=_float64)
    y = _apply_p3(LegendreP3, x, "LegendreP3.apply(x) for x = [-1, 0, 0.5, 1]")
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
        y = _apply_p3(LegendreP3, x, "LegendreP3.apply(x)")
        if not y.requires_grad:
            raise AssertionError("LegendreP3.apply(x) does not require grad although x does: the output must "
                                 "come out of forward as a tensor, so that autograd links it to backward.")
        y.backward(_tensor(upstream, dtype=_float64))
    if watch.calls != 1:
        raise AssertionError(f"autograd called LegendreP3.backward {watch.calls} times during one backward pass "
                             "through one LegendreP3 (once was expected): the gradient must come from your "
                             "backward.")
    if watch.reentered:
        raise AssertionError(f"LegendreP3.backward called {watch.reentered[0]}: it asked autograd to differentiate "
                             "again. Write the derivative out by hand, as a formula in the saved input.")
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
