# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 7: Your own autograd · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch07/ch07_your_own_autograd.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch07/ch07_your_own_autograd.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 7 assignment: your own autograd
#
# The capstone. In the walk-through (`notebooks/ch07_your_own_autograd.ipynb`) a two-operation engine,
# `Node`, recorded each result's parents and operation and ran the chain rule back through them in
# reverse topological order. Here you write the full engine, `Value`, with the operations a small neural
# network needs, and check it against PyTorch. Then you go the other way and teach PyTorch a new
# operation, the Legendre polynomial $P_3$, with a `torch.autograd.Function` whose derivative you write
# by hand.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. The visible tests there tell you when something is off and what it looks like; when you
# submit, hidden tests also try your code on fresh inputs. Before submitting, use
# *Kernel → Restart & Run All* and check that every cell runs.
#
# | exercise | points |
# |---|---|
# | 1. `Value` (five test cells: forward 2, local rules 2, order 3, accumulation 2, against PyTorch 1) | 10 |
# | 2. `LegendreP3` | 4 |

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import numpy as np
import torch

from autograd_course import checks
from autograd_course.exercises import ch07


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: a scalar autograd engine, `Value` (10 points)
#
# Write a class `Value` that wraps one number and records how every new `Value` was computed, so that
# `backward()` on a final result can fill in the gradient of that result with respect to every value it
# was computed from. The walk-through's `Node` shows the design on two operations; `Value` needs more
# operations and another interface:
#
# - `Value(data)` keeps the number in `.data` (a float) and starts with `.grad == 0.0`;
# - `a + b`, `a - b`, `a * b`, `a / b` for two Values, and for a Value with a plain number on **either**
#   side: `v + 1`, `2 * v`, `1 - v`, `1 / v`, `v / 4`... (with the number on the left, Python calls the
#   Value's *reflected* method, such as `__rmul__`);
# - `v ** n` for an int or float exponent `n` (a plain number, never a Value), and `-v`;
# - `v.tanh()`, `v.relu()` (at exactly 0 take the derivative 0, as PyTorch does) and `v.exp()`;
# - `out.backward()`: afterwards `v.grad` is $\partial\,\text{out} / \partial v$ for every value `v` that
#   `out` was computed from, intermediate values included, and `out.grad` is 1, when each of them started
#   at 0.0.
#
# Every operation returns a new `Value` and leaves its operands unchanged. A value used more than once
# (`x * x`, or a sub-expression feeding several operations) collects a contribution from every use, and
# each value passes its gradient on only once that gradient is complete (the walk-through's reverse
# topological order). How you store the local rules (closures, operation names, numbers computed in the
# forward pass) and how you find the order (Kahn's counting, or a depth-first search, recursive or with
# your own stack) is up to you. You may build some operations out of others (`a - b` as `a + (-b)`, say),
# and use `math` or NumPy for `tanh` and `exp`.
#
# **Calling `backward()` again.** Gradients add up, as PyTorch's `.grad` does (chapter 3): a `Value` keeps
# its graph (like `retain_graph=True`), so a second `out.backward()` on the same output adds the same
# gradients again to the *leaves* (the values created with `Value(...)`), which then hold twice the
# gradient; setting a leaf's `grad` back to `0.0` starts it afresh. For this, each `backward()` must pass
# on only the gradients it computes itself, not what an earlier call left in the values between the output
# and the leaves (the walk-through shows what goes wrong otherwise). What those intermediate values hold
# after a second `backward()` is not tested (PyTorch keeps no `.grad` for them unless asked).
#
# **Deep graphs.** A recursive depth-first search needs one Python call per level of the graph, and Python
# stops at `sys.getrecursionlimit()` nested calls (1000 by default) with a `RecursionError`: a sum of
# 1,500 values is already too deep (the walk-through shows it). The deepest graph in these tests is about
# 320 values deep, so a recursive search passes them; an explicit stack, or Kahn's counting, has no such
# limit.
#
# The engine must be your own, in plain Python numbers: no PyTorch inside `Value`, neither its tensors
# nor its autograd, under any name. The tests run every operation, every `backward()` and every read of
# `data` and `grad` under a watch made of a Python profiler (`sys.setprofile`) and a PyTorch function
# mode. The mode sees each PyTorch function called from Python (`torch.ops` included); the profiler sees
# each Python function and each built-in (C) function called, and fails the call when one belongs to
# PyTorch (a `torch` function, a tensor's method, autograd's engine), when PyTorch's function handling is
# switched off (`torch._C.DisableTorchFunction`), or when the profiler itself is taken off. Each
# operation's derivative is a formula in real numbers, exact to rounding error, that you write: not a
# finite-difference estimate, not the complex-step trick (the watch also sees complex numbers), and not a
# library that differentiates for you (sympy's `diff`, `numpy.polynomial`'s `deriv`). And `backward()`
# costs in proportion to the size of the graph, not to the number of paths through it: each value's local
# rule runs once per `backward()`. The tests count the Python function calls of a `backward()` on a chain
# of 60 links, each link `v` used three times by the next (3^60 paths through 301 values), and stop it
# past 40 calls per value.
#
# The tests cannot look inside your `backward()`; they see numbers and costs. A value that passed its
# gradient on before every use had added its share gives its parents the wrong amount, which the tests
# see on a value used by three operations at different depths of the graph; one that passes on each late
# contribution again runs its rule once per path, which the call budget stops.
#
# The exercise is graded in five cells, one per idea, so that a mistake costs the points of the idea it
# gets wrong: the forward values (2 points), each operation's local derivative (2), the order of the
# backward pass (3), accumulation (2), and random expressions against PyTorch (1). The order and
# accumulation cells build their graphs with `+`, `-`, `*` and `**` (the chapter's loss is
# $(wx - y)^2$ there), so they rely on those four local rules as well: get the rules cell passing first.

# %% nbgrader={"grade": false, "grade_id": "Value", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Value:
    """A scalar that remembers how it was computed, so that ``backward()`` can find every gradient.

    Parameters
    ----------
    data : float
        The number this Value holds.

    Attributes
    ----------
    data : float
        The number (a Python float, or a NumPy float64 if you compute with NumPy).
    grad : float
        d(output)/d(this value), added up over the ``output.backward()`` calls; 0.0 until the first.

    Supports ``+ - * /`` between Values and with plain numbers on either side (``2 * v``, ``1 - v``,
    ``1 / v``), ``v ** n`` for an int or float exponent ``n``, unary ``-v``, and the methods ``tanh()``,
    ``relu()`` (with relu'(0) = 0), ``exp()`` and ``backward()``. Every operation returns a new Value and
    leaves its operands as they were. ``backward()``, called on a final result, adds d(result)/d(v) to the
    ``grad`` of every value ``v`` the result was computed from, correctly when a value is used several times;
    called again on the same result, it adds the same gradients to the leaves again.
    """
    ### BEGIN SOLUTION
    def __init__(self, data, _parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = _parents
        self._propagate = lambda: None  # a leaf has nothing to pass on

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = Value._lift(other)
        out = Value(self.data + other.data, (self, other))

        def propagate():
            self.grad += out.grad
            other.grad += out.grad
        out._propagate = propagate
        return out

    def __mul__(self, other):
        other = Value._lift(other)
        out = Value(self.data * other.data, (self, other))

        def propagate():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._propagate = propagate
        return out

    def __truediv__(self, other):
        other = Value._lift(other)
        out = Value(self.data / other.data, (self, other))

        def propagate():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data ** 2
        out._propagate = propagate
        return out

    def __pow__(self, exponent):
        out = Value(self.data ** exponent, (self,))

        def propagate():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._propagate = propagate
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-Value._lift(other))

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value._lift(other) - self

    def __rtruediv__(self, other):
        return Value._lift(other) / self

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def propagate():
            self.grad += (1.0 - t * t) * out.grad
        out._propagate = propagate
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def propagate():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._propagate = propagate
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, (self,))

        def propagate():
            self.grad += e * out.grad
        out._propagate = propagate
        return out

    def backward(self):
        # Depth-first with an explicit stack (no recursion limit): a value joins the order once everything
        # it was computed from has, so in reverse every value comes before the values it was computed from.
        order, seen, stack = [], {id(self)}, [(self, iter(self._parents))]
        while stack:
            value, parents = stack[-1]
            for parent in parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, iter(parent._parents)))
                    break
            else:
                stack.pop()
                order.append(value)
        # This call passes on its own gradients only: the values computed from others start again at 0,
        # the leaves keep what earlier calls added, as PyTorch's .grad does.
        for value in order:
            if value._parents:
                value.grad = 0.0
        self.grad += 1.0
        for value in reversed(order):
            value._propagate()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_Value_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch07

# Value(1.5) holds 1.5 and grad 0.0; every operation's value at a = 1.5, b = -0.5, numbers on either side,
# operands left as they were, and no PyTorch anywhere.
ch07.check_value_api(Value)
checks.passed("Value: the forward values")

### BEGIN HIDDEN TESTS
# Every operation at two other points, against PyTorch in float64.
with checks.reference():
    at_first = ch07.operation_references(0.8, -2.25)
    at_second = ch07.operation_references(2.2, 0.7)
ch07.check_value_forward_at(Value, 0.8, -2.25, at_first)
ch07.check_value_forward_at(Value, 2.2, 0.7, at_second)
# Longer expressions: the value of the output only.
with checks.reference():
    neuron_forward = ch07.torch_gradients(lambda x1, x2, w1, w2, b: (x1 * w1 + x2 * w2 + b).tanh(),
                                          [0.5, -1.2, 0.3, -0.8, 0.25])[0]
neuron = ch07.build_watched(lambda x1, x2, w1, w2, b: (x1 * w1 + x2 * w2 + b).tanh(),
                            [Value(v) for v in (0.5, -1.2, 0.3, -0.8, 0.25)], "a tanh neuron")
checks.expect_close(ch07.read_data(neuron, Value, "a tanh neuron"), neuron_forward, "a tanh neuron's output",
                    rtol=1e-12)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_Value_rules", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch07

# Each operation's derivative on its own: backward() on `a * b`, `2 - a`, `a ** 0.5`, `a.tanh()`... from
# fresh leaves at a = 1.5, b = -0.5, then relu below 0 and at exactly 0.
ch07.check_value_local_rules(Value)
checks.passed("Value: each operation's derivative")

### BEGIN HIDDEN TESTS
# Every operation's derivative at two other points, against PyTorch in float64.
with checks.reference():
    at_first = ch07.operation_references(0.8, -2.25)
    at_second = ch07.operation_references(2.2, 0.7)
ch07.check_value_rules_at(Value, 0.8, -2.25, at_first)
ch07.check_value_rules_at(Value, 2.2, 0.7, at_second)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_Value_order", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch07

# The chapter's example as a chain: loss 16 and dloss/dw = -16, and every intermediate gradient.
ch07.check_value_chain(Value)
# shared = x * y feeds three operations at different depths: its rule must wait for all three.
ch07.check_value_shared(Value)
# x -> (x ** 2 - x) * 0.5 + x sixty times: each value's rule runs once per backward(), not once per path.
ch07.check_value_once_per_backward(Value)
checks.passed("Value: the order of the backward pass")

### BEGIN HIDDEN TESTS
# The diamond at another point; two values feeding each other for 30 steps (paths of many lengths); the
# cost bound on a longer chain from another start.
with checks.reference():
    diamond = ch07.torch_gradients(ch07.diamond, [-0.7, 1.3])
    rungs = ch07.torch_gradients(ch07.ladder, [0.4, -0.3])
    chain = ch07.shared_chain_reference(0.7, 80)
ch07.check_value_like_torch(Value, ch07.diamond, [-0.7, 1.3], "the diamond of shared = x * y at x = -0.7, y = 1.3",
                            diamond)
ch07.check_value_like_torch(Value, ch07.ladder, [0.4, -0.3], "a ladder of 30 rungs", rungs)
ch07.check_value_once_per_backward(Value, start=0.7, levels=80, expected=chain)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_Value_accumulation", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch07

# A value used more than once in one expression collects a contribution from every use.
ch07.check_value_reuse(Value)
# backward() twice on the same output: the leaves hold twice the gradient, as PyTorch's .grad would; with
# their grad set back to 0.0, one more backward() gives it once.
ch07.check_value_backward_twice(Value)
checks.passed("Value: gradients add up")

### BEGIN HIDDEN TESTS
# A value used by forty operations; backward twice from another point.
with checks.reference():
    forty = ch07.torch_gradients(ch07.forty_uses, [0.3])
    twice = ch07.backward_twice_reference((-1.2, 0.9))
ch07.check_value_like_torch(Value, ch07.forty_uses, [0.3], "a value used by forty operations", forty)
ch07.check_value_backward_twice(Value, start=(-1.2, 0.9), expected=twice)
# Two results sharing x * y, backward() on the first: values it was not computed from keep grad 0.0.
with checks.reference():
    shared_reference = ch07.torch_gradients(lambda x, y: (x * y) ** 2 - x, [0.8, -1.1])[1]
    untouched = [0.0, 0.0]
x, y, unused = Value(0.8), Value(-1.1), Value(5.0)
first, second = ch07.build_watched(ch07.two_results_sharing, [x, y, unused], "two results sharing x * y")
ch07.backward_watched(first, "first")
checks.expect_close([ch07.read_grad(x, "x"), ch07.read_grad(y, "y")], shared_reference,
                    "two results sharing x * y, after backward() on the first one", rtol=1e-9)
checks.expect_close([ch07.read_grad(second, "second"), ch07.read_grad(unused, "unused")], untouched,
                    "the gradients of values the output was not computed from", rtol=0.0, atol=0.0)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_Value_against_torch", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch07

# Twenty random expressions with shared sub-expressions and every operation, against PyTorch in float64.
ch07.check_value_against_torch(Value, seed=7, expressions=20)
checks.passed("Value: random expressions against PyTorch")

### BEGIN HIDDEN TESTS
# Fresh random expressions, and longer ones.
with checks.reference():
    fresh = ch07.torch_references(seed=1000, expressions=25, operations=20)
    longer = ch07.torch_references(seed=5000, expressions=10, operations=40)
ch07.check_value_against_torch(Value, seed=1000, expressions=25, operations=20, references=fresh)
ch07.check_value_against_torch(Value, seed=5000, expressions=10, operations=40, references=longer)


# Neurons: tanh of a weighted sum; relu and a sigmoid built from exp, with numbers on both sides. A chain 60
# levels deep that reuses its inputs at every level, mixed operations.
def _deep(start, shift):
    v = start
    for _ in range(60):
        v = (v * 0.9 + start * 0.05).tanh() + shift * 0.01
    return v


expressions = [
    ("a tanh neuron", lambda x1, x2, x3, w1, w2, w3, b: (x1 * w1 + x2 * w2 + x3 * w3 + b).tanh(),
     [0.5, -1.2, 2.0, 0.3, -0.8, 0.1, 0.25]),
    ("a relu neuron and a sigmoid", lambda x1, x2, w1, w2, b: 2 * (w1 * x1 - w2 * x2 + b).relu() - 1 / (1 + (w1 * x2).exp()),
     [1.5, -0.5, 0.7, 0.2, -0.1]),
    ("a chain 60 levels deep", _deep, [0.7, -0.4]),
    ("a value used by forty tanh", lambda u: sum((u * (k / 10)).tanh() for k in range(40)), [0.3]),
    ("mixed operations on shared leaves",
     lambda u, v: ((u - v) ** 2 + (v - u) ** 2) ** 0.5 / (u * v).exp() - (1 - u) / v ** 3, [1.3, 0.6]),
]
with checks.reference():
    by_torch = [ch07.torch_gradients(build, leaves) for _, build, leaves in expressions]
for k, (what, build, leaves) in enumerate(expressions):
    ch07.check_value_like_torch(Value, build, leaves, what, by_torch[k])

# The chapter's four points: at w = 0 the mean squared error is 120, and its derivative is the hand formula.
xs4, ys4 = [2.0, 4.0, 6.0, 8.0], [4.0, 8.0, 12.0, 16.0]
with checks.reference():
    four_points = [sum((0.0 * xi - yi) ** 2 for xi, yi in zip(xs4, ys4)) / 4,
                   sum(2 * xi * (0.0 * xi - yi) for xi, yi in zip(xs4, ys4)) / 4]
w = Value(0.0)
loss = ch07.build_watched(lambda w: sum((w * xi - yi) ** 2 for xi, yi in zip(xs4, ys4)) / 4, [w], "the four-point loss")
ch07.backward_watched(loss, "loss")
checks.expect_close(ch07.read_data(loss, Value, "loss"), four_points[0], "the four-point loss at w = 0", rtol=1e-12)
checks.expect_close(ch07.read_grad(w, "w"), four_points[1], "dloss/dw on the four points at w = 0", rtol=1e-12)

# backward() on a leaf itself.
with checks.reference():
    leaf_grad = 1.0
leaf = Value(3.0)
ch07.backward_watched(leaf, "leaf")
checks.expect_close(ch07.read_grad(leaf, "leaf"), leaf_grad, "a leaf's gradient after leaf.backward()")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: teach PyTorch a new operation, `LegendreP3` (4 points)
#
# The Legendre polynomial of degree 3 is
#
# $$P_3(x) = \tfrac{1}{2}\,(5x^3 - 3x).$$
#
# Write it as a `torch.autograd.Function`, as the walk-through did for the logistic function: `forward`
# computes $P_3$ elementwise and saves what `backward` will need; `backward` receives the gradient of the
# final result with respect to $P_3$'s output and returns the gradient with respect to `x`, using
# $P_3'(x)$, which you work out and **write by hand**. Work out, too, which tensors `backward` will need,
# and save those.
#
# The tests watch your `forward` and `backward` while autograd runs them (the same profiler and function
# mode as in exercise 1). `backward` must be the one autograd calls, and `gradcheck` must pass in float64.
# What they refuse:
#
# - **Asking anything else for the derivative.** Not autograd (`torch.autograd.grad`, `.backward()`,
#   `torch.func` or autograd's engine, under any name; `forward` runs with recording off and must leave it
#   off), not another engine's `backward()` (exercise 1's `Value` included), not a polynomial or symbolic
#   library (`numpy.polynomial`'s `deriv`, a `numpy.polynomial` series or an `np.poly1d`, sympy, also when
#   reached through a global name), not the tests' own formulas, not complex numbers.
# - **Evaluating $P_3$ again.** $P_3'$ is a quadratic: a `backward` whose PyTorch operations compute a
#   cubic in the saved tensors (as a finite difference of your forward at shifted points does) fails. The
#   tests follow the degree of PyTorch's results only; computing with NumPy is allowed, and a finite
#   difference there is just as much beside the point.
# - **Numbers found elsewhere.** The tests see what runs, not how numbers found earlier were found, so the
#   numbers of $P_3$ and $P_3'$ stand in your formulas: `forward` and `backward`, and any function of your
#   own that they call (a method of the class too), may not read numbers, arrays or tensors from outside
#   themselves (a global variable, even `HALF = 0.5`, a class attribute, a closure or a default argument),
#   nor call a function that a library generated from a formula (sympy's `lambdify`). The coefficients of
#   $P_3'$ are yours to work out.
#
# Save the tensors `backward` needs with `ctx.save_for_backward`, as PyTorch's documentation asks: it
# records each tensor's version, so that when a caller changes the input in place between forward and
# backward, autograd refuses to run backward (`RuntimeError: one of the variables needed for gradient
# computation has been modified by an inplace operation`) instead of computing with the changed values.
# A tensor kept as an attribute of `ctx` (`ctx.x = x`), or a NumPy view of it, escapes that check, and
# the gradient comes out silently wrong (the walk-through shows it); a copy (`ctx.x = x.clone()`) escapes it
# too. So every tensor (or array) that `backward` needs must go through `ctx.save_for_backward`: the tests
# fail a `ctx` that holds a tensor or a NumPy array as an attribute, or that saved no tensor at all. They
# also change the input in place after `forward`: your `backward` must then be refused, or still return
# the gradient at the values `forward` saw.
#
# It is used as `LegendreP3.apply(x)`.

# %% nbgrader={"grade": false, "grade_id": "LegendreP3", "locked": false, "schema_version": 3, "solution": true, "task": false}
class LegendreP3(torch.autograd.Function):
    """The Legendre polynomial P3(x) = (5x^3 - 3x) / 2, elementwise, with a hand-written backward.

    ``LegendreP3.apply(x)`` takes a float tensor ``x`` of any shape (float32 or float64) and returns P3 of
    each element: a tensor of the same shape and dtype, which requires grad when ``x`` does. ``x`` is left
    unchanged. ``forward`` saves the tensors ``backward`` needs with ``ctx.save_for_backward``. When autograd
    runs backward through it, ``backward`` receives the gradient of the final result with respect to P3's
    output and returns the gradient with respect to ``x``, using the derivative P3'(x) written out by hand
    (no autograd inside backward).
    """

    @staticmethod
    def forward(ctx, x):
        ### BEGIN SOLUTION
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2
        ### END SOLUTION

    @staticmethod
    def backward(ctx, grad_output):
        ### BEGIN SOLUTION
        x, = ctx.saved_tensors
        local_derivative = (15 * x ** 2 - 3) / 2
        return grad_output * local_derivative
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_LegendreP3", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch07

ch07.check_legendre_is_function(LegendreP3)
# P3(-1) = -1, P3(0) = 0, P3(1) = 1: every Legendre polynomial is 1 at x = 1.
ch07.check_legendre_values(LegendreP3)
# autograd calls your backward, which multiplies P3'(x) into the incoming gradient by itself.
ch07.check_legendre_gradient(LegendreP3)
# Your backward against finite differences of your forward, in float64.
ch07.check_legendre_gradcheck(LegendreP3, seed=0)
# The input changed in place between forward and backward: refused by autograd, or the gradient at the old x.
ch07.check_legendre_saved_input(LegendreP3)
checks.passed("LegendreP3")

### BEGIN HIDDEN TESTS
# Fresh inputs of three shapes, through 2 * P3(x) + x, against numpy.polynomial's Legendre series.
for seed, shape in [(20227, (7,)), (20228, (2, 3)), (20229, ())]:
    ch07.check_legendre_gradcheck(LegendreP3, seed=seed, shape=shape)
    x, upstream = ch07.legendre_inputs(seed, shape)
    with checks.reference():
        from numpy.polynomial import legendre as _legendre
        _p3_series = _legendre.Legendre.basis(3)
        expected_y = _p3_series(x.detach().numpy())
        expected_grad = upstream.numpy() * (2 * _p3_series.deriv()(x.detach().numpy()) + 1)
    ch07.check_legendre_through(LegendreP3, x, upstream, expected_y, expected_grad, f"{shape}-shaped input")

# float32 in, float32 out, gradient included.
x32 = torch.linspace(-1, 1, 9, requires_grad=True)
with checks.reference():
    grid = x32.detach().double().numpy()
    p3_32, dp3_32 = 0.5 * (5 * grid ** 3 - 3 * grid), 0.5 * (15 * grid ** 2 - 3)
y32 = ch07.apply_watched(LegendreP3, x32, "LegendreP3.apply on float32")
y32.sum().backward()
checks.expect_tensor(x32.grad, "x.grad for a float32 x", shape=(9,), dtype=torch.float32)
checks.expect_close(y32, p3_32, "P3 on float32", rtol=1e-5, atol=1e-6)
checks.expect_close(x32.grad, dp3_32, "P3' on float32", rtol=1e-5, atol=1e-6)

# An input that does not require grad gives an output that does not either, and stays as it was.
plain = torch.tensor([0.3, -0.7], dtype=torch.float64)
before = plain.clone()  # a copy to compare with, exactly
checks.expect_tensor(LegendreP3.apply(plain), "LegendreP3.apply on a tensor without grad", shape=(2,),
                     dtype=torch.float64, requires_grad=False)
checks.expect_unchanged(plain, before, "x")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your code at work (not graded)
#
# Once the tests pass, these cells run your `Value` on the chapter's example (loss 16 and
# $\partial L/\partial w = -16$ at $x = 2$, $y = 4$, $w = 0$), train the one-weight model on the four
# points until $w$ reaches 2, draw a small neuron's graph with your numbers on it, and put your
# `LegendreP3` through `gradcheck`.

# %% nbgrader={"grade": false, "grade_id": "together_seed", "locked": true, "schema_version": 3, "solution": false, "task": false}
x, y, w = Value(2.0), Value(4.0), Value(0.0)
loss = (w * x - y) ** 2
loss.backward()
print(f"loss = {loss.data:.1f}, dloss/dw = {w.grad:.1f}")

# The four points, the mean squared error, plain gradient descent with learning rate 0.01.
xs, ys, w_now = [2.0, 4.0, 6.0, 8.0], [4.0, 8.0, 12.0, 16.0], 0.0
for epoch in range(1, 11):
    w = Value(w_now)
    loss = sum((w * x - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
    loss.backward()
    w_now -= 0.01 * w.grad
    print(f"epoch {epoch:2d}: loss {loss.data:10.6f}, dloss/dw {w.grad:9.3f}, w -> {w_now:.3f}")

# %% nbgrader={"grade": false, "grade_id": "together_neuron", "locked": true, "schema_version": 3, "solution": false, "task": false}
from graphviz import Digraph
from IPython.display import Image

x1, x2, w1, w2, b = Value(1.0), Value(-2.0), Value(0.5), Value(0.25), Value(0.1)
h = x1 * w1 + x2 * w2
n = h + b
out = n.tanh()
out.backward()

leaves = {name: torch.tensor(v, dtype=torch.float64, requires_grad=True)
          for name, v in [("x1", 1.0), ("x2", -2.0), ("w1", 0.5), ("w2", 0.25), ("b", 0.1)]}
torch.tanh(leaves["x1"] * leaves["w1"] + leaves["x2"] * leaves["w2"] + leaves["b"]).backward()
print("your gradients:   ", [round(v.grad, 6) for v in (x1, x2, w1, w2, b)])
print("PyTorch gradients:", [round(t.grad.item(), 6) for t in leaves.values()])

# The graph, drawn from the values named above (the tests know only Value's public interface).
graph = Digraph(graph_attr={"rankdir": "LR"}, node_attr={"shape": "record", "fontsize": "11"})
named = {"x1": x1, "w1": w1, "x2": x2, "w2": w2, "b": b, "h = x1*w1 + x2*w2": h, "n = h + b": n, "tanh(n)": out}
for name, v in named.items():
    graph.node(name, f"{name} | data {v.data:.4f} | grad {v.grad:.4f}")
for parent, child in [("x1", "h = x1*w1 + x2*w2"), ("w1", "h = x1*w1 + x2*w2"), ("x2", "h = x1*w1 + x2*w2"),
                      ("w2", "h = x1*w1 + x2*w2"), ("h = x1*w1 + x2*w2", "n = h + b"), ("b", "n = h + b"),
                      ("n = h + b", "tanh(n)")]:
    graph.edge(parent, child)
Image(graph.pipe(format="png"))

# %% nbgrader={"grade": false, "grade_id": "together_legendre", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

torch.manual_seed(0)
print("gradcheck in float64:",
      torch.autograd.gradcheck(LegendreP3.apply, (torch.rand(5, dtype=torch.float64, requires_grad=True),)))

x = torch.linspace(-1, 1, 201, dtype=torch.float64, requires_grad=True)
y = LegendreP3.apply(x)
y.sum().backward()
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(x.detach(), y.detach(), label="$P_3(x)$, your forward")
ax.plot(x.detach(), x.grad, label="$P_3'(x)$, your backward")
ax.axhline(0, color="grey", linewidth=0.5)
ax.set_xlabel("x")
ax.legend()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart & Run All* and make sure every test cell finishes without an error. Stretch
# further (ungraded): give `Value` a `sigmoid()` with its own local rule and check it against
# `1 / (1 + (-x).exp())` built from the operations you have; train a two-layer network of `Value`s on a
# few points; or run `torch.autograd.gradgradcheck` on `LegendreP3`, which checks the second derivative
# you never wrote: does it pass, and why?

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 6: Modules and devices](../ch06/ch06_modules_and_devices.ipynb) · [Contents](../../notebooks/contents.ipynb)
#
# Walk-throughs: [this chapter's](../../notebooks/ch07_your_own_autograd.ipynb)
