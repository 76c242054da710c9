# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`) · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch02/ch02_autograd_basics.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch02/ch02_autograd_basics.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 2 assignment: autograd — `requires_grad`, `backward`, `.grad`
#
# Five functions that carry the ideas of the chapter's walk-through (`notebooks/ch02_autograd_basics.ipynb`)
# over to new examples: derivatives at many points at once, one-hot labels, the gradients of a softmax
# classifier, the chain rule read off a graph piece by piece, and reading a graph to tell which tensors a
# backward pass will give a gradient.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. When the visible tests pass, the cell prints one line saying so; when something is off, its
# error message says what it looks like. When you submit, hidden tests also try your function on fresh
# inputs. Before submitting, use *Kernel → Restart Kernel and Run All Cells…* and check that every cell runs.
#
# Two rules hold throughout:
#
# * Where an exercise says "use autograd", the derivatives come from a backward pass (`backward()` or
#   `torch.autograd.grad`, directly or through `torch.func`); the tests check that one ran.
# * A function that receives tensors hands them back as it found them: same values, same `requires_grad`,
#   same `.grad`. Section 8 of the walk-through (`detach` and `clone`) shows what that takes.
#
# | exercise | points |
# |---|---|
# | 1. `derivative_at` | 3 |
# | 2. `one_hot` | 2 |
# | 3. `softmax_mse_grads` | 4 |
# | 4. `chain_rule_parts` | 3 |
# | 5. `receives_grad` | 3 |

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import torch
import torch.nn.functional as F

from autograd_course import checks
from autograd_course.exercises import ch02


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: derivatives at many points at once (3 points)
#
# `f` works elementwise: `f(xs)[i]` depends on `xs[i]` only, like `torch.sin` or `lambda x: x**2 + x**3 + 5`.
# Return $f'(x_i)$ for every point, computed by autograd.
#
# One backward pass can give every point's derivative at once. Why? Section 11 of the walk-through shows
# what a backward pass from a vector of outputs computes; think about what the Jacobian of an elementwise
# function looks like. (One pass per point is also correct, only slower.)
#
# Check yourself on the walk-through's example: the derivative of $x^2 + x^3 + 5$ at 2 is 16.
#
# Autograd differentiates the operations that `f` recorded, exactly up to floating-point rounding. Where
# `f` has a kink it follows a convention ($\mathrm{relu}'(0) = 0$), and a finite difference, which only
# estimates a derivative from values of `f`, answers something else there: the tests tell them apart.
# `xs` may or may not require grad, and may already hold a gradient in `xs.grad`.

# %% nbgrader={"grade": false, "grade_id": "derivative_at", "locked": false, "schema_version": 3, "solution": true, "task": false}
def derivative_at(f, xs):
    """The derivative of an elementwise function at each of several points, by autograd.

    Parameters
    ----------
    f : callable
        Maps a float tensor to a tensor of the same shape, elementwise (``f(x)[i]`` depends on ``x[i]``
        only), with differentiable torch operations.
    xs : torch.Tensor
        1-D float tensor (float32 or float64) of the points. It may or may not require grad; it is left
        exactly as it was (values, ``requires_grad`` and ``.grad``).

    Returns
    -------
    torch.Tensor
        ``df/dx`` at each point: a 1-D tensor with the shape and dtype of ``xs``, not requiring grad.
    """
    ### BEGIN SOLUTION
    x = xs.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x).sum(), x)
    return grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_derivative_at", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch02

ch02.check_derivative_at_polynomial(derivative_at)     # 2x + 3x^2: 16 at x = 2, then at four points at once
ch02.check_derivative_at_tracked_input(derivative_at)  # an xs that requires grad and holds a .grad already
ch02.check_derivative_at_kinks(derivative_at)          # relu and |x| at 0, where autograd follows a convention
ch02.check_derivative_at_float64(derivative_at)        # sin on float64 points: cos, in float64
checks.passed("derivative_at")

### BEGIN HIDDEN TESTS
generator = torch.Generator().manual_seed(20221)

with checks.reference():
    def _reference(f, xs):
        """One autograd call per point, on a copy: slow, but independent of the learner's approach."""
        leaf = xs.detach().clone().requires_grad_(True)
        out = f(leaf)
        grads = [torch.autograd.grad(out[i], leaf, retain_graph=True)[0][i] for i in range(leaf.shape[0])]
        return torch.stack(grads).detach()


functions = [
    ("tanh(3x) * x + exp(-x^2)", lambda x: torch.tanh(3 * x) * x + torch.exp(-x ** 2)),
    ("3x - 2", lambda x: 3 * x - 2),
    ("0 * x + 7", lambda x: 0 * x + 7),
    ("sigmoid(x) * sin(5x)", lambda x: torch.sigmoid(x) * torch.sin(5 * x)),
]
for dtype, rtol in [(torch.float32, 1e-5), (torch.float64, 1e-10)]:
    for n in (1, 9, 40):
        xs = torch.randn(n, generator=generator, dtype=dtype)
        for name, fn in functions:
            what = f"derivative_at({name}) on {n} {dtype} points"
            with checks.reference():
                expected = _reference(fn, xs)
            ch02.expect_derivative_at(derivative_at, fn, xs, what, expected, rtol=rtol, atol=rtol)
# At the clamp's boundaries autograd lets the gradient through: the derivative is 1 there.
xs = torch.tensor([-2.0, -1.0, 0.25, 1.0, 1.5], dtype=torch.float64)
with checks.reference():
    expected = [0.0, 1.0, 1.0, 1.0, 0.0]
ch02.expect_derivative_at(derivative_at, lambda x: torch.clamp(x, -1.0, 1.0), xs, "the derivative of clamp(x, -1, 1)",
                          expected, atol=1e-9)
# Rounding with a straight-through gradient: the values are round(x), the recorded operations have slope 1.
# A finite difference sees a step function (slope 0); autograd sees what f recorded.
straight_through = lambda x: x + (torch.round(x) - x).detach()  # noqa: E731
xs = torch.tensor([-1.3, 0.2, 0.7, 2.45])
with checks.reference():
    expected = _reference(straight_through, xs)
ch02.expect_derivative_at(derivative_at, straight_through, xs, "the derivative of a straight-through rounding",
                          expected, atol=1e-6)
# A caller's xs that requires grad and holds a gradient, in float64.
xs = torch.tensor([0.5, -1.0, 2.0, 3.5], dtype=torch.float64, requires_grad=True)
xs.grad = torch.full_like(xs, -2.0)
with checks.reference():
    expected = torch.exp(xs.detach())
ch02.expect_derivative_at(derivative_at, torch.exp, xs, "derivative_at(exp) on an xs that requires grad", expected,
                          rtol=1e-12)
# A strided view of a longer tensor, and a second call giving the same answer.
xs = torch.arange(12, dtype=torch.float64)[::3] / 4
with checks.reference():
    expected = torch.exp(xs)
ch02.expect_derivative_at(derivative_at, torch.exp, xs, "derivative_at(exp) on a strided view", expected, rtol=1e-12)
ch02.expect_derivative_at(derivative_at, torch.exp, xs, "derivative_at(exp), called again", expected, rtol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: one-hot labels (2 points)
#
# A classifier with `depth` classes outputs one **row** of `depth` probabilities per example. To compare it
# with the true labels, each label $c$ becomes the row with a 1 in column $c$ and 0 elsewhere: label 1 of
# depth 3 is `[0., 1., 0.]`. The walk-through (section 10) builds one-hot targets for examples stored as
# *columns*; here there is one row per example. Any way that gives the right tensor is fine, and `depth` may
# be larger than the largest label present.

# %% nbgrader={"grade": false, "grade_id": "one_hot", "locked": false, "schema_version": 3, "solution": true, "task": false}
def one_hot(labels, depth):
    """One-hot encode integer class labels, one row per label.

    Parameters
    ----------
    labels : torch.Tensor
        int64 tensor of shape ``(n,)`` with values in ``0 .. depth - 1`` (``n`` may be 0). Left unchanged.
    depth : int
        The number of classes.

    Returns
    -------
    torch.Tensor
        float32 tensor of shape ``(n, depth)``: row ``i`` is 1.0 in column ``labels[i]`` and 0.0 elsewhere.
    """
    ### BEGIN SOLUTION
    out = torch.zeros(labels.shape[0], depth, dtype=torch.float32)
    out.scatter_(1, labels.reshape(-1, 1), 1.0)
    return out
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_one_hot", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch02

ch02.check_one_hot_small(one_hot)           # labels [0, 1, 1], two classes
ch02.check_one_hot_unused_classes(one_hot)  # labels [2, 0], four classes: the last column stays empty
checks.passed("one_hot")

### BEGIN HIDDEN TESTS
generator = torch.Generator().manual_seed(20222)
for n, depth in [(50, 7), (1, 1), (1, 5), (12, 3), (0, 4)]:
    labels = torch.randint(0, depth, (n,), generator=generator)
    with checks.reference():
        expected = [[1.0 if c == label else 0.0 for c in range(depth)] for label in labels.tolist()]
    what = f"one_hot on {n} labels of depth {depth}"
    got = ch02.call_one_hot(one_hot, labels, depth, what)
    checks.expect_close(got, expected, what, atol=0.0, rtol=0.0)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex3_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: the gradients of a softmax classifier (4 points)
#
# The walk-through's classifier (section 10) stored one example per column. Here each example is a **row**
# of `x`: logits $z = x w + b$ of shape $(n, k)$, probabilities $p = \mathrm{softmax}(z)$ along each row (each
# example's probabilities sum to 1), and the mean squared error between $p$ and the one-hot rows of the
# labels, averaged over all $n \times k$ elements:
#
# $$L(w, b) = \frac{1}{nk} \sum_{i=1}^{n} \sum_{c=1}^{k} \big(p_{ic} - \mathrm{onehot}(y)_{ic}\big)^2$$
#
# Return $\partial L/\partial w$ and $\partial L/\partial b$, **computed by autograd**: the tests check that
# a backward pass ran, so a gradient worked out by hand, even a correct one, does not pass. You may call
# your `one_hot`.
#
# A gradient function is called over and over: calling it twice with the same tensors must give the same
# result, and whatever `w.grad` and `b.grad` held before must still be there afterwards. `w` and `b` may or
# may not require grad.

# %% nbgrader={"grade": false, "grade_id": "softmax_mse_grads", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_mse_grads(x, w, b, y):
    """Gradients of ``mse(softmax(x @ w + b, dim=1), one_hot(y, k))`` with respect to ``w`` and ``b``, by autograd.

    Parameters
    ----------
    x : torch.Tensor
        float tensor of shape ``(n, d)``: the inputs, one example per row.
    w : torch.Tensor
        float leaf tensor of shape ``(d, k)`` (same dtype as ``x``); may or may not require grad.
    b : torch.Tensor
        float leaf tensor of shape ``(k,)`` (same dtype as ``x``); may or may not require grad.
    y : torch.Tensor
        int64 tensor of shape ``(n,)``, the labels, in ``0 .. k - 1``.

    All four are left as they were: values, ``requires_grad`` and ``.grad`` of ``w`` and ``b``.

    Returns
    -------
    (torch.Tensor, torch.Tensor)
        ``(grad_w, grad_b)`` with the shapes and dtypes of ``w`` and ``b``, not requiring grad. The loss is
        the mean over all ``n * k`` elements of the squared differences.
    """
    ### BEGIN SOLUTION
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    probs = F.softmax(x @ w_leaf + b_leaf, dim=1)
    target = one_hot(y, w.shape[1]).to(probs.dtype)
    loss = F.mse_loss(probs, target)
    grad_w, grad_b = torch.autograd.grad(loss, (w_leaf, b_leaf))
    return grad_w, grad_b
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_mse_grads", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch02

ch02.check_softmax_mse_grads_small(softmax_mse_grads)        # 3 examples, 4 features, 2 classes
ch02.check_softmax_mse_grads_called_again(softmax_mse_grads)  # w.grad, b.grad already hold gradients
ch02.check_softmax_mse_grads_untracked(softmax_mse_grads)     # w and b that do not require grad
checks.passed("softmax_mse_grads")

### BEGIN HIDDEN TESTS
generator = torch.Generator().manual_seed(20223)

with checks.reference():
    def _reference_grads(x, w, b, y):
        """The loss written out in float64 with a loop-built target, differentiated by autograd."""
        w_ref = w.detach().double().requires_grad_(True)
        b_ref = b.detach().double().requires_grad_(True)
        logits = x.detach().double() @ w_ref + b_ref
        probs = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
        probs = probs / probs.sum(dim=1, keepdim=True)
        target = torch.zeros_like(probs)
        for i, label in enumerate(y.tolist()):
            target[i, label] = 1.0
        loss = ((probs - target) ** 2).sum() / probs.numel()
        grad_w, grad_b = torch.autograd.grad(loss, (w_ref, b_ref))
        return grad_w.reshape(-1).tolist() + grad_b.reshape(-1).tolist()


for n, d, k, dtype, tracked in [(10, 5, 4, torch.float64, True), (7, 3, 3, torch.float32, False),
                                (1, 2, 5, torch.float64, False), (6, 4, 1, torch.float64, True),
                                (25, 6, 3, torch.float32, True)]:
    x = torch.randn(n, d, generator=generator, dtype=dtype)
    w = (0.8 * torch.randn(d, k, generator=generator, dtype=dtype)).requires_grad_(tracked)
    b = (0.5 * torch.randn(k, generator=generator, dtype=dtype)).requires_grad_(tracked)
    y = torch.randint(0, k, (n,), generator=generator)
    if tracked:
        w.grad = torch.randn(d, k, generator=generator, dtype=dtype)
    with checks.reference():
        expected = _reference_grads(x, w, b, y)
    rtol = 1e-9 if dtype == torch.float64 else 1e-5
    for attempt in ("first", "second"):
        what = f"softmax_mse_grads with n={n}, d={d}, k={k}, {dtype}, {attempt} call"
        ch02.expect_softmax_mse_grads(softmax_mse_grads, x, w, b, y, what, expected, rtol=rtol, atol=rtol * 1e-2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex4_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: the chain rule, piece by piece (3 points)
#
# The walk-through (section 9) checked the chain rule on a neuron with a `tanh`. Do the same for two
# stacked linear maps on one-element tensors:
#
# $$y_1 = x_1 w_1 + b_1, \qquad y_2 = y_1 w_2 + b_2.$$
#
# Compute **with autograd** the three derivatives $\partial y_1/\partial w_1$, $\partial y_2/\partial y_1$
# and $\partial y_2/\partial w_1$ (the tests check that a backward pass ran: the formulas alone do not
# pass). The chain rule says the last is the product of the first two, and for these maps autograd
# computes it exactly that way, so the equality holds to the last bit.
#
# $y_1$ is not a leaf: think about how you get a derivative *with respect to* it. And after one backward
# pass through a graph, its saved values are freed.

# %% nbgrader={"grade": false, "grade_id": "chain_rule_parts", "locked": false, "schema_version": 3, "solution": true, "task": false}
def chain_rule_parts(x1, w1, b1, w2, b2):
    """The three derivatives of ``y1 = x1 * w1 + b1``, ``y2 = y1 * w2 + b2``, computed by autograd.

    Parameters
    ----------
    x1, w1, b1, w2, b2 : torch.Tensor
        One-element float tensors, all of the same shape (``(1,)`` or ``()``) and dtype. Any of them may
        or may not require grad; all are left as they were (values, ``requires_grad`` and ``.grad``).

    Returns
    -------
    (torch.Tensor, torch.Tensor, torch.Tensor)
        ``(dy1_dw1, dy2_dy1, dy2_dw1)``: three tensors with the shape and dtype of ``w1``, none of them
        requiring grad, with ``dy2_dw1 == dy2_dy1 * dy1_dw1``.
    """
    ### BEGIN SOLUTION
    w1 = w1.detach().clone().requires_grad_(True)
    y1 = x1.detach() * w1 + b1.detach()
    y2 = y1 * w2.detach() + b2.detach()
    (dy1_dw1,) = torch.autograd.grad(y1, w1, retain_graph=True)
    dy2_dy1, dy2_dw1 = torch.autograd.grad(y2, (y1, w1))
    return dy1_dw1, dy2_dy1, dy2_dw1
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_chain_rule_parts", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch02

ch02.check_chain_rule_parts_small(chain_rule_parts)      # x1=0.5, w1=2, b1=0.25, w2=-3, b2=1: (0.5, -3, -1.5)
ch02.check_chain_rule_parts_untracked(chain_rule_parts)  # the same numbers on tensors that do not require grad
checks.passed("chain_rule_parts")

### BEGIN HIDDEN TESTS
generator = torch.Generator().manual_seed(20224)

with checks.reference():
    def _reference_parts(inputs):
        """The three derivatives by autograd on float64 copies, each from a graph of its own."""
        def forward():
            leaves = [t.detach().double().clone().requires_grad_(True) for t in inputs]
            y1 = leaves[0] * leaves[1] + leaves[2]
            return leaves, y1, y1 * leaves[3] + leaves[4]

        leaves, y1, _ = forward()
        dy1_dw1 = torch.autograd.grad(y1, leaves[1])[0]
        _, y1, y2 = forward()
        dy2_dy1 = torch.autograd.grad(y2, y1)[0]
        leaves, _, y2 = forward()
        dy2_dw1 = torch.autograd.grad(y2, leaves[1])[0]
        return [dy1_dw1.item(), dy2_dy1.item(), dy2_dw1.item()]


for shape, dtype, tracked, with_grads in [((1,), torch.float32, True, True), ((), torch.float64, False, False),
                                           ((1,), torch.float64, True, False), ((), torch.float32, True, True)]:
    values = torch.rand(5, generator=generator, dtype=dtype) * 4 - 2
    inputs = [values[i].clone().reshape(shape).requires_grad_(tracked and i > 0) for i in range(5)]
    if with_grads:
        for t in inputs[1:]:
            t.grad = torch.full_like(t, 0.5)
    with checks.reference():
        expected = _reference_parts(inputs)
    what = f"chain_rule_parts on {dtype} tensors of shape {shape}"
    rtol = 1e-12 if dtype == torch.float64 else 1e-6
    ch02.expect_chain_rule_parts(chain_rule_parts, inputs, what, expected, rtol=rtol)
    ch02.expect_chain_rule_parts(chain_rule_parts, inputs, what + ", second call", expected, rtol=rtol)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex5_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 5: reading a graph (3 points)
#
# After `output.backward()`, which tensors hold a gradient in `.grad`? The answer is written in the graph
# that the forward pass recorded (sections 4 to 8 of the walk-through): `backward` fills the `.grad` of each
# leaf that requires grad and that the graph below `output` leads to, and of each non-leaf on which
# `retain_grad()` was called before the pass, if the pass goes through it. Nothing else gets one.
#
# Write `receives_grad(output, tensors)`, which answers that question for each tensor of a list, **without
# filling any `.grad`** and leaving the graph usable: the caller may still call `output.backward()`
# afterwards. Some of the tensors you will be asked about are traps: they hold the same numbers as a tensor
# that was used, were made from one by an operation, reached the output only through `detach` or under
# `no_grad`, or already hold a gradient from an earlier pass. Any way of finding the answer is fine.

# %% nbgrader={"grade": false, "grade_id": "receives_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def receives_grad(output, tensors):
    """Which of ``tensors`` would hold a gradient in ``.grad`` after ``output.backward()``.

    Parameters
    ----------
    output : torch.Tensor
        A one-element float tensor computed from tensors that require grad (it has a ``grad_fn``).
    tensors : list of torch.Tensor
        The tensors to ask about: leaves or not, requiring grad or not, of any shape and dtype. Left as
        they were (values, ``requires_grad`` and ``.grad``), and the graph below ``output`` stays usable.

    Returns
    -------
    list of bool
        One Python ``bool`` per tensor, in order: ``True`` when ``output.backward()`` would leave a gradient
        in that tensor's ``.grad``.
    """
    ### BEGIN SOLUTION
    reached_nodes, reached_leaves = {}, {}
    stack = [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in reached_nodes:
            continue
        reached_nodes[id(node)] = node
        if hasattr(node, "variable"):  # an AccumulateGrad node: it writes its leaf's .grad
            reached_leaves[id(node.variable)] = node.variable
        stack.extend(child for child, _ in node.next_functions)
    answers = []
    for t in tensors:
        if t.is_leaf:
            answers.append(t.requires_grad and id(t) in reached_leaves)
        else:
            answers.append(t.retains_grad and id(t.grad_fn) in reached_nodes)
    return answers
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_receives_grad", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch02

ch02.check_receives_grad_traps(receives_grad)    # a leaf, an accidental non-leaf, detach, data, a look-alike, retain_grad
ch02.check_receives_grad_history(receives_grad)  # an old .grad, no_grad, a float64 copy, a branch not taken
checks.passed("receives_grad")

### BEGIN HIDDEN TESTS
def _scene(seed):
    """A random graph over four leaves, each entering the output in one of six ways (or not at all)."""
    generator = torch.Generator().manual_seed(seed)
    dtype = torch.float64 if seed % 2 else torch.float32
    other = torch.float32 if seed % 2 else torch.float64
    leaves = [torch.randn(3, generator=generator, dtype=dtype).requires_grad_(True) for _ in range(4)]
    unlisted = torch.randn(3, generator=generator, dtype=dtype).requires_grad_(True)  # used, never asked about
    data = torch.randn(3, generator=generator, dtype=dtype)
    accidental = torch.randn(3, generator=generator, dtype=dtype).requires_grad_(True) * 0.1
    named = {f"p{i}": leaf for i, leaf in enumerate(leaves)}
    named.update(data=data, accidental=accidental)
    ways = torch.randint(0, 6, (4,), generator=generator).tolist()
    ways[0] = ways[0] % 2 * 4  # the first leaf is always used, directly or through a retained non-leaf
    terms = []
    for i, (leaf, way) in enumerate(zip(leaves, ways)):
        if way == 0:
            terms.append(leaf * data)
        elif way == 1:
            terms.append(leaf.detach() * 2)
        elif way == 2:
            with torch.no_grad():
                terms.append(leaf * 3)
        elif way == 3:
            leaf.grad = torch.ones_like(leaf)  # unused in this graph, but holding an old gradient
        elif way == 4:
            mid = leaf.exp()
            mid.retain_grad()
            named[f"mid{i}"] = mid
            terms.append(mid * data)
        else:
            copy = leaf.to(other)
            named[f"copy{i}"] = copy
            terms.append(copy.sin().to(dtype))
    if torch.rand(1, generator=generator).item() < 0.5:
        terms.append(accidental * data)
    output = torch.stack(terms).sum() + (unlisted * data).sum()
    if seed % 3 == 0:
        output.retain_grad()
    named["output"] = output
    return output, named, [unlisted]


with checks.reference():
    def _reference_answers(seed):
        """Build the same scene again and run the backward pass for real, from empty .grad."""
        output, named, _ = _scene(seed)
        for t in named.values():
            if t.is_leaf:
                t.grad = None
        output.backward()
        return [t.grad is not None if t.is_leaf else (t.retains_grad and t.grad is not None) for t in named.values()]


for seed in range(20225, 20237):
    output, named, unlisted = _scene(seed)
    with checks.reference():
        expected = _reference_answers(seed)
    ch02.expect_receives_grad(receives_grad, output, named, expected, f"receives_grad on random graph {seed}",
                              unlisted=unlisted)
# A one-step graph, with the output itself among the tensors asked about.
leaf = torch.tensor(2.0, requires_grad=True)
output = leaf * 3
with checks.reference():
    expected = [True, False]
ch02.expect_receives_grad(receives_grad, output, {"leaf": leaf, "output": output}, expected, "receives_grad on leaf * 3")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your functions at work (not graded)
#
# Once the tests pass, these cells use your functions on the chapter's published examples: the
# polynomial's derivative 16 at $x = 2$ (and its derivative everywhere, on one plot with the function), the
# chain rule on two stacked linear maps with its graph, and the gradients of a small softmax classifier on
# the labels `[0, 1, 1]`.

# %% nbgrader={"grade": false, "grade_id": "together_numbers", "locked": true, "schema_version": 3, "solution": false, "task": false}
print("d(x^2 + x^3 + 5)/dx at 2:", derivative_at(lambda x: x ** 2 + x ** 3 + 5, torch.tensor([2.0])))

torch.manual_seed(1)
x1 = torch.rand(1)
w1, b1, w2, b2 = (torch.rand(1, requires_grad=True) for _ in range(4))
dy1_dw1, dy2_dy1, dy2_dw1 = chain_rule_parts(x1, w1, b1, w2, b2)
print(f"dy1/dw1 = {dy1_dw1.item():.4f}, dy2/dy1 = {dy2_dy1.item():.4f}, dy2/dw1 = {dy2_dw1.item():.4f}")
print("chain rule holds:", bool(dy2_dw1 == dy2_dy1 * dy1_dw1))
y2 = (x1 * w1 + b1) * w2 + b2
print("receive a gradient from y2.backward() (x1, w1, b1, w2, b2):", receives_grad(y2, [x1, w1, b1, w2, b2]))

torch.manual_seed(2)
x = torch.rand(3, 4)
w = torch.rand(4, 2, requires_grad=True)
b = torch.zeros(2, requires_grad=True)
labels = torch.tensor([0, 1, 1])
print("one-hot labels:\n", one_hot(labels, 2))
grad_w, grad_b = softmax_mse_grads(x, w, b, labels)
print("dL/dw:\n", grad_w)
print("dL/db:", grad_b)

# %% nbgrader={"grade": false, "grade_id": "together_plot", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

grid = torch.linspace(-2.5, 2.2, 95)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(grid, grid ** 2 + grid ** 3 + 5, label="f(x) = x² + x³ + 5")
ax.plot(grid, derivative_at(lambda x: x ** 2 + x ** 3 + 5, grid), label="f'(x) from derivative_at")
ax.scatter([2.0], [16.0], color="black", zorder=3)
ax.annotate("f'(2) = 16", (2.0, 16.0), textcoords="offset points", xytext=(-70, 5))
ax.axhline(0, color="grey", linewidth=0.5)
ax.set_xlabel("x")
ax.legend()
plt.show()

# %% nbgrader={"grade": false, "grade_id": "together_graph", "locked": true, "schema_version": 3, "solution": false, "task": false}
from IPython.display import Image
from torchviz import make_dot

Image(make_dot(y2, params={"w1": w1, "b1": b1, "w2": w2, "b2": b2}).pipe(format="png"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart Kernel and Run All Cells…* and make sure every test cell prints its line. Stretch
# further (ungraded): rewrite `derivative_at` with `backward(gradient=...)` instead of whatever you used,
# and explain why the two agree; then try `f = lambda x: x.sum() * x`, which is *not* elementwise, and see
# what your `derivative_at` returns instead of the diagonal of the Jacobian. Finally, build a graph of your own
# with a `detach`, a `retain_grad()` and an accidental non-leaf in it, draw it with `torchviz.make_dot`, and
# check what your `receives_grad` says against the picture.

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 1: Gradients by hand (NumPy)](../ch01/ch01_gradients_by_hand.ipynb) · [Contents](../../notebooks/contents.ipynb) · next: [Chapter 3: Accumulation and switching tracking off](../ch03/ch03_accumulation_and_no_grad.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch02_autograd_basics.ipynb) · [the next chapter's](../../notebooks/ch03_accumulation_and_no_grad.ipynb)
