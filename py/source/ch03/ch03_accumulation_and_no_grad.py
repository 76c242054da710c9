# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 3: Accumulation and switching tracking off · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch03/ch03_accumulation_and_no_grad.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch03/ch03_accumulation_and_no_grad.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 3 assignment: accumulation and switching tracking off
#
# The walk-through (`notebooks/ch03_accumulation_and_no_grad.ipynb`) showed how `.grad` adds up, when a
# graph can be traversed again, and the ways of computing without recording, on the thermometer, a
# regression line and small `nn.Linear` models. Here you use the same ideas on other problems: a mean
# loss split into micro-batches of unequal size, a gradient step you write yourself, freezing by
# parameter name, and a training loop with bugs to fix.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. When the visible tests pass, the cell prints one line starting with ✔; when they fail, the
# error says what your answer looks like and where to look. When you submit, hidden tests also try your
# function on fresh inputs. Before submitting, use *Kernel → Restart Kernel and Run All Cells…* and check
# that every cell runs.
#
# Let PyTorch's autograd compute every gradient (`backward`, `.grad`); do not derive a gradient formula
# by hand.
#
# | exercise | points |
# |---|---|
# | 1. `microbatch_gradient` | 4 |
# | 2. `sgd_step_` | 3 |
# | 3. `freeze_` | 3 |
# | 4. `train_and_validate` | 4 |

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

from autograd_course import checks
from autograd_course.exercises import ch03


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: a full-batch gradient from micro-batches (4 points)
#
# The walk-through split a *sum* of squared errors into micro-batches and let `.grad` add their
# gradients up. Here the loss is a *mean*,
#
# $$L(w) = \frac{1}{n}\sum_{i=1}^{n} (x_i \cdot w - y_i)^2 ,$$
#
# and the micro-batches need not have the same size. Split the rows of `x` and `y` into `n_micro`
# consecutive micro-batches with `torch.tensor_split`, run one forward and one backward pass per
# micro-batch, finishing each micro-batch before starting the next, and return the gradient those
# passes add up to. It must be the gradient of $L$ over the whole batch, whatever the sizes of the
# micro-batches: think about what each micro-batch must back-propagate so that the pieces add up to
# $L$, not to something else.
#
# The tests watch how the gradient is made: they count the backward passes (`backward()` or
# `torch.autograd.grad`; they cannot watch `torch.func`), and a forward pass over the whole batch, or a
# gradient formula worked out by hand, fails them.
#
# Two rules about `w.grad`, the tensor that `backward` accumulates into:
#
# * whatever it held when your function is called is **not** part of the result;
# * when your function returns, `w.grad` is **back to what it held on entry** (`None` if it was `None`):
#   a caller's gradient is not yours to change. The tensor you return is your own, not `w.grad` itself
#   or a view of it, and does not require grad.
#
# Check yourself on the thermometer of chapter 2: with `x` holding the readings `t_u` and a column of
# ones, $w = (1, 0)$ gives the gradient $(4517.2969, 82.6000)$, whatever `n_micro` is.

# %% nbgrader={"grade": false, "grade_id": "microbatch_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def microbatch_gradient(w, x, y, n_micro):
    """Full-batch gradient of the mean squared error, accumulated over micro-batches.

    Parameters
    ----------
    w : torch.Tensor
        A leaf tensor that requires grad, shape ``(d,)`` (or ``(d, 1)``). Its values are left unchanged,
        and ``w.grad`` is left as it was on entry (``None`` stays ``None``).
    x : torch.Tensor
        Inputs, shape ``(n, d)``, the same dtype as ``w``.
    y : torch.Tensor
        Targets with the shape of ``x @ w``.
    n_micro : int
        Number of micro-batches, ``1 <= n_micro <= n``; micro-batch ``k`` is
        ``torch.tensor_split(x, n_micro)[k]`` (and the same for ``y``).

    Returns
    -------
    torch.Tensor
        The gradient of ``((x @ w - y) ** 2).mean()`` with respect to ``w``: shape and dtype of ``w``,
        not requiring grad, sharing no memory with ``w.grad``. Computed by one forward and one backward
        pass per micro-batch, the gradients adding up over the passes.
    """
    ### BEGIN SOLUTION
    saved = w.grad
    w.grad = None  # start from nothing; the caller's gradient is put back below
    n = x.shape[0]
    for x_chunk, y_chunk in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        chunk_share = ((x_chunk @ w - y_chunk) ** 2).sum() / n
        chunk_share.backward()
    result = w.grad.detach()
    w.grad = saved
    return result
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_microbatch_gradient", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch03

ch03.check_microbatch_gradient_whole_batch(microbatch_gradient)            # n_micro = 1
ch03.check_microbatch_gradient_three_chunks(microbatch_gradient)           # 4, 4 and 3 readings
ch03.check_microbatch_gradient_called_twice(microbatch_gradient)           # the same answer twice
ch03.check_microbatch_gradient_keeps_callers_gradient(microbatch_gradient) # w.grad held (-500, 7)
checks.passed("microbatch_gradient")

### BEGIN HIDDEN TESTS
gen = torch.Generator().manual_seed(20301)
cases = [(10, 3, 3, ""), (7, 2, 7, ""), (9, 4, 1, "grad"), (13, 1, 5, "grad"), (5, 3, 2, "column"),
         (23, 4, 6, "zeros"), (3, 1, 2, "grad"), (17, 2, 4, "column-grad")]
for n, d, n_micro, extra in cases:
    w_shape = (d, 1) if extra.startswith("column") else (d,)
    x = torch.randn(n, d, generator=gen, dtype=torch.float64)
    w = torch.randn(w_shape, generator=gen, dtype=torch.float64).requires_grad_()
    y = x @ w.detach() * 0.5 + torch.randn((n,) + w_shape[1:], generator=gen, dtype=torch.float64)
    if extra.endswith("grad"):
        w.grad = torch.randn(w_shape, generator=gen, dtype=torch.float64)
    elif extra == "zeros":
        w.grad = torch.zeros(w_shape, dtype=torch.float64)
    entry = None if w.grad is None else w.grad.clone()
    with checks.reference():
        # Autograd on the whole batch at once, filling nothing.
        expected, = torch.autograd.grad(((x @ w - y) ** 2).mean(), w)
    what = f"microbatch_gradient with n = {n}, n_micro = {n_micro}"
    got = ch03.call_microbatch_gradient(microbatch_gradient, w, x, y, n_micro, what)
    checks.expect_close(got, expected, what, rtol=1e-9, atol=1e-12)
    ch03.expect_restored(w, entry, got, what)
    # Calling again gives the same answer, and the first one stays as it was.
    again = ch03.call_microbatch_gradient(microbatch_gradient, w, x, y, n_micro, what + " (called again)")
    checks.expect_close(again, expected, what + " (called again)", rtol=1e-9, atol=1e-12)
    checks.expect_close(got, expected, what + " (the first result, after the second call)", rtol=1e-9, atol=1e-12)
    ch03.expect_restored(w, entry, again, what + " (called again)")
# float32 on more data: float32 rounding only.
x = torch.randn(200, 3, generator=gen)
w = torch.randn(3, generator=gen).requires_grad_()
y = torch.randn(200, generator=gen)
with checks.reference():
    expected, = torch.autograd.grad(((x.double() @ w.double() - y.double()) ** 2).mean(), w)
got = ch03.call_microbatch_gradient(microbatch_gradient, w, x, y, 7, "microbatch_gradient in float32")
checks.expect_close(got, expected, "microbatch_gradient in float32", rtol=1e-5, atol=1e-6)
ch03.expect_restored(w, None, got, "microbatch_gradient in float32")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: one plain SGD step, written yourself (3 points)
#
# After `loss.backward()` each parameter `p` holds its gradient in `p.grad`. One step of gradient
# descent is
#
# $$p \leftarrow p - \eta\, \nabla_p L ,$$
#
# and then the gradient is cleared so that the next `backward` starts from nothing. Write the function
# that does both for a list of parameters, the way `torch.optim.SGD`'s `step()` and `zero_grad()` do:
#
# * the update changes each tensor **in place** (the caller's list, a model and an optimizer all hold
#   these very tensors) and is **not recorded** by autograd, so every tensor stays a leaf that requires grad;
# * autograd's version counter sees the change, so that a graph that saved `p` before the step refuses
#   to back-propagate with the new values instead of silently using them;
# * clearing may drop the gradient or fill it with zeros, either is fine;
# * a tensor whose `p.grad` is `None` (it took no part in the last backward) is left alone.
#
# The trailing underscore in the name follows PyTorch's convention for functions that work in place.

# %% nbgrader={"grade": false, "grade_id": "sgd_step_", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_step_(params, lr):
    """One in-place step of plain gradient descent, then clear the gradients.

    Parameters
    ----------
    params : list of torch.Tensor
        Leaf tensors that require grad. Those with a gradient (``p.grad is not None``) are changed in
        place to ``p - lr * p.grad``, without autograd recording it, and their gradient is cleared
        (set to ``None`` or zeroed). Those without a gradient are left as they are.
    lr : float
        The learning rate.

    Returns
    -------
    None
    """
    ### BEGIN SOLUTION
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                continue
            p -= lr * p.grad
            p.grad = None
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sgd_step_", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch03

ch03.check_sgd_step_one_step(sgd_step_)                 # the thermometer, from w = (1, 0)
ch03.check_sgd_step_skips_missing_gradients(sgd_step_)  # a tensor whose .grad is None
ch03.check_sgd_step_book_loop(sgd_step_)                # 5000 steps reach (5.3671, -17.3012)
checks.passed("sgd_step_")

### BEGIN HIDDEN TESTS
import copy

gen = torch.Generator().manual_seed(20302)
for dtype, lr, shapes in [(torch.float64, 0.1, [(3,), (2, 4), ()]), (torch.float32, 0.01, [(5,), (1,)]),
                          (torch.float64, 0.0, [(2,)]), (torch.float64, 3.5, [(4, 1), (3,)])]:
    params = [torch.randn(s, generator=gen, dtype=dtype).requires_grad_() for s in shapes]
    has_grad = [True] + [bool(torch.rand(1, generator=gen) < 0.6) for _ in shapes[1:]]
    for p, flag in zip(params, has_grad):
        if flag:
            p.grad = torch.randn(p.shape, generator=gen, dtype=dtype)
    with checks.reference():
        # torch.optim.SGD on copies with the same gradients.
        copies = [p.detach().clone().requires_grad_() for p in params]
        for c, p in zip(copies, params):
            c.grad = None if p.grad is None else p.grad.clone()
        torch.optim.SGD(copies, lr=lr).step()
        expected = [c.detach() for c in copies]
    before = ch03.prepare_step(params)
    what = f"sgd_step_ on {len(params)} tensors of {dtype} with lr = {lr}"
    ch03.call_sgd_step_(sgd_step_, params, lr, what)
    ch03.expect_after_step(params, before, lr, expected, what)
# A list where no tensor has a gradient: nothing happens.
params = [torch.randn(3, generator=gen).requires_grad_() for _ in range(2)]
with checks.reference():
    expected = [p.detach().clone() for p in params]
before = ch03.prepare_step(params)
ch03.call_sgd_step_(sgd_step_, params, 0.5, "sgd_step_ with no gradients at all")
ch03.expect_after_step(params, before, 0.5, expected, "sgd_step_ with no gradients at all")
# A stale graph that saved p must notice the update (it does when the version counter is bumped).
p = torch.tensor([1.0, 2.0], requires_grad=True)
stale = (p * p).sum()  # saves p for backward
(p * 3.0).sum().backward()
ch03.call_sgd_step_(sgd_step_, [p], 0.1, "sgd_step_ while another graph holds p")
try:
    stale.backward()
except RuntimeError as err:
    if "modified by an inplace operation" not in str(err):
        raise
else:
    raise AssertionError("A graph that saved p did not notice the update: it went around autograd.")
# Parameters of a real module, a few steps against torch.optim.SGD on a copy of it.
torch.manual_seed(20303)
model = torch.nn.Linear(3, 2).double()
xb, yb = torch.randn(8, 3, generator=gen, dtype=torch.float64), torch.randn(8, 2, generator=gen, dtype=torch.float64)
with checks.reference():
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(twin.parameters(), lr=0.05)
    for _ in range(3):
        opt.zero_grad()
        ((twin(xb) - yb) ** 2).mean().backward()
        opt.step()
    expected = [p.detach().clone() for p in twin.parameters()]
for _ in range(3):
    ((model(xb) - yb) ** 2).mean().backward()
    ch03.call_sgd_step_(sgd_step_, list(model.parameters()), 0.05, "sgd_step_ on a Linear layer's parameters")
for i, mine in enumerate(model.parameters()):
    checks.expect_close(mine, expected[i], "a Linear layer after 3 steps (against torch.optim.SGD)", rtol=1e-9,
                        atol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex3_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: freezing part of a model by name (3 points)
#
# Fine-tuning often trains only some of a model's parameters: the others are *frozen*, which means
# they stop requiring grad. `backward` then gives them no gradient (a fresh parameter's `.grad` stays
# `None`), and an optimizer skips them.
#
# A module names its parameters by their path: in `nn.Sequential(nn.Linear(3, 4), nn.ReLU(),
# nn.Linear(4, 2))` they are `0.weight`, `0.bias`, `2.weight` and `2.bias` (see `named_parameters()`).
# `freeze_(module, names)` freezes every parameter whose name **starts with** one of the strings in
# `names`, so `["0."]` freezes the whole first layer and a full name freezes just that parameter. It
# returns the names of the parameters that **still** require grad after the call, sorted, ready to
# print as "what will still train". A parameter that was already frozen before the call does not
# still require grad.
#
# The module keeps its very parameter tensors (an optimizer may hold them), with their values.

# %% nbgrader={"grade": false, "grade_id": "freeze_", "locked": false, "schema_version": 3, "solution": true, "task": false}
def freeze_(module, names):
    """Switch off ``requires_grad`` for the parameters whose names start with one of ``names``.

    Parameters
    ----------
    module : torch.nn.Module
        Its parameters are changed in place (the same tensors stay in the module).
    names : list or tuple of str
        Name prefixes, matched against the names of ``module.named_parameters()``.

    Returns
    -------
    list of str
        The sorted names of the module's parameters that still require grad after the call.
    """
    ### BEGIN SOLUTION
    for name, p in module.named_parameters():
        if any(name.startswith(prefix) for prefix in names):
            p.requires_grad_(False)
    return sorted(name for name, p in module.named_parameters() if p.requires_grad)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_freeze_", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch
import torch.nn as nn
from autograd_course import checks
from autograd_course.exercises import ch03

ch03.check_freeze_prefixes(freeze_)        # ["0.", "2.bias"] on a Sequential
ch03.check_freeze_named_parts(freeze_)     # ("body.0",) on a module with a body and a head
ch03.check_freeze_already_frozen(freeze_)  # head.bias was frozen before the call
checks.passed("freeze_")

### BEGIN HIDDEN TESTS
with checks.reference():
    def _reference(module, names):
        out = []
        for k, p in module.named_parameters():
            if p.requires_grad and not any(k.startswith(prefix) for prefix in names):
                out.append(k)
        return sorted(out)


# A model with a BatchNorm (whose running statistics are buffers, not parameters) and more than ten layers.
for seed, (names, prefrozen) in enumerate([(["1."], []), (["1"], ["0.bias"]), ([], []), ([""], []),
                                           (("11.", "12.weight"), ["3.weight"]),
                                           (["12", "0.weight", "nothing"], ["12.bias"]), (["5.weight", "5.bias"], [])],
                                          start=20304):
    torch.manual_seed(seed)  # right before the model: the learner's code may draw from the global generator too
    model = nn.Sequential(*[nn.Linear(4, 4) for _ in range(11)], nn.BatchNorm1d(4), nn.Linear(4, 1))
    params = dict(model.named_parameters())
    for k in prefrozen:
        params[k].requires_grad_(False)
    with checks.reference():
        still_trained = _reference(model, names)
        expected = ch03.name_flags(still_trained, model)
        expected_frozen = ch03.name_flags([k for k in params if k not in still_trained], model)
    what = f"freeze_(model, {names!r})"
    result, frozen = ch03.call_freeze_(freeze_, model, names, what)
    ch03.expect_frozen(model, frozen, expected_frozen, what)
    ch03.expect_result(model, result, expected, frozen, what)
# Calling it again with the same prefixes changes nothing.
torch.manual_seed(20311)
net = ch03.Net()
with checks.reference():
    expected = ch03.name_flags(["body.0.bias", "body.0.weight", "body.2.bias", "body.2.weight"], net)
first, _ = ch03.call_freeze_(freeze_, net, ["head"], 'freeze_(net, ["head"])')
second, frozen = ch03.call_freeze_(freeze_, net, ["head"], 'freeze_(net, ["head"]) called again')
ch03.expect_result(net, first, expected, frozen, 'freeze_(net, ["head"])')
# The first call's answer is what the second must give again: it comes from the learner, so no reference block.
ch03.expect_result(net, second, ch03.name_flags(first, net), frozen,
                   'freeze_(net, ["head"]) called again')
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex4_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: find and fix the bugs in a training loop (4 points)
#
# A colleague wrote this loop to train a model on the mean squared error and to follow the training and
# validation losses. It runs without an error, and it is wrong in several ways:
#
# ```python
# def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
#     train_losses, val_losses = [], []
#     for epoch in range(epochs):
#         loss = ((model(x_train) - y_train) ** 2).mean()
#         loss.backward()
#         optimizer.step()
#         val_loss = ((model(x_val) - y_val) ** 2).mean()
#         train_losses.append(loss)
#         val_losses.append(val_loss)
#     return train_losses, val_losses
# ```
#
# Find what goes wrong (try it on a small model and look at `.grad`, `requires_grad` and the lists) and
# write the function correctly. What it must do, epoch after epoch:
#
# * one full-batch step of `optimizer` on the training data, with the gradient of that epoch's loss
#   only: nothing from earlier epochs, and nothing that `.grad` held when the function was called;
# * `train_losses[e]` is the training loss of epoch `e` (the one the step used) and `val_losses[e]` the
#   validation loss right after that epoch's step, both plain Python floats;
# * the validation forward pass is not recorded by autograd: nothing will ever be differentiated through
#   it.
#
# The tests watch the model while your function runs: the gradient each backward pass brings and what
# `.grad` holds afterwards, and whether the validation forward passes are recorded.

# %% nbgrader={"grade": false, "grade_id": "train_and_validate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    """Train ``model`` with ``optimizer`` on the mean squared error, tracking both losses.

    Parameters
    ----------
    model : torch.nn.Module
        Maps inputs of shape ``(n, d_in)`` to outputs of the shape of the targets.
    optimizer : torch.optim.Optimizer
        Built on ``model.parameters()``; one ``step()`` per epoch.
    x_train, y_train : torch.Tensor
        Training inputs ``(n_train, d_in)`` and targets ``(n_train, d_out)``.
    x_val, y_val : torch.Tensor
        Validation inputs ``(n_val, d_in)`` and targets ``(n_val, d_out)``, never trained on.
    epochs : int
        Number of full-batch steps, ``>= 0``.

    Returns
    -------
    tuple of two lists of float
        ``(train_losses, val_losses)``, each of length ``epochs``: the training loss of each epoch (before
        its step) and the validation loss after each step, as Python floats.
    """
    ### BEGIN SOLUTION
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        optimizer.zero_grad(set_to_none=True)
        training_loss = torch.nn.functional.mse_loss(model(x_train), y_train)
        training_loss.backward()
        optimizer.step()
        train_losses += [training_loss.item()]
        with torch.set_grad_enabled(False):  # nothing will be differentiated through validation
            val_losses += [torch.nn.functional.mse_loss(model(x_val), y_val).item()]
    return train_losses, val_losses
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_train_and_validate", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch03

ch03.check_train_and_validate_sgd(train_and_validate)               # a line, five epochs of SGD
ch03.check_train_and_validate_stale_gradients(train_and_validate)   # .grad held 100 on entry
ch03.check_train_and_validate_no_epochs(train_and_validate)         # epochs = 0
checks.passed("train_and_validate")

### BEGIN HIDDEN TESTS
import copy

with checks.reference():
    def _reference_run(model, make_optimizer, xt, yt, xv, yv, epochs):
        """The loop as it should be, on a copy of the model with an optimizer of its own."""
        twin = copy.deepcopy(model)
        for p in twin.parameters():
            p.grad = None
        opt = make_optimizer(twin.parameters())
        train, val = [], []
        for _ in range(epochs):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(twin(xt), yt)
            loss.backward()
            opt.step()
            train.append(loss.item())
            with torch.no_grad():
                val.append(torch.nn.functional.mse_loss(twin(xv), yv).item())
        return [p.detach().clone() for p in twin.parameters()], train, val


gen = torch.Generator().manual_seed(20305)
setups = [
    (lambda ps: torch.optim.Adam(ps, lr=0.05), 7, False),
    (lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9), 6, True),
    (lambda ps: torch.optim.SGD(ps, lr=0.1), 1, True),
]
for seed, (make_optimizer, epochs, stale) in enumerate(setups, start=20305):
    torch.manual_seed(seed)  # the model's initial weights, drawn right here whatever ran before
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
    xt, yt = torch.randn(24, 3, generator=gen, dtype=torch.float64), torch.randn(24, 2, generator=gen, dtype=torch.float64)
    xv, yv = torch.randn(9, 3, generator=gen, dtype=torch.float64), torch.randn(9, 2, generator=gen, dtype=torch.float64)
    if stale:
        for p in model.parameters():
            p.grad = torch.randn(p.shape, generator=gen, dtype=torch.float64)
    with checks.reference():
        want_params, want_train, want_val = _reference_run(model, make_optimizer, xt, yt, xv, yv, epochs)
    what = f"train_and_validate with {epochs} epochs" + (" and stale gradients" if stale else "")
    train, val = ch03.call_train_and_validate(train_and_validate, model, make_optimizer(model.parameters()),
                                              xt, yt, xv, yv, epochs, what)
    checks.expect_close(train, want_train, f"train_losses from {what}", rtol=1e-9, atol=1e-12)
    checks.expect_close(val, want_val, f"val_losses from {what}", rtol=1e-9, atol=1e-12)
    for i, (name, mine) in enumerate(model.named_parameters()):
        checks.expect_close(mine, want_params[i], f"parameter {name} after {what}", rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your functions at work (not graded)
#
# Once the tests pass, these cells train the book's thermometer model with your functions: gradients
# accumulated over three micro-batches, your in-place SGD step, 5000 epochs on the scaled input
# `t_un = 0.1 * t_u`. The book's result is loss 2.927647 and parameters `[5.3671, -17.3012]`. Then they
# freeze the first layer of a small network, and follow both losses of the regression line of chapter 1.

# %% nbgrader={"grade": false, "grade_id": "together_training", "locked": true, "schema_version": 3, "solution": false, "task": false}
from autograd_course import data

t_c_np, t_u_np = data.thermometer()
t_c, t_un = torch.from_numpy(t_c_np), 0.1 * torch.from_numpy(t_u_np)
x_design = torch.stack([t_un, torch.ones_like(t_un)], dim=1)   # the model t_p = w * t_un + b, as x @ params

params = torch.tensor([1.0, 0.0], requires_grad=True)
for epoch in range(1, 5001):
    if epoch % 1000 == 0:  # the loss at the start of the epoch, as the book prints it
        with torch.no_grad():
            loss = ((x_design @ params - t_c) ** 2).mean()
        print(f"epoch {epoch}, loss {loss.item():.6f}")
    params.grad = microbatch_gradient(params, x_design, t_c, 3)
    sgd_step_([params], 1e-2)
print("params:", params.detach())

# %% nbgrader={"grade": false, "grade_id": "together_freeze", "locked": true, "schema_version": 3, "solution": false, "task": false}
model = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
print("still trainable after freeze_(model, ['0.']):", freeze_(model, ["0."]))

# %% nbgrader={"grade": false, "grade_id": "together_losses", "locked": true, "schema_version": 3, "solution": false, "task": false}
x_train, y_train, x_val, y_val = (torch.from_numpy(v).float() for v in data.linear_regression())
line = nn.Linear(1, 1)
with torch.no_grad():
    line.weight.fill_(0.0)
    line.bias.fill_(0.0)
train_losses, val_losses = train_and_validate(line, torch.optim.SGD(line.parameters(), lr=0.1),
                                              x_train, y_train, x_val, y_val, 1000)
print(f"after 1000 epochs: training loss {train_losses[-1]:.6f}, validation loss {val_losses[-1]:.6f}")
print(f"a = {line.bias.item():.4f}, b = {line.weight.item():.4f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart Kernel and Run All Cells…* and make sure every test cell finishes without an
# error. Stretch further (ungraded): train the thermometer model with your `sgd_step_`, once on the whole
# batch and once with three micro-batches per step, and check that the two runs give the same parameters
# up to rounding. Then keep the bias as a tensor of its own, freeze it, and see where the slope alone
# ends up. Finally, give `train_and_validate` a model with a dropout layer: what else would the
# validation pass need?

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`)](../ch02/ch02_autograd_basics.ipynb) · [Contents](../../notebooks/contents.ipynb) · next: [Chapter 4: A training loop by hand](../ch04/ch04_training_loop.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch03_accumulation_and_no_grad.ipynb) · [the next chapter's](../../notebooks/ch04_training_loop.ipynb)
