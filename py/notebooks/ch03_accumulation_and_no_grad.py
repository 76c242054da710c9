# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 3: Accumulation and switching tracking off · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch03_accumulation_and_no_grad.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch03_accumulation_and_no_grad.ipynb)

# %% [markdown]
# # Chapter 3: gradients that add up, and switching tracking off
#
# Chapter 2 showed what `backward` computes. This chapter is about what it *does* to the tensors around
# it, and how to stop autograd from doing things you did not ask for:
#
# 1. `backward` **accumulates** into the `.grad` of leaf tensors; it never overwrites. Inside one
#    backward pass the engine also adds up the paths through a reused tensor: two mechanisms, one sum.
# 2. So training loops clear gradients, with `zero_()` or by setting them to `None`, and the two are
#    not the same for every optimizer.
# 3. `backward` frees the values a graph saved; a second pass fails only where it needs them.
# 4. Computing *without* recording: `torch.no_grad()` (also as a decorator), `torch.set_grad_enabled`,
#    `torch.inference_mode()`, `detach()`, and `requires_grad_(False)` to freeze part of a model.
# 5. The two errors everyone meets when changing parameters by hand, what does work, and the version
#    counter that guards saved values.
# 6. Two quieter traps: `model.eval()` is not `no_grad`, and a running total of losses keeps every
#    graph alive.
# 7. Accumulation on purpose: micro-batches whose gradients add up to the full-batch gradient.
#
# Every claim is followed by a cell that shows it. Errors that are the point of a cell are caught and
# printed, so the notebook runs top to bottom.

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
import torch.nn as nn

from autograd_course import data
from autograd_course.display import show_error

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)

# %% [markdown]
# ## 1. `backward` accumulates into `.grad`
#
# The thermometer of chapter 2: readings `t_u` in an unknown unit, the same moments `t_c` in Celsius,
# a linear model `w * t_u + b` and its mean squared error. At $w = 1, b = 0$ the gradient is the
# book's $(4517.2969, 82.6000)$.

# %%
t_c, t_u = (torch.from_numpy(a) for a in data.thermometer())


def thermo_loss(params, t_u=t_u, t_c=t_c):
    w, b = params[0], params[1]
    return ((w * t_u + b - t_c) ** 2).mean()


params = torch.tensor([1.0, 0.0], requires_grad=True)
thermo_loss(params).backward()
print("after one backward:  ", params.grad)

# %% [markdown]
# Run the same forward and backward again, without touching `params.grad`. The new gradient is not
# written over the old one: it is added to it.

# %%
thermo_loss(params).backward()
print("after two backwards: ", params.grad)
thermo_loss(params).backward()
print("after three:         ", params.grad)
print("three times the first?", torch.allclose(params.grad, 3 * torch.tensor([4517.2969, 82.6000])))

# %% [markdown]
# Only **leaves** accumulate: tensors you created with `requires_grad=True`, such as `params`. An
# intermediate result such as `w * t_u` has a `grad_fn`, and `backward` passes gradients *through* it
# without keeping them (unless you ask with `retain_grad()`, chapter 2). PyTorch warns when you read
# such a `.grad`:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
prediction = params[0] * t_u + params[1]
((prediction - t_c) ** 2).mean().backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("prediction.is_leaf:", prediction.is_leaf, "  prediction.grad:", prediction.grad)
print("PyTorch's warning:", str(caught[0].message).split(". ")[0] + ".")
print("params.grad:", params.grad)

# %% [markdown]
# **Why add?** Two different mechanisms produce sums, and it helps to keep them apart.
#
# *Inside one backward pass*, when a tensor feeds a computation along several paths, the chain rule
# says its derivative is the sum of the derivatives along the paths. The autograd engine adds these up
# itself, before anything is written to `.grad`. In $f(w) = w \cdot w + 3w$ the tensor `w` is used three
# times, and $f'(2) = 2 + 2 + 3 = 7$. A hook that runs each time `w.grad` is accumulated shows that it is
# written **once**, with the complete 7; and `torch.autograd.grad`, which never touches `.grad`, returns
# the same 7.

# %%
w = torch.tensor(2.0, requires_grad=True)
w.register_post_accumulate_grad_hook(lambda leaf: print("accumulated into w.grad:", leaf.grad.item()))
(w * w + 3 * w).backward()

v = torch.tensor(2.0, requires_grad=True)
dv, = torch.autograd.grad(v * v + 3 * v, v)
print("autograd.grad returns:", dv.item(), "  v.grad is still:", v.grad)

# %% [markdown]
# *Across separate `backward` calls*, `.grad` keeps what it held and adds the new gradient. This is a
# choice PyTorch made so that gradients can be accumulated on purpose: two losses back-propagated one
# after the other give the gradient of their sum, so a loss too big to compute at once can be split into
# pieces (section 7).

# %%
a = torch.tensor([1.0, -2.0], requires_grad=True)
(a ** 2).sum().backward()
(3 * a).sum().backward()
separately = a.grad.clone()

a.grad = None
((a ** 2).sum() + (3 * a).sum()).backward()
print("two backward calls:", separately, "  one backward of the sum:", a.grad)

# %% [markdown]
# ## 2. Clearing gradients: `zero_()` or `None`
#
# In a training loop each step wants the gradient at the *current* parameters, not the sum over every
# step so far, so the gradient is cleared before each `backward`. Forgetting it is not an error, just
# wrong: every step then uses the sum of all the gradients so far. Here is chapter 1's regression line
# $\hat y = a + b x$ (seed-42 data) trained twice with `torch.optim.SGD`, with and without clearing:

# %%
x_train, y_train, x_val, y_val = (torch.from_numpy(v).float() for v in data.linear_regression())


def regression_loss(a, b, x=x_train, y=y_train):
    return ((a + b * x - y) ** 2).mean()


def loss_curve(clear, epochs=100, lr=0.1):
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([a, b], lr=lr)
    losses = []
    for _ in range(epochs):
        if clear:
            optimizer.zero_grad()
        loss = regression_loss(a, b)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


cleared, not_cleared = loss_curve(clear=True), loss_curve(clear=False)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(cleared, label="zero_grad() every step")
ax.semilogy(not_cleared, label="never cleared")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (MSE)")
ax.legend()
plt.show()
print(f"loss after 100 epochs: {cleared[-1]:.4f} with clearing, {not_cleared[-1]:.4f} without")

# %% [markdown]
# Without clearing, the summed gradients keep pushing in the direction of old gradients long after the
# parameters have passed the minimum, and the loss swings up and down instead of settling.
#
# There are two ways to clear:
#
# * `p.grad.zero_()` fills the existing tensor with zeros, in place (the trailing underscore marks
#   in-place methods); the next `backward` adds into it.
# * `p.grad = None` drops the tensor; the next `backward` creates a fresh one. This frees the memory in
#   between and skips one pass over it, which is why `optimizer.zero_grad()` does this by default.
#
# For the next `backward` they are the same:

# %%
p_zero = torch.tensor([1.0, 0.0], requires_grad=True)
p_none = torch.tensor([1.0, 0.0], requires_grad=True)
for p in (p_zero, p_none):
    thermo_loss(p).backward()

p_zero.grad.zero_()
p_none.grad = None
print("after zero_():", p_zero.grad, "   after = None:", p_none.grad)

for p in (p_zero, p_none):
    thermo_loss(p).backward()
print("next gradient:", p_zero.grad, p_none.grad)

# %% [markdown]
# For an optimizer they are not. An optimizer **skips** a parameter whose `.grad` is `None`, but a
# gradient of zeros is a gradient: SGD with momentum still moves that parameter, by the momentum it has
# built up. Two parameters, one step with a gradient of ones, then one step after clearing each in its
# own way:

# %%
p_zero = torch.tensor([1.0, -1.0], requires_grad=True)
p_none = torch.tensor([1.0, -1.0], requires_grad=True)
optimizer = torch.optim.SGD([p_zero, p_none], lr=0.1, momentum=0.9)
(p_zero.sum() + p_none.sum()).backward()
optimizer.step()
print("after the first step: ", p_zero.detach(), p_none.detach())

p_zero.grad.zero_()
p_none.grad = None
optimizer.step()
print("after a step with zeros / None:", p_zero.detach(), p_none.detach())

# %% [markdown]
# The one thing that does not work is calling `p.grad.zero_()` on a tensor that has no gradient yet:
# before its first `backward`, `p.grad` is `None`. Check first, as the book's loop does.

# %%
fresh = torch.tensor([1.0, 0.0], requires_grad=True)
show_error(lambda: fresh.grad.zero_())
if fresh.grad is not None:
    fresh.grad.zero_()

# %% [markdown]
# ## 3. Traversing a graph twice
#
# While recording, each operation saves the values its backward will need: the square saves its input,
# `exp` saves its result. `backward` frees those saved values as soon as it has used them, because a
# training step never needs them again. A second `backward` through the same graph then fails **if it
# needs one of them**. The thermometer loss squares the residuals, so it does:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
loss = thermo_loss(params)
loss.backward()
show_error(lambda: loss.backward())

# %% [markdown]
# A graph whose backward needs no saved value can be traversed again without any error. The derivative
# of `a + 1` is 1 whatever `a` is, and `sum` saves nothing either, so a second `backward` runs, and
# silently adds the gradient a second time:

# %%
a = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
total = (a + 1).sum()
total.backward()
print("after one backward:", a.grad)
total.backward()
print("after a second backward of the same graph:", a.grad, "(no error, twice the gradient)")

# %% [markdown]
# `retain_graph=True` keeps the saved values, so any graph can be traversed again. The second pass
# accumulates like any other:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
loss = thermo_loss(params)
loss.backward(retain_graph=True)
print("first pass: ", params.grad)
loss.backward()
print("second pass:", params.grad, "(twice the first)")

# %% [markdown]
# You rarely need it. Two losses computed from one forward pass are the usual reason people reach for
# it, and there the simplest answer is to add the losses and call `backward` once: one pass, the same
# gradient, nothing kept. `retain_graph=True` is for the rarer case where the two backward passes really
# must be separate (for instance, something happens between them).

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
prediction = params[0] * (0.1 * t_u) + params[1]  # one forward pass, shared by two losses
fit = ((prediction - t_c) ** 2).mean()
smallness = (prediction ** 2).mean()
(fit + 0.5 * smallness).backward()
print("one backward of the sum:         ", params.grad)

params.grad = None
prediction = params[0] * (0.1 * t_u) + params[1]
fit, smallness = ((prediction - t_c) ** 2).mean(), (prediction ** 2).mean()
fit.backward(retain_graph=True)  # the second backward goes through `prediction` again
(0.5 * smallness).backward()
print("two backward calls, retain_graph:", params.grad)

# %% [markdown]
# ## 4. Computing without recording
#
# Autograd records every operation on a tensor that requires grad. That costs memory (saved values) and
# time, and some computations must not be part of any graph at all: evaluating a model, logging a
# number, changing the parameters themselves. Several tools switch recording off, at different scales.
#
# ### `torch.no_grad()`: a block in which nothing is recorded
#
# Inside the block, results do not require grad and have no `grad_fn`, even when their inputs do.

# %%
w = torch.randn(5, 3, requires_grad=True)
x = torch.ones(2, 5)
z = x @ w
print("recorded:     requires_grad =", z.requires_grad, " grad_fn =", z.grad_fn.name())
with torch.no_grad():
    z = x @ w
print("in no_grad(): requires_grad =", z.requires_grad, " grad_fn =", z.grad_fn)


# %% [markdown]
# `torch.no_grad()` also works as a **decorator**: the whole function then runs without recording,
# whoever calls it. That suits functions that only measure:

# %%
@torch.no_grad()
def mean_abs_output(layer_weight, inputs):
    """The mean absolute output of ``inputs @ layer_weight``, never part of a graph."""
    return (inputs @ layer_weight).abs().mean()


score = mean_abs_output(w, x)
print("score:", round(score.item(), 4), " requires_grad:", score.requires_grad)


# %% [markdown]
# `torch.set_grad_enabled(flag)` is the same switch with the choice made at run time: `True` records,
# `False` does not. It lets one function serve both training and evaluation:

# %%
def regression_loss_maybe_recorded(a, b, x, y, training):
    with torch.set_grad_enabled(training):
        return regression_loss(a, b, x, y)


a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
print("training=True :", regression_loss_maybe_recorded(a, b, x_train, y_train, True).requires_grad)
print("training=False:", regression_loss_maybe_recorded(a, b, x_val, y_val, False).requires_grad)

# %% [markdown]
# ### `torch.inference_mode()`: `no_grad` with less bookkeeping
#
# It also skips the bookkeeping that `no_grad` keeps (version counters, section 5), so it is the faster
# choice for pure inference. The tensors made inside it are *inference tensors*, and outside the mode
# two things are refused: **saving** one for backward, and **changing** one in place.

# %%
with torch.inference_mode():
    z_inf = x @ w
print("requires_grad:", z_inf.requires_grad, "  is_inference:", z_inf.is_inference())

bias = torch.zeros(3, requires_grad=True)
show_error(lambda: (z_inf * bias).sum().backward())  # the product saves z_inf for bias's gradient
show_error(lambda: z_inf.add_(1.0))

# %% [markdown]
# An inference tensor can still be an **input** to a recorded computation, as long as nothing needs to
# save it: an addition's backward does not need its inputs' values, so this one records and
# back-propagates normally.

# %%
(z_inf + bias).sum().backward()
print("bias.grad:", bias.grad)

# %% [markdown]
# ### `detach()`: one tensor, cut out of the graph
#
# `t.detach()` returns a tensor with the same values **and the same memory** as `t`, but without a
# history. It is the tool for taking one value out of a recorded computation (to plot it, log it, or use
# it as a fixed target).

# %%
y = x @ w
y_det = y.detach()
print("y.requires_grad:", y.requires_grad, "  y_det.requires_grad:", y_det.requires_grad)
print("same memory:", y_det.data_ptr() == y.data_ptr())

# %% [markdown]
# What it does to a gradient: whatever was computed from the detached copy is a constant for autograd.
# With $s = x^2$ and $f = s \cdot x$, the derivative is $3x^2 = 27$ at $x = 3$; with $s$ detached, only the
# path through the second factor is left, and the gradient is $s = 9$.

# %%
x3 = torch.tensor(3.0, requires_grad=True)
s = x3 ** 2
(s * x3).backward()
print("f = s * x:         ", x3.grad.item())
x3.grad = None
(s.detach() * x3).backward()
print("f = s.detach() * x:", x3.grad.item())

# %% [markdown]
# ### `.numpy()` needs a detached tensor
#
# NumPy knows nothing about graphs, so PyTorch refuses to hand over a tensor that requires grad: the
# array would silently drop out of autograd. Detach first (the array then shares memory with the tensor).

# %%
show_error(lambda: y.numpy())
array = y.detach().numpy()
print(type(array).__name__, array.shape, array.dtype)

# %% [markdown]
# ### `requires_grad_(False)`: freezing part of a model
#
# Switching `requires_grad` off on parameters makes them constants for autograd: `backward` gives them
# no gradient (their `.grad` stays `None`), and an optimizer skips them. This is how fine-tuning trains some layers of
# a model while keeping the others as they are. A module's `requires_grad_(False)` does it for every
# parameter the module holds:

# %%
torch.manual_seed(1)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
model[2].requires_grad_(False)
print({name: p.requires_grad for name, p in model.named_parameters()})

first_before, last_before = model[0].weight.clone(), model[2].weight.clone()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
inputs, targets = torch.randn(16, 3), torch.randn(16, 1)
((model(inputs) - targets) ** 2).mean().backward()
print("2.weight.grad:", model[2].weight.grad, "  0.weight has a gradient:", model[0].weight.grad is not None)
optimizer.step()
print("first layer moved:", not torch.equal(model[0].weight, first_before),
      "  last layer moved:", not torch.equal(model[2].weight, last_before))

# %% [markdown]
# Note the underscore. `module.requires_grad = False`, without it, is accepted silently: it only sets a
# new Python attribute on the module object, and no parameter changes. Nor can freezing go through
# `state_dict()`: its entries are detached tensors, other tensor objects than the parameters (they share
# their memory), whose flag is already off. There is nothing there to switch off; the flag that counts
# is the parameter's own.

# %%
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
model[0].requires_grad = False                       # a plain attribute, not the method
entry = model.state_dict()["2.weight"]
print("the state_dict entry requires grad:", entry.requires_grad, " same tensor as 2.weight:", entry is model[2].weight)
print("after the attribute:", {name: p.requires_grad for name, p in model.named_parameters()})

# %% [markdown]
# Only floating-point (and complex) tensors can require grad at all: a gradient needs values that can
# change by small amounts, and integers cannot.

# %%
show_error(lambda: torch.tensor([1, 2, 3]).requires_grad_())

# %% [markdown]
# ## 5. Changing parameters by hand
#
# Back to the regression line $\hat y = a + b x$ of section 2, now updated by hand. The first update
# everyone writes looks like the formula.

# %%
lr = 0.1
torch.manual_seed(42)
a = torch.randn(1, requires_grad=True)
b = torch.randn(1, requires_grad=True)
regression_loss(a, b).backward()
print("a is a leaf:", a.is_leaf, "  a.grad:", a.grad)

# %% [markdown]
# ### Trap 1: `a = a - lr * a.grad`
#
# The right-hand side is a new tensor computed *from* the leaf `a`, and autograd records that
# subtraction: the name `a` now points to a non-leaf with a `grad_fn`. Non-leaves do not keep a `.grad`,
# so the next line that clears the gradient fails.

# %%
a_new = a - lr * a.grad
print("is_leaf:", a_new.is_leaf, "  grad_fn:", a_new.grad_fn.name())
with warnings.catch_warnings(record=True):
    warnings.simplefilter("ignore")
    print("a_new.grad:", a_new.grad)
    show_error(lambda: a_new.grad.zero_())

# %% [markdown]
# Even without that line the loop would be broken: the next `backward` would flow through `a_new`'s
# history into the *old* leaf, and the tensor you hold would never get a gradient.
#
# ### Trap 2: changing a leaf in place while recording
#
# Changing `a` in place keeps the same tensor, but autograd refuses to record an in-place change of a
# leaf that requires grad: the leaf is where a gradient must end up, so its value cannot be the result of
# a recorded operation. Any in-place method hits the same wall, here one that halves `a`:

# %%
show_error(lambda: a.mul_(0.5))


# %% [markdown]
# ### What works: in place, where nothing is recorded
#
# Inside `no_grad` nothing is recorded, so the in-place change is allowed and `a` stays the same leaf.
# The decorator form makes a small in-place function; here, one that keeps tensors inside a box, a step
# some methods take after each update:

# %%
@torch.no_grad()
def clamp_into_box_(tensors, limit):
    for t in tensors:
        t.clamp_(-limit, limit)


wide = torch.tensor([3.0, -0.5, -7.0], requires_grad=True)
version_before = wide._version
clamp_into_box_([wide], 2.0)
print(wide.detach(), " still a leaf:", wide.is_leaf, " requires grad:", wide.requires_grad,
      " version counter:", version_before, "->", wide._version)

# %% [markdown]
# ### The version counter
#
# Every in-place change bumps the tensor's version counter. When a recorded operation *saves* a tensor
# for its backward, it notes the version; if that tensor has changed by the time `backward` needs it,
# `backward` refuses rather than silently computing with the new values. Only a graph that **saved** the
# changed tensor fails. `exp` saves its result (its derivative is itself), so changing that result in
# place breaks the graph:

# %%
u = torch.tensor([0.0, 1.0], requires_grad=True)
e = u.exp()
total = e.sum()
e.mul_(2.0)  # e is not a leaf, so this is recorded (and allowed); exp's saved result has changed
show_error(lambda: total.backward())

# %% [markdown]
# A graph that did not save the changed tensor does not care. `3 * u` saves only the constant 3, so
# changing the product in place leaves that graph's backward intact. The same holds for the parameters:
# a stale graph `(wide * wide).sum()` saved `wide` and fails after the in-place update, `(3 * wide).sum()`
# did not and runs.

# %%
u = torch.tensor([0.0, 1.0], requires_grad=True)
tripled = 3 * u
total = tripled.sum()
tripled.add_(1.0)
total.backward()
print("u.grad:", u.grad)

wide = torch.tensor([3.0, -0.5, -7.0], requires_grad=True)
saves_wide, does_not = (wide * wide).sum(), (3 * wide).sum()
clamp_into_box_([wide], 2.0)
show_error(lambda: saves_wide.backward())
does_not.backward()
print("wide.grad:", wide.grad)

# %% [markdown]
# The old idiom of changing `t.data` in place changes the memory *without* bumping the version counter.
# Then nothing notices, and `backward` computes with the new value as if it were the old one: here
# $d(w^2)/dw$ at the recorded $w = 3$ should be 6, and it comes out as $2 \cdot 2 = 4$.

# %%
wide = torch.tensor([3.0], requires_grad=True)
stale = (wide * wide).sum()
wide.data.clamp_(-2.0, 2.0)
stale.backward()
print("gradient of the stale graph:", wide.grad, " (recorded at 3, so 6 was right)")

# %% [markdown]
# In a training loop the update itself is usually left to `torch.optim`, which changes the parameters
# in place without recording them. With it, the loop reaches the least-squares line $a \approx 1.0235$,
# $b \approx 1.9690$.

# %%
optimizer = torch.optim.SGD([a, b], lr=lr)
for epoch in range(1000):
    optimizer.zero_grad()
    loss = regression_loss(a, b)
    loss.backward()
    optimizer.step()
print(f"a = {a.item():.4f}, b = {b.item():.4f}, loss = {loss.item():.6f}")

# %% [markdown]
# ## 6. Two quieter traps
#
# ### `model.eval()` is not `torch.no_grad()`
#
# `eval()` and `train()` switch the *behaviour* of layers such as dropout and batch normalisation.
# They do not touch autograd: a model in eval mode still records a graph. `no_grad` switches recording
# off and leaves the behaviour alone. Evaluation usually wants both.

# %%
torch.manual_seed(2)
net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(p=0.5), nn.Linear(8, 1))
batch = torch.randn(3, 4)

net.eval()
out = net(batch)
print("eval():           requires_grad =", out.requires_grad, " grad_fn =", type(out.grad_fn).__name__)
print("same output twice (dropout off):", torch.equal(net(batch), net(batch)))

net.train()
with torch.no_grad():
    out = net(batch)
    print("train() + no_grad: requires_grad =", out.requires_grad,
          " same output twice:", torch.equal(net(batch), net(batch)))


# %% [markdown]
# ### A running total of losses keeps every graph alive
#
# `total = total + loss` makes `total` a tensor whose history contains every loss added so far, and with
# them every graph they came from: the memory grows with each step, and none of it can be freed. Count
# the graph nodes reachable from the total:

# %%
def graph_size(tensor):
    """Number of autograd nodes reachable from ``tensor.grad_fn``."""
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(next_node for next_node, _ in node.next_functions)
    return len(seen)


params = torch.tensor([1.0, 0.0], requires_grad=True)
for steps in (1, 10, 100):
    total = 0.0
    for _ in range(steps):
        total = total + thermo_loss(params)
    print(f"{steps:>3} losses summed as tensors: {graph_size(total):>4} graph nodes kept alive")

total = 0.0
for _ in range(100):
    total += thermo_loss(params).item()
print("100 losses summed with .item():", type(total).__name__, "- no graph at all")

# %% [markdown]
# For logging, take the number out with `.item()` (or `detach()`); keep the tensor only for the loss you
# are about to call `backward` on.
#
# ## 7. Accumulation on purpose: micro-batches
#
# Accumulation is what lets a batch that does not fit in memory be processed in pieces: split the
# examples into consecutive micro-batches, run forward and `backward` on one micro-batch at a time, and
# let `.grad` add the gradients up. Only one micro-batch's graph is alive at any moment.
#
# What the pieces add up to is the gradient of the *sum* of what was back-propagated. Take a loss that is
# already a sum over examples, the **total** squared error of a `nn.Linear(1, 1)` on the 80 regression
# examples: the micro-batches' totals add up to the batch's total, so their gradients add up to its
# gradient. `torch.tensor_split` into 3 micro-batches gives 27, 27 and 26 examples. In float64 the two
# routes agree to the last few bits.

# %%
x64, y64 = x_train.double(), y_train.double()
torch.manual_seed(3)
line = nn.Linear(1, 1).double()


def total_squared_error(inputs, targets):
    return ((line(inputs) - targets) ** 2).sum()


full = torch.autograd.grad(total_squared_error(x64, y64), list(line.parameters()))

line.zero_grad()
micro_batches = list(zip(torch.tensor_split(x64, 3), torch.tensor_split(y64, 3)))
print("micro-batch sizes:", [len(xb) for xb, _ in micro_batches])
for xb, yb in micro_batches:
    total_squared_error(xb, yb).backward()
for (name, p), g in zip(line.named_parameters(), full):
    print(f"{name}: full batch {g.flatten().tolist()}, three micro-batches {p.grad.flatten().tolist()}")


# %% [markdown]
# In a training loop this is *gradient accumulation*: clear once, `backward` on every micro-batch, then
# one optimizer step. It follows the same path as full-batch training, step for step, up to rounding
# (here to the last bit). With a total rather than a mean, the gradient is 80 times larger, hence the
# smaller learning rate.

# %%
def train_line(n_micro, steps=50, lr=0.1 / 80):
    torch.manual_seed(3)
    model = nn.Linear(1, 1).double()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        for xb, yb in zip(x64.tensor_split(n_micro), y64.tensor_split(n_micro)):
            ((model(xb) - yb) ** 2).sum().backward()
        optimizer.step()
    return torch.cat([p.detach().flatten() for p in model.parameters()])


one_batch, seven_micro = train_line(1), train_line(7)
print("full batch:        ", one_batch)
print("7 micro-batches:   ", seven_micro)
print("largest difference:", (one_batch - seven_micro).abs().max().item())

# %% [markdown]
# Most losses are *means*, not totals, and a mean over the whole batch is not the sum of the
# micro-batches' means. What each micro-batch should then back-propagate is the assignment's first
# exercise.
#
# ## Exercises (ungraded)
#
# 1. Run the thermometer's `backward` three times with `retain_graph=True` on one forward pass, then
#    once more without it. What does `params.grad` hold, and what happens on a fifth call?
# 2. In section 5, keep a stale graph `stale = (a * a).sum()`, then change `a` once under `no_grad` and
#    once through `a.data`. After which change does `stale.backward()` raise a `RuntimeError`, and what
#    gradient does the other one give?
# 3. Freeze `b` (the slope) of the regression line and train only `a` (the intercept), starting from
#    the same point. Where does `a` end up, and why is it not 1.0235?
# 4. Time 1000 forward passes of a `nn.Linear(512, 512)` on a batch of 256, plain, under `no_grad()` and
#    under `inference_mode()`. Which differences can you measure on your machine?
# 5. Gradient accumulation with a model that has batch normalisation: is the accumulated gradient still
#    equal to the full-batch one? Try it, and explain what the layer computes per batch.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`)](ch02_autograd_basics.ipynb) · [Contents](contents.ipynb) · next: [Chapter 4: A training loop by hand](ch04_training_loop.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch03/ch03_accumulation_and_no_grad.ipynb)
