# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 6: Modules and devices · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch06/ch06_modules_and_devices.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch06/ch06_modules_and_devices.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 6 assignment: modules and devices
#
# The walk-through (`notebooks/ch06_modules_and_devices.ipynb`) wrote a thermometer model as an
# `nn.Module`, trained it with a small `Trainer` class and moved tensors between devices. Here you
# apply the same ideas to the linear regression $y \approx a + b\,x$ of chapter 1: a module for it, a
# training step you can reuse, an evaluation that leaves no trace, and a parameter created on a device.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. The visible tests there tell you when something is off and what it looks like; when you
# submit, hidden tests also try your code on fresh inputs. Before submitting, use
# *Kernel → Restart & Run All* and check that every cell runs.
#
# No GPU is needed: the tests run on the CPU (a hidden test also tries the machine's GPU, where there is
# one), and use PyTorch's `meta` device (which stores no values) to see where your tensors live.
#
# | exercise | points |
# |---|---|
# | 1. `ManualLinearRegression` | 3 |
# | 2. `make_train_step` | 4 |
# | 3. `evaluate` | 3 |
# | 4. `leaf_parameter` | 2 |

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
import torch.nn as nn

from autograd_course import checks, data, devices
from autograd_course.exercises import ch06


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: linear regression as a module (3 points)
#
# Write the model $\hat y = a + b\,x$ as a subclass of `nn.Module`:
#
# * it has exactly two parameters, registered with the module under the names `a` (the intercept) and
#   `b` (the slope), so that `model.a` and `model.b` are the parameters and `parameters()`,
#   `named_parameters()` and `state_dict()` list them;
# * each is a float32 tensor of shape `(1,)` whose starting value is drawn from the standard normal
#   distribution with `torch.randn`, from the global random generator, so that
#   `torch.manual_seed` before `ManualLinearRegression()` decides the starting point;
# * `forward(x)` returns $a + b\,x$ for a float32 tensor `x` of any shape, computed elementwise with the
#   parameters themselves, so that autograd reaches `a` and `b`. Its shape is what broadcasting gives with
#   parameters of shape `(1,)` (the walk-through's section on shapes): the shape of `x` when `x` has at
#   least one dimension (`(n,)`, `(n, 1)`, `(2, 3, 4)`...), and `(1,)` for a zero-dimensional `x` (a single
#   number, shape `()`), since broadcasting never removes an axis.

# %% nbgrader={"grade": false, "grade_id": "ManualLinearRegression", "locked": false, "schema_version": 3, "solution": true, "task": false}
class ManualLinearRegression(nn.Module):
    """The line ``a + b * x`` as a module with two registered parameters.

    Attributes
    ----------
    a, b : nn.Parameter
        Intercept and slope, float32, shape ``(1,)``, each drawn with ``torch.randn``.

    forward(x)
        ``x`` : float32 tensor of any shape. Returns ``a + b * x``, a float32 tensor of the broadcast shape
        of ``(1,)`` and ``x.shape``: ``x.shape`` when ``x`` has at least one dimension, ``(1,)`` when ``x``
        is zero-dimensional.
    """
    ### BEGIN SOLUTION
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return self.a + self.b * x
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_ManualLinearRegression", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch06

# a and b are registered parameters: float32, shape (1,), requiring grad.
ch06.check_parameters_registered(ManualLinearRegression)
# Their starting values are standard-normal draws, decided by torch.manual_seed.
ch06.check_initialisation(ManualLinearRegression)
# forward computes a + b * x (a = 0.5, b = -2) on inputs of shape (4, 1), (3,) and () (which gives (1,)),
# and backward reaches a and b.
ch06.check_forward(ManualLinearRegression)
checks.passed("ManualLinearRegression")

### BEGIN HIDDEN TESTS
import copy

ch06.check_initialisation(ManualLinearRegression, seeds=(7, 1234, 99))
for seed, shape, out_shape in [(11, (6, 1), (6, 1)), (12, (5,), (5,)), (13, (2, 3, 4), (2, 3, 4)), (15, (), (1,))]:
    gen = torch.Generator().manual_seed(seed)
    model = ManualLinearRegression()
    # Load known values through state_dict, as a saved model would come back.
    a_val, b_val = torch.randn(1, generator=gen), torch.randn(1, generator=gen)
    model.load_state_dict({"a": a_val, "b": b_val})
    x = torch.randn(shape, generator=gen)
    weights = torch.randn(shape, generator=gen)
    with checks.reference():
        reference = (a_val.double() + b_val.double() * x.double()).reshape(-1).tolist()
        # The gradient of sum(w * model(x)): d/da = sum(w), d/db = sum(w * x).
        reference_grads = [weights.sum().item(), (weights * x).sum().item()]
    out = checks.expect_tensor(model(x), f"model(x) for x of shape {shape}", shape=out_shape, dtype=torch.float32)
    checks.expect_close(out, reference, f"model(x) for x of shape {shape}", rtol=1e-6, atol=1e-6)
    grads = torch.autograd.grad((weights * model(x)).sum(), [model.a, model.b])
    checks.expect_close([g.item() for g in grads], reference_grads, f"gradients for x of shape {shape}", rtol=1e-5,
                        atol=1e-5)
# An optimizer built from parameters() trains both: one SGD step equals the hand-written update.
model = ManualLinearRegression()
model.load_state_dict({"a": torch.tensor([0.0]), "b": torch.tensor([0.0])})
x, y = torch.tensor([[1.0], [2.0], [3.0]]), torch.tensor([[3.0], [5.0], [7.0]])
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
((model(x) - y) ** 2).mean().backward()
optimizer.step()
with checks.reference():
    # From (0, 0) the gradient of the mean squared error is -2 * mean(y) and -2 * mean(x * y).
    after_step = [0.1 * 2 * 5.0, 0.1 * 2 * 34.0 / 3]
checks.expect_close([model.a.item(), model.b.item()], after_step, "(a, b) after one SGD step", rtol=1e-5)
# Two models are independent, and a deep copy copies the parameters.
torch.manual_seed(14)
first, second = ManualLinearRegression(), ManualLinearRegression()
if first.a is second.a:
    raise AssertionError("Two models share their parameter a: each model needs its own tensors.")
twin = copy.deepcopy(first)
checks.expect_close([twin.a.item(), twin.b.item()], [first.a.item(), first.b.item()], "a deep copy's parameters")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: a reusable training step (4 points)
#
# `make_train_step(model, loss_fn, optimizer)` returns a function `train_step(x, y)` that performs one
# training step on the batch `(x, y)` each time it is called:
#
# 1. it puts `model` in training mode (a caller may have switched it to evaluation mode in between);
# 2. it computes the loss as `loss_fn(model(x), y)`: prediction first, target second;
# 3. it back-propagates and lets `optimizer` update the parameters;
# 4. it leaves no gradient behind for the next call: each step must use only its own batch's gradient.
#    Clearing before the backward pass or after the step are both fine;
# 5. it returns the loss it computed, as a Python `float` (the loss the step was computed from).
#
# The function you return keeps `model`, `loss_fn` and `optimizer` from the call that made it (a
# closure), so the caller only passes batches.

# %% nbgrader={"grade": false, "grade_id": "make_train_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def make_train_step(model, loss_fn, optimizer):
    """Build a function that performs one training step of ``model``.

    Parameters
    ----------
    model : nn.Module
        The model to train.
    loss_fn : callable
        Called as ``loss_fn(prediction, target)``; returns a scalar tensor.
    optimizer : torch.optim.Optimizer
        An optimizer built on ``model``'s parameters.

    Returns
    -------
    callable
        ``train_step(x, y)``: ``x`` and ``y`` are tensors (a batch of inputs and its targets). It puts the
        model in training mode, computes ``loss_fn(model(x), y)``, back-propagates, calls
        ``optimizer.step()``, leaves no gradient for the next call and returns the loss as a Python float.
    """
    ### BEGIN SOLUTION
    def train_step(x, y):
        model.train(mode=True)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return train_step
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_make_train_step", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch06

# Three calls with plain SGD: each returned loss and the parameters after each step, against a reference,
# and one optimizer.step() per call.
ch06.check_train_step_updates(make_train_step)
# A model that the caller left in eval mode trains in training mode; the loss gets (prediction, target).
ch06.check_train_step_mode(make_train_step)
checks.passed("make_train_step")

### BEGIN HIDDEN TESTS
import copy

import torch.nn as nn

# Adam keeps state between steps, so the step must use the optimizer it was given, every call. The loss
# is not symmetric, so the order of its arguments matters.
torch.manual_seed(600)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
twin = copy.deepcopy(model)
gen = torch.Generator().manual_seed(601)
batches = [(torch.randn(10, 4, generator=gen), torch.rand(10, 2, generator=gen)) for _ in range(4)]
loss_fn = nn.BCEWithLogitsLoss()
with checks.reference():
    # The same four Adam steps on a copy taken before any training: the loss of each, the parameters after.
    reference_optimizer = torch.optim.Adam(twin.parameters(), lr=0.05)
    reference_losses, reference_params = [], []
    for x, y in batches:
        reference_optimizer.zero_grad()
        reference_loss = loss_fn(twin(x), y)
        reference_loss.backward()
        reference_optimizer.step()
        reference_losses.append(reference_loss.item())
        reference_params.append([q.detach().clone() for q in twin.parameters()])
train_step = make_train_step(model, loss_fn, torch.optim.Adam(model.parameters(), lr=0.05))
for i, (x, y) in enumerate(batches):
    model.eval()
    loss = checks.expect_float(train_step(x, y), f"train_step with Adam, call {i + 1}")
    checks.expect_close(loss, reference_losses[i], f"the loss of Adam step {i + 1}", rtol=1e-5)
    for j, (name, p) in enumerate(model.named_parameters()):
        checks.expect_close(p, reference_params[i][j], f"{name} after Adam step {i + 1}", rtol=1e-5, atol=1e-6)
# One step on float64 data with a single parameter: the update is exactly -lr * gradient.
w = nn.Parameter(torch.tensor([2.0], dtype=torch.float64))
line = nn.Module()
line.w = w
line.forward = lambda x: w * x
step = make_train_step(line, nn.MSELoss(), torch.optim.SGD([w], lr=0.25))
x64, y64 = torch.tensor([1.0, 3.0], dtype=torch.float64), torch.tensor([1.0, 1.0], dtype=torch.float64)
with checks.reference():
    # At w = 2 the residuals are 1 and 5; the gradient is mean(2 * residual * x).
    first_loss = ((2.0 - 1.0) ** 2 + (6.0 - 1.0) ** 2) / 2
    w_after = 2.0 - 0.25 * (2 * (1.0 * 1.0) + 2 * (5.0 * 3.0)) / 2
first = checks.expect_float(step(x64, y64), "train_step on float64 data")
checks.expect_close(first, first_loss, "the float64 loss", rtol=1e-12)
checks.expect_close(w.item(), w_after, "w after the float64 step", rtol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex3_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: evaluation without side effects (3 points)
#
# `evaluate(model, loss_fn, x, y)` returns the loss `loss_fn(model(x), y)` as a Python `float`, computed
#
# * with the model in **evaluation mode** (dropout off, batch normalisation using its running
#   statistics), and
# * **with grad mode off**, so that autograd records nothing: the forward pass runs inside chapter 3's
#   `torch.no_grad()` or `torch.inference_mode()` (the tests check `torch.is_grad_enabled()` during the
#   forward pass; switching the parameters' `requires_grad` off instead is not the same thing).
#
# It is called in the middle of training, so it must leave the model as it found it: **every submodule**,
# at any depth, in the mode it had before the call (`module.training` tells which; a model may mix
# modes, as when a frozen layer stays in evaluation mode while the rest trains, so one mode for the whole
# model is not enough, as the walk-through's section 3 shows), with its parameters and their `.grad`
# untouched (the caller may be accumulating gradients).
# Recording is off for the evaluation only: after the call, the caller's own recording mode is exactly
# as before, whether autograd was recording or the caller had switched it off with `torch.no_grad()` or
# `torch.inference_mode()`. Working on a copy of the model (`copy.deepcopy`) is fine too.

# %% nbgrader={"grade": false, "grade_id": "evaluate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def evaluate(model, loss_fn, x, y):
    """The loss of ``model`` on ``(x, y)`` in evaluation mode, without recording a graph.

    Parameters
    ----------
    model : nn.Module
        In training or evaluation mode (its submodules possibly in mixed modes); every submodule is back
        in its own mode when the call ends.
    loss_fn : callable
        Called as ``loss_fn(prediction, target)``; returns a scalar tensor.
    x, y : torch.Tensor
        Inputs and targets.

    Returns
    -------
    float
        ``loss_fn(model(x), y)`` as a Python float.
    """
    ### BEGIN SOLUTION
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        # A with block puts back whatever recording mode the caller had, no_grad and inference_mode included.
        with torch.inference_mode():
            return loss_fn(model(x), y).item()
    finally:
        for module, mode in modes:
            module.training = mode
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_evaluate", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch06

# A model with dropout, in training or evaluation mode, with its submodules in one mode or mixed (also one
# level down), called as is or inside the caller's no_grad or inference_mode: evaluation mode and no
# recording during the call, the right loss, and afterwards every submodule's mode, the gradients and the
# caller's recording mode as they were before.
ch06.check_evaluate(evaluate)
checks.passed("evaluate")

### BEGIN HIDDEN TESTS
import torch.nn as nn

ch06.check_evaluate(evaluate, seed=812)
# Batch normalisation: in training mode a forward pass updates the running statistics; evaluation must
# use them and leave them alone.
torch.manual_seed(820)
model = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 1))
gen = torch.Generator().manual_seed(821)
x, y = torch.randn(16, 3, generator=gen), torch.randn(16, 1, generator=gen)
model(torch.randn(16, 3, generator=gen))  # some running statistics to start from
running = [model[1].running_mean.clone(), model[1].running_var.clone()]  # a copy to compare with, exactly
with checks.reference():
    model.eval()
    with torch.no_grad():
        reference = nn.functional.l1_loss(model(x), y).item()
    model.train()
got = checks.expect_float(evaluate(model, nn.L1Loss(), x, y), "evaluate on a model with batch normalisation")
checks.expect_close(got, reference, "evaluate on a model with batch normalisation", rtol=1e-6)
checks.expect_unchanged(model[1].running_mean, running[0], "the running mean of batch normalisation")
checks.expect_unchanged(model[1].running_var, running[1], "the running variance of batch normalisation")
if not all(m.training for m in model.modules()):
    raise AssertionError("The model was in training mode before evaluate and is not any more.")
# The loss is returned as a float even when the model's output does not require grad at all.
torch.manual_seed(822)
frozen = nn.Linear(2, 1).requires_grad_(False).eval()
xf, yf = torch.randn(4, 2, generator=gen), torch.randn(4, 1, generator=gen)
with checks.reference():
    frozen_loss = ((frozen(xf) - yf) ** 2).mean().item()
got = checks.expect_float(evaluate(frozen, nn.MSELoss(), xf, yf), "evaluate on a frozen model")
checks.expect_close(got, frozen_loss, "evaluate on a frozen model", rtol=1e-6)
if frozen.training:
    raise AssertionError("The model was in evaluation mode before evaluate and came back in training mode.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex4_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: a parameter on a device (2 points)
#
# `leaf_parameter(shape, device)` returns a float32 tensor of standard-normal values with the given
# shape, living on `device`, that requires grad **and is a leaf**, so that `backward` fills its `.grad`
# and an optimizer accepts it. The values come from `torch.randn`: on the CPU, after
# `torch.manual_seed(s)`, they are the values `torch.randn(shape)` gives after the same seed.
#
# Whatever you do must work for any device, including ones where moving a tensor makes a copy (every
# GPU, and the `meta` device the tests use).

# %% nbgrader={"grade": false, "grade_id": "leaf_parameter", "locked": false, "schema_version": 3, "solution": true, "task": false}
def leaf_parameter(shape, device):
    """A standard-normal leaf tensor that requires grad, on ``device``.

    Parameters
    ----------
    shape : tuple of int
        The shape, e.g. ``(3,)`` or ``(2, 4)``.
    device : str or torch.device
        Where the tensor lives: ``"cpu"``, ``"cuda"``, ``"mps"``, ``"meta"``...

    Returns
    -------
    torch.Tensor
        float32, of shape ``shape``, on ``device``, drawn with ``torch.randn``; ``requires_grad`` is True
        and ``is_leaf`` is True.
    """
    ### BEGIN SOLUTION
    return torch.randn(shape, device=device, requires_grad=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_leaf_parameter", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch06

# On the CPU (the seeded values of torch.randn) and on the meta device (where the tensor really lives).
ch06.check_leaf_parameter(leaf_parameter)
checks.passed("leaf_parameter")

### BEGIN HIDDEN TESTS
from autograd_course import devices

for shape, seed in [((4,), 31), ((3, 1, 2), 32), (torch.Size([5, 5]), 33)]:
    ch06.check_leaf_parameter(leaf_parameter, shape=shape, seed=seed)
# backward fills .grad of the tensor itself, and an optimizer moves it.
torch.manual_seed(34)
p = leaf_parameter((3,), "cpu")
(p * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
with checks.reference():
    weights = [1.0, 2.0, 3.0]  # the gradient of sum(p * w) is w
checks.expect_close(p.grad, weights, "the gradient of sum(p * (1, 2, 3))")
before = p.detach().clone()
torch.optim.SGD([p], lr=0.5).step()
checks.expect_close(p.detach(), before - 0.5 * torch.tensor([1.0, 2.0, 3.0]), "p after one SGD step")
# On this machine's best device (a GPU where there is one): placement and leaf-ness.
device, _ = devices.pick_device()
p = checks.expect_tensor(leaf_parameter((2, 2), device), "leaf_parameter on the machine's device", shape=(2, 2),
                         dtype=torch.float32, requires_grad=True)
if p.device.type != device.type or not p.is_leaf:
    raise AssertionError(f"leaf_parameter((2, 2), {device}) gave a tensor on {p.device}, is_leaf={p.is_leaf}.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your code at work (not graded)
#
# Once the tests pass, these cells train your `ManualLinearRegression` with your `make_train_step` on the
# regression data of chapter 1 (seed 42, 80 training and 20 validation points), on the best device this
# machine has. After 1000 full-batch SGD steps with learning rate 0.1 it reaches the least-squares line,
# $a \approx 1.0235$, $b \approx 1.9690$, and your `evaluate` reports the validation loss.

# %% nbgrader={"grade": false, "grade_id": "together_training", "locked": true, "schema_version": 3, "solution": false, "task": false}
device, description = devices.pick_device()
print("device:", description)
x_train, y_train, x_val, y_val = (torch.from_numpy(v).float().to(device) for v in data.linear_regression())

torch.manual_seed(42)
model = ManualLinearRegression().to(device)
print("start:", {name: round(p.item(), 4) for name, p in model.named_parameters()})
loss_fn = nn.MSELoss()
train_step = make_train_step(model, loss_fn, torch.optim.SGD(model.parameters(), lr=0.1))
losses = [train_step(x_train, y_train) for _ in range(1000)]
print(f"after 1000 steps: a = {model.a.item():.4f}, b = {model.b.item():.4f}")
print(f"training loss {losses[-1]:.6f}, validation loss {evaluate(model, loss_fn, x_val, y_val):.6f}")

slope, intercept = np.polyfit(x_train.cpu().numpy().ravel(), y_train.cpu().numpy().ravel(), 1)
print(f"least squares:    a = {intercept:.4f}, b = {slope:.4f}")

# %% nbgrader={"grade": false, "grade_id": "together_plot", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
left.semilogy(losses)
left.set_xlabel("step")
left.set_ylabel("training MSE")
right.scatter(x_train.cpu().numpy(), y_train.cpu().numpy(), s=12, label="training")
right.scatter(x_val.cpu().numpy(), y_val.cpu().numpy(), s=12, marker="x", label="validation")
grid = torch.linspace(0, 1, 2, device=device)
model.eval()
with torch.no_grad():
    right.plot(grid.cpu().numpy(), model(grid).cpu().numpy(), color="black", label="your model")
right.legend()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart & Run All* and make sure every test cell finishes without an error. Stretch
# further (ungraded): replace `ManualLinearRegression` by `nn.Linear(1, 1)` in the cells above. Which
# names does its `state_dict()` use, and which shapes? Then build the two parameters of the line with
# your `leaf_parameter` and train them with `torch.optim.SGD` directly, without a module.

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 5: Optimizers (SGD and Adam)](../ch05/ch05_optimizers.ipynb) · [Contents](../../notebooks/contents.ipynb) · next: [Chapter 7: Your own autograd](../ch07/ch07_your_own_autograd.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch06_modules_and_devices.ipynb) · [the next chapter's](../../notebooks/ch07_your_own_autograd.ipynb)
