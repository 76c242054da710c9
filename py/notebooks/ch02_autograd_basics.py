# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`) · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch02_autograd_basics.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch02_autograd_basics.ipynb)

# %% [markdown]
# # Chapter 2: Autograd — `requires_grad`, `backward`, `.grad`
#
# In chapter 1 we derived every gradient by hand, local gradient by local gradient. PyTorch's
# autograd does the same bookkeeping for us: while the forward pass runs, it records each operation
# together with the rule for its local gradient, and a backward pass multiplies them along the way back.
# By the end of this chapter you will have:
#
# 1. switched tracking on with `requires_grad`, and seen `.grad` stay `None` until `backward` runs;
# 2. compared `torch.autograd.grad` (returns gradients) with `.backward()` (accumulates them in `.grad`);
# 3. read the recorded graph: `grad_fn`, `next_functions`, leaves and non-leaves, and the ways a tensor
#    quietly stops being a leaf;
# 4. seen that the graph is recorded anew on every forward pass, whatever path Python takes;
# 5. used `detach` and `clone`, and seen what each does to a gradient;
# 6. checked the chain rule, the gradients of a softmax classifier and the thermometer model's published
#    gradient `[4517.2969, 82.6000]`, and plotted a loss with its autograd derivative;
# 7. learned what `backward` computes from an output with several elements;
# 8. drawn computation graphs with `torchviz`.
#
# The assignment for this chapter (`release/ch02/`) asks you to carry these ideas over to new examples.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from IPython.display import Image, display
from torchviz import make_dot

from autograd_course import data

torch.manual_seed(0)
torch.set_printoptions(precision=4)


def show(graph):
    """Display a graphviz graph as a PNG image (so it is stored in the notebook's outputs)."""
    display(Image(graph.pipe(format="png")))


# %% [markdown]
# ## 1. Switching tracking on
#
# A tensor is tracked when its `requires_grad` flag is set: either when it is created, or afterwards,
# in place, with `requires_grad_()`. A floating-point result computed from a tracked tensor is tracked
# too (while recording is on: chapter 3 shows how to switch it off); a result computed only from untracked
# tensors (data) is not, and neither is a comparison such as `w > 0`, whose booleans have no derivative.

# %%
w = torch.tensor([1.0, 2.0], requires_grad=True)   # tracked from the start
b = torch.zeros(2)                                  # plain data...
print("b tracked?", b.requires_grad)
b.requires_grad_()                                  # ...until we switch tracking on, in place
print("b tracked?", b.requires_grad)

x = torch.tensor([3.0, 4.0])                        # data: never tracked
print("x * 2 tracked?      ", (x * 2).requires_grad)
print("x * w + b tracked?  ", (x * w + b).requires_grad)
print("w > 0 tracked?      ", (w > 0).requires_grad, " dtype:", (w > 0).dtype)

# %% [markdown]
# Only tensors that hold floating-point (or complex) numbers can be tracked: a derivative needs values
# that can change by a little, and integers cannot. `torch.tensor([1, 2, 3])` holds int64, and asking it
# to require grad is an error:

# %%
counts = torch.tensor([1, 2, 3])
print("dtype:", counts.dtype)
try:
    counts.requires_grad_()
except RuntimeError as error:
    print("RuntimeError:", error)
print("as float32:", counts.float().requires_grad_().requires_grad)
print("complex:   ", torch.tensor([1 + 2j], requires_grad=True).requires_grad)


# %% [markdown]
# ## 2. `.grad` is `None` until `backward` runs
#
# Every tensor has a `.grad` attribute. On a tracked tensor it starts as `None`: building a graph
# computes no gradient. `backward()`, called on a scalar result, walks the graph back and adds
# $\partial(\text{result})/\partial(\text{tensor})$ into the `.grad` of each tracked leaf it reaches (the
# next sections say what a leaf is).
#
# Take $y = x^2 + x^3 + 5$. By hand, $dy/dx = 2x + 3x^2$, which is $2\cdot 2 + 3 \cdot 4 = 16$ at $x = 2$.

# %%
def poly(x):
    return x ** 2 + x ** 3 + 5


x = torch.tensor(2.0, requires_grad=True)
y = poly(x)
print("y =", y.item())
print("x.grad before backward:", x.grad)
y.backward()
print("x.grad after backward: ", x.grad)

# %% [markdown]
# ## 3. `torch.autograd.grad` returns gradients, `backward` accumulates them
#
# There are two ways to ask for a gradient. `torch.autograd.grad(outputs, inputs)` *returns* the
# gradients, as a tuple with one entry per input, and writes nothing into the `.grad` of leaves. `.backward()`
# returns nothing and *adds* the gradients into `.grad`. The first suits a function that computes a
# gradient for someone else; the second is what a training loop uses, and the optimizer later reads
# `.grad`. "Adds" is meant literally: a second `backward` on a fresh graph adds 16 to the 16 already there
# (chapter 3 is about this).

# %%
x = torch.tensor(2.0, requires_grad=True)
result = torch.autograd.grad(poly(x), x)
print("autograd.grad returned:", result, "- a", type(result).__name__, "of length", len(result))
print("x.grad is still:", x.grad)

(dy_dx,) = torch.autograd.grad(poly(x), x)   # the usual way to unpack a single gradient
print("dy/dx =", dy_dx.item())

poly(x).backward()
print("x.grad after one backward: ", x.grad)
poly(x).backward()
print("x.grad after a second one: ", x.grad)

# %% [markdown]
# ## 4. The recorded graph: `grad_fn` and `next_functions`
#
# Each tracked result remembers the operation that made it in `grad_fn`: a node that knows the local
# gradient of that operation. The names say which: `AddBackward0` for `+`, `MulBackward0` for `*`,
# `PowBackward0` for `**`. Each node points to the nodes of its inputs through `next_functions`, so
# the nodes form a graph leading back from the result to the tensors we started from. Those end in
# `AccumulateGrad` nodes, which add the incoming gradient into a leaf's `.grad` (the node's `variable`
# attribute is that very leaf); an input that is not tracked appears as `None`: no gradient flows there.

# %%
w = torch.tensor(3.0, requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
x = torch.tensor(2.0)                 # data
z = w * x + b
loss = (z - 5.0) ** 2

print("loss.grad_fn:", loss.grad_fn.name())
print("z.grad_fn:   ", z.grad_fn.name())
print("w.grad_fn:   ", w.grad_fn, "(w was created by us, not computed)")


def walk(node, depth=0):
    """Print the backward graph below ``node``, one node per line."""
    label = node.name().split("::")[-1] if node is not None else "None (not tracked)"
    print("    " * depth + label)
    if node is not None:
        for child, _ in node.next_functions:
            walk(child, depth + 1)


walk(loss.grad_fn)

accumulate_w = z.grad_fn.next_functions[0][0].next_functions[0][0]
print("\nthe AccumulateGrad node under w * x:", accumulate_w.name().split("::")[-1], "- its variable is w:",
      accumulate_w.variable is w)

# %% [markdown]
# Read from the top: the loss is a power (`PowBackward0`) of a subtraction whose tracked input is
# `z`; `z` is an addition of `w * x` and `b`; the multiplication has two inputs, `w` (tracked, ending
# in `AccumulateGrad`) and `x` (data, `None`). A backward pass follows exactly these edges.

# %% [markdown]
# ## 5. Leaves and non-leaves
#
# A **leaf** is a tensor that no recorded operation produced: one we created ourselves, like `w` and `b`
# above (and data such as `x`). `z` and `loss` are **non-leaves**: they have a `grad_fn`. `backward` fills
# the `.grad` of leaves that require grad only; the gradients of intermediate results are used on the way
# and then dropped, which saves memory. Reading `.grad` of a non-leaf gives `None` (and a warning).

# %%
for name, t in [("w", w), ("b", b), ("x", x), ("z", z), ("loss", loss)]:
    print(f"{name:5s} is_leaf={t.is_leaf!s:5s} requires_grad={t.requires_grad}")

loss.backward()
print("\nw.grad =", w.grad, "  b.grad =", b.grad, "  (loss = (w x + b - 5)^2, so 2(z - 5) x and 2(z - 5))")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("z.grad =", z.grad)
print("warning:", str(caught[0].message)[:95], "...")

# %% [markdown]
# When we do want an intermediate gradient, `retain_grad()` asks autograd to keep it. It must be called
# before the backward pass, and from then on every backward pass that goes through the tensor adds into
# its `.grad`, a `torch.autograd.grad` call included:

# %%
w = torch.tensor(3.0, requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
z = w * x + b
z.retain_grad()
loss = (z - 5.0) ** 2
loss.backward(retain_graph=True)
print("dloss/dz =", z.grad, " = 2 (z - 5) with z =", z.item())
torch.autograd.grad(loss, w)
print("z.grad after an autograd.grad call that went through z:", z.grad)

# %% [markdown]
# ## 6. Non-leaves made by accident, and tracking switched on too late
#
# A tensor stops being a leaf as soon as it is the result of a recorded operation, however harmless the
# operation looks. A classic: drawing small random weights by scaling a tracked tensor. The scaling is
# recorded, so `w` is a non-leaf, and `backward` leaves its `.grad` empty.

# %%
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True) * 0.01
print("is_leaf:", w.is_leaf, "  grad_fn:", w.grad_fn.name())
(w ** 2).sum().backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    print("w.grad after backward:", w.grad)

torch.manual_seed(0)
w = (torch.randn(3) * 0.01).requires_grad_()     # scale the data first, then switch tracking on
(w ** 2).sum().backward()
print("scaled first, then tracked: is_leaf:", w.is_leaf, "  w.grad:", w.grad)

# %% [markdown]
# Converting a tracked tensor with `.to` is an operation like any other when it changes something: a
# new dtype (or a new device: chapter 6 moves tensors to a GPU) makes a copy, and the copy is a non-leaf.
# When nothing changes, `.to` returns the tensor itself. On a machine without a GPU, the `meta` device
# (which keeps shapes and dtypes but no numbers) shows the device case.

# %%
w = torch.ones(2, requires_grad=True)
print("to(float32), already float32: same tensor?", w.to(torch.float32) is w)
w64 = w.to(torch.float64)
print("to(float64): is_leaf:", w64.is_leaf, " grad_fn:", w64.grad_fn.name())
w_meta = w.to("meta")
print("to('meta'):  is_leaf:", w_meta.is_leaf, " grad_fn:", w_meta.grad_fn.name())

# %% [markdown]
# Tracking must be on **before** the forward pass. The graph is recorded while the operations run; an
# operation on untracked tensors records nothing, and switching `requires_grad` on afterwards does not go
# back and record it. The result of the earlier forward pass has no `grad_fn`, and `backward` refuses:

# %%
w = torch.tensor([1.0, 2.0])
loss = (w * torch.tensor([3.0, 4.0])).sum()       # computed while w was untracked
w.requires_grad_()
print("w tracked now:", w.requires_grad, "  loss.grad_fn:", loss.grad_fn)
try:
    loss.backward()
except RuntimeError as error:
    print("RuntimeError:", error)
loss = (w * torch.tensor([3.0, 4.0])).sum()       # the forward pass again, now recorded
loss.backward()
print("after a new forward pass, w.grad =", w.grad)


# %% [markdown]
# ## 7. A new graph on every forward pass
#
# Autograd records what actually ran, each time it runs. A function may use Python's `if` and `while`
# freely: each call records the operations of the path it took, and a backward pass differentiates that
# path. The function below doubles its input until it is large, then flips the sign if the sum is
# negative: the output is $c\,x$ for a factor $c$ that depends on $x$, so the gradient of the output's sum
# is $c$ itself: a power of two, with a sign, that depends on the input.

# %%
def doubled_until_large(x):
    y = x * 2
    while y.abs().sum() < 100:
        y = y * 2
    if y.sum() < 0:
        y = -y
    return y


def node_count(node):
    """How many backward nodes the graph below ``node`` has (AccumulateGrad included)."""
    return 0 if node is None else 1 + sum(node_count(child) for child, _ in node.next_functions)


for start in ([0.3, 0.2], [-20.0, 5.0]):
    x = torch.tensor(start, requires_grad=True)
    y = doubled_until_large(x)
    (grad,) = torch.autograd.grad(y.sum(), x)
    print(f"x = {start}: y = {y.detach()}, factor y/x = {(y / x).detach()}, gradient = {grad}, "
          f"nodes recorded = {node_count(y.grad_fn)}")

x = torch.tensor([0.3, 0.2], requires_grad=True)
print("two calls, two graphs:", doubled_until_large(x).grad_fn is not doubled_until_large(x).grad_fn)

# %% [markdown]
# ## 8. `detach` and `clone`
#
# `t.detach()` returns a tensor with the same numbers, **sharing the same memory**, that is not tracked
# and not connected to any graph: a leaf. For autograd it is a constant. That changes gradients, not
# only flags: in $y = x \cdot \mathrm{detach}(x)$ the second factor is a constant, so $dy/dx = x$ where
# $x \cdot x$ has $2x$.

# %%
x = torch.tensor(3.0, requires_grad=True)
(full,) = torch.autograd.grad(x * x, x)
(half,) = torch.autograd.grad(x * x.detach(), x)
print("d(x * x)/dx          =", full.item())
print("d(x * x.detach())/dx =", half.item())

d = x.detach()
print("detached: requires_grad =", d.requires_grad, " is_leaf =", d.is_leaf, " grad_fn =", d.grad_fn)

# %% [markdown]
# Used on purpose, this lets a computation use one value going forward and another rule going back. The
# "straight-through" rounding below has the values of `round(x)`, but its recorded operations are
# `x + (constant)`, so its derivative is 1, where `torch.round` itself has derivative 0:

# %%
x = torch.tensor([0.2, 0.7, 1.4], requires_grad=True)
rounded = x + (torch.round(x) - x).detach()
print("values:", rounded.detach())
print("gradient through the straight-through rounding:", torch.autograd.grad(rounded.sum(), x)[0])
print("gradient through torch.round:                  ", torch.autograd.grad(torch.round(x).sum(), x)[0])

# %% [markdown]
# Because the memory is shared, writing into a detached tensor writes into the original:

# %%
original = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
alias = original.detach()
alias[0] = 100.0
print("original after writing into the detached tensor:", original)

# %% [markdown]
# `t.clone()` is the other half: it **copies** the numbers into new memory, and it is a recorded
# operation (`CloneBackward0`). The clone of a tracked tensor is a non-leaf, and gradients flow through it
# back to the original:

# %%
w = torch.tensor([1.0, 2.0], requires_grad=True)
copy = w.clone()
print("clone: requires_grad =", copy.requires_grad, " is_leaf =", copy.is_leaf, " grad_fn =", copy.grad_fn.name())
(copy * 3).sum().backward()
print("w.grad after a backward pass through the clone:", w.grad)

# %% [markdown]
# Together, `detach().clone()` gives new memory that autograd knows nothing about: a leaf that can be
# tracked on its own. A backward pass from there stops at the new leaf and never reaches the original,
# whose `requires_grad` and `.grad` stay as they were. That is how a function computes a gradient for a
# caller without touching the caller's tensors.

# %%
w = torch.tensor([1.0, 2.0], requires_grad=True)
w.grad = torch.tensor([0.5, 0.5])                       # the caller's own gradient, from some earlier step
own = w.detach().clone().requires_grad_()
(own ** 2).sum().backward()
print("own.grad:", own.grad, "  w.grad untouched:", w.grad, "  separate memory:", own.data_ptr() != w.data_ptr())

# %% [markdown]
# ## 9. The chain rule, link by link
#
# A single neuron with a `tanh`, and a squared error against a target $t$:
#
# $$z = w x + b, \qquad a = \tanh(z), \qquad L = (a - t)^2 .$$
#
# The chain rule says $\dfrac{\partial L}{\partial w} = \dfrac{\partial L}{\partial a}\,\dfrac{\partial a}{\partial z}\,
# \dfrac{\partial z}{\partial w} = 2(a - t)\,(1 - a^2)\,x$. `torch.autograd.grad` can differentiate
# *with respect to* a non-leaf such as `a` or `z`, so we can ask for each link on its own. The graph is
# used four times, so all calls but the last pass `retain_graph=True`: by default a backward pass frees the
# values the graph saved for it (chapter 3 comes back to this).

# %%
x, t = torch.tensor(1.5), torch.tensor(0.5)
w = torch.tensor(0.8, requires_grad=True)
b = torch.tensor(-0.2, requires_grad=True)

z = w * x + b
a = torch.tanh(z)
L = (a - t) ** 2

(dL_da,) = torch.autograd.grad(L, a, retain_graph=True)
(da_dz,) = torch.autograd.grad(a, z, retain_graph=True)
(dz_dw,) = torch.autograd.grad(z, w, retain_graph=True)
(dL_dw,) = torch.autograd.grad(L, w)

print(f"dL/da = {dL_da.item():.6f}   2(a - t)  = {2 * (a - t).item():.6f}")
print(f"da/dz = {da_dz.item():.6f}   1 - a^2   = {1 - a.item() ** 2:.6f}")
print(f"dz/dw = {dz_dw.item():.6f}   x         = {x.item():.6f}")
print(f"dL/dw = {dL_dw.item():.6f}   product   = {(dL_da * da_dz * dz_dw).item():.6f}")
print("dL/dw == dL/da * da/dz * dz/dw exactly:", torch.equal(dL_dw, dL_da * da_dz * dz_dw))

# %% [markdown]
# Autograd computes $\partial L/\partial w$ precisely by multiplying these local gradients on its way
# back, so the product of the parts matches it; here it matches to the last bit. In general two different
# orders of the same floating-point multiplications may differ in the last bit: equal up to rounding.

# %% [markdown]
# ## 10. Softmax, one-hot targets and the MSE
#
# A small classifier with 3 classes and 2 features per example. Some texts store **one example per
# column**, and that is how this one is laid out: the inputs $X$ have shape $(2, 4)$ (4 examples), the
# weights $W$ shape $(3, 2)$, the bias $b$ shape $(3, 1)$, and the logits $Z = W X + b$ shape $(3, 4)$, one
# column of 3 scores per example. A softmax down each column (`dim=0`) turns the scores into
# probabilities that sum to 1 per example.
#
# To compare the probabilities with the labels, each label becomes a *one-hot* column: 1 in the label's
# row, 0 elsewhere. `scatter_(dim, index, value)` writes `value` into the positions that `index` names
# along `dim`, in place: along `dim=0`, `out[index[i, j], j] = value` (along `dim=1` it would be
# `out[i, index[i, j]] = value`). The index must have as many dimensions as `out`, so the 4 labels become a
# $(1, 4)$ row: one row index per column.

# %%
labels = torch.tensor([2, 0, 1, 1])
targets = torch.zeros(3, 4).scatter_(0, labels.reshape(1, -1), 1.0)
print("labels:", labels)
print("one-hot targets, one column per example:\n", targets)

# %%
torch.manual_seed(3)
X = torch.rand(2, 4)
W = torch.rand(3, 2, requires_grad=True)
b = torch.zeros(3, 1, requires_grad=True)

Z = W @ X + b
P = F.softmax(Z, dim=0)
loss = F.mse_loss(P, targets)          # the mean over all 3 x 4 elements
print("probabilities (columns sum to 1):\n", P.detach())
print("column sums:", P.sum(dim=0).detach())
print("loss:", loss.item())

grad_W, grad_b, grad_Z = torch.autograd.grad(loss, (W, b, Z))
print("dL/dW:\n", grad_W)
print("dL/db:", grad_b.reshape(-1))

# %% [markdown]
# The softmax does not change when the same number is added to all the logits of a column, so the loss's
# derivatives with respect to one column's logits add up to zero. `dL/db` is the sum of those columns over
# the examples, so its entries add up to zero too (both up to rounding):

# %%
print("column sums of dL/dZ:", grad_Z.sum(dim=0))
print("sum of dL/db:        ", grad_b.sum().item())


# %% [markdown]
# ## 11. `backward` from an output with several elements
#
# `backward()` with no argument starts from a scalar: it seeds the walk back with
# $\partial \text{out}/\partial \text{out} = 1$. For an output with several elements there is no single
# "1" to start from (the derivative of a vector with respect to a vector is a whole Jacobian matrix $J$),
# and autograd refuses. Take the running sums of squares, $\text{out}_i = \sum_{j \le i} x_j^2$:

# %%
def running_sum_of_squares(xs):
    return torch.cumsum(xs ** 2, dim=0)


xs = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
out = running_sum_of_squares(xs)
try:
    out.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

J = torch.autograd.functional.jacobian(running_sum_of_squares, xs.detach())
print("Jacobian, J[i, j] = d out_i / d x_j:\n", J)

# %% [markdown]
# The `gradient` argument supplies a vector $v$, one entry per output element, and `backward` computes
# the vector-Jacobian product $v^\top J$: the gradient of $\sum_i v_i\,\text{out}_i$, at the cost of one
# backward pass and without ever building $J$. (`torch.autograd.grad` takes the same vector as
# `grad_outputs`.) Each choice of $v$ weighs the outputs differently:

# %%
for v in (torch.tensor([1.0, 1.0, 1.0]), torch.tensor([0.0, 1.0, 0.0]), torch.tensor([0.0, 0.0, 2.0])):
    xs.grad = None                                   # backward adds into .grad: start from empty
    running_sum_of_squares(xs).backward(gradient=v)
    print(f"v = {v}:  xs.grad = {xs.grad},  v @ J = {v @ J}")

# %% [markdown]
# ## 12. The thermometer, with autograd
#
# *Deep Learning with PyTorch* (§5.5) fits Celsius readings `t_c` from readings `t_u` of a thermometer
# with unknown units, with the model $t_p = w\,t_u + b$ and the MSE loss. At $w = 1$, $b = 0$ on the raw
# `t_u`, the book prints the gradient `tensor([4517.2969, 82.6000])`. The parameters sit in one tensor
# `params = [w, b]`.

# %%
t_c_np, t_u_np = data.thermometer()
t_c, t_u = torch.from_numpy(t_c_np), torch.from_numpy(t_u_np)


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    return ((t_p - t_c) ** 2).mean()


params = torch.tensor([1.0, 0.0], requires_grad=True)
print("params.grad before:", params.grad)
loss = loss_fn(model(t_u, *params), t_c)
loss.backward()
print("loss:", loss.item())
print("params.grad:", params.grad)

# %% [markdown]
# The published numbers, to four decimals. Chapter 1's hand-derived formulas,
# $\partial L/\partial w = \frac{2}{n}\sum_i (w t_{u,i} + b - t_{c,i})\, t_{u,i}$ and
# $\partial L/\partial b = \frac{2}{n}\sum_i (w t_{u,i} + b - t_{c,i})$, agree. Computed in float64
# they give 4517.2966 rather than 4517.2969: the tensors above are float32, whose rounding error is
# about one part in $10^7$ of each term, and that shows in the fourth decimal of a number this large.

# %%
residual = 1.0 * t_u_np.astype(np.float64) + 0.0 - t_c_np
by_hand = np.array([2 * np.mean(residual * t_u_np), 2 * np.mean(residual)])
print("by hand (float64):", by_hand.round(4))
print("relative difference from autograd:", np.abs(by_hand / params.grad.double().numpy() - 1).max())

# %% [markdown]
# The gradient is a slope. Holding $b = 0$ and letting $w$ vary, the loss is a parabola in $w$, and
# $\partial L/\partial w$ is its slope at each $w$. Below, each $w$ of a grid gets its own `params`, its own
# forward pass and its own backward pass; the loss and autograd's derivative share one plot, and at $w = 1$
# the derivative is the published 4517.3.

# %%
w_grid = [round(-0.6 + 0.05 * i, 2) for i in range(37)]   # from -0.6 to 1.2, with 1.0 exactly on it
losses, slopes = [], []
for value in w_grid:
    params = torch.tensor([value, 0.0], requires_grad=True)
    loss = loss_fn(model(t_u, *params), t_c)
    loss.backward()
    losses.append(loss.item())
    slopes.append(params.grad[0].item())

fig, ax_loss = plt.subplots(figsize=(7, 4))
ax_loss.plot(w_grid, losses, color="tab:blue")
ax_loss.set_xlabel("w  (b = 0)")
ax_loss.set_ylabel("loss L(w)", color="tab:blue")
ax_slope = ax_loss.twinx()
ax_slope.plot(w_grid, slopes, color="tab:orange")
ax_slope.axhline(0, color="grey", linewidth=0.5)
ax_slope.set_ylabel("dL/dw from autograd", color="tab:orange")
at_one = w_grid.index(1.0)
ax_slope.scatter([1.0], [slopes[at_one]], color="black", zorder=3)
ax_slope.annotate(f"dL/dw = {slopes[at_one]:.1f} at w = 1", (1.0, slopes[at_one]), textcoords="offset points",
                  xytext=(-150, 0))
ax_loss.set_title("The thermometer loss and its derivative")
plt.show()
print("grid point with the smallest |dL/dw| (the derivative changes sign next to it):",
      w_grid[int(np.argmin(np.abs(slopes)))])

# %% [markdown]
# The loss bottoms out where the derivative crosses zero. At $w = 1$ the gradient with respect to $w$ is
# about 55 times the one with respect to $b$, because `t_u` is around 50: a learning rate small enough for
# $w$ barely moves $b$. Chapter 4 takes this up.

# %% [markdown]
# ## 13. Drawing the graph with torchviz
#
# `torchviz.make_dot(result, params=...)` draws the backward graph of a result, from the tensors we
# track (at the top) to the result (at the bottom): the regression example of chapter 1,
# $\hat y = a + b\,x$, with parameters `a` and `b` and the 80 training inputs `x`. Blue boxes are the
# tracked leaves (named through `params`, with their shapes), grey boxes the backward nodes, and the
# green box the result, shown with its shape, that `backward` would start from.

# %%
x_train, y_train, _, _ = data.linear_regression()
x_t = torch.from_numpy(x_train).float()
y_t = torch.from_numpy(y_train).float()

torch.manual_seed(42)
a = torch.randn(1, requires_grad=True)
b = torch.randn(1, requires_grad=True)

yhat = a + b * x_t
show(make_dot(yhat, params={"a": a, "b": b}))

# %% [markdown]
# The multiplication `b * x` has a single arrow in, from `b`: the data `x` does not require grad, so
# no gradient is computed for it and it does not appear in the graph. Carrying on to the error and
# the loss only stacks more operations on top:

# %%
error = y_t - yhat
loss = (error ** 2).mean()
show(make_dot(loss, params={"a": a, "b": b}))

# %% [markdown]
# A parameter that does not require grad drops out of the picture in the same way: with an `a` that
# is not tracked, its blue box and its `AccumulateGrad` node are gone, and only `b`'s branch remains.

# %%
a_untracked = torch.randn(1)
yhat_b_only = a_untracked + b * x_t
show(make_dot(yhat_b_only, params={"a": a_untracked, "b": b}))

# %% [markdown]
# ## Summary
#
# * `requires_grad=True` (or `requires_grad_()`, before the forward pass) makes autograd record every
#   operation on a floating-point tensor and on everything computed from it; `.grad` stays `None` until a
#   backward pass fills it.
# * Each result's `grad_fn` is a node of the backward graph (`AddBackward0`, `MulBackward0`, …);
#   `next_functions` links it to its inputs' nodes, down to `AccumulateGrad` at the leaves. The graph is
#   recorded anew on every forward pass, along whatever path Python took.
# * `backward` adds into the `.grad` of leaves that require grad, and of non-leaves that called
#   `retain_grad()`; `torch.autograd.grad` returns a tuple of gradients and leaves the leaves' `.grad` alone.
#   Any recorded operation makes a non-leaf: `* 0.01` on a tracked tensor, a `.to` that changes the dtype
#   or the device, `clone()`.
# * `detach()` shares memory and cuts the graph (a constant for autograd); `clone()` copies and stays in
#   the graph; `detach().clone()` gives a new, independent leaf.
# * Autograd reproduces the hand-derived numbers: 16 for the polynomial, the chain rule's product, and the
#   thermometer's `[4517.2969, 82.6000]`.
# * `backward` starts from a scalar; for an output with several elements, `gradient=v` gives $v^\top J$.
#
# Chapter 3 looks at what happens when `backward` runs more than once: gradients add up, and we
# learn when that is useful and how to switch tracking off.
#
# ## Exercises (ungraded)
#
# 1. Use `walk` from section 4 on the thermometer loss of section 12. Through which node does `params`
#    enter the graph, and why is it an `UnbindBackward0` (hint: what does `*params` do)?
# 2. In section 11, predict `xs.grad` for $v = (1, -1, 0)$ before running it, from the Jacobian alone.
# 3. In section 10, check `dL/db` by hand: compute $\partial L/\partial P = 2(P - T)/12$ and push it
#    through the softmax of each column with NumPy.
# 4. Draw `make_dot` of the thermometer loss with `show_attrs=True, show_saved=True`. Which tensors
#    does the multiplication save for its backward pass, and why does that cost memory?
# 5. Find an input for which `doubled_until_large` of section 7 records more nodes than for `[0.3, 0.2]`,
#    and predict its gradient before running it.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 1: Gradients by hand (NumPy)](ch01_gradients_by_hand.ipynb) · [Contents](contents.ipynb) · next: [Chapter 3: Accumulation and switching tracking off](ch03_accumulation_and_no_grad.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch02/ch02_autograd_basics.ipynb)
