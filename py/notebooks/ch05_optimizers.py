# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 5: Optimizers (SGD and Adam) · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch05_optimizers.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch05_optimizers.ipynb)

# %% [markdown]
# # Chapter 5: Optimizers — SGD vs Adam
#
# Chapter 4 wrote the update `params -= learning_rate * params.grad` by hand. `torch.optim` packages
# that update, and better ones, behind two methods. This chapter:
#
# 1. looks at the menu of optimizers in `torch.optim`, and at what they share;
# 2. shows that an optimizer holds the **very tensors** it updates, and what happens when it holds copies;
# 3. takes the four-step loop (`zero_grad`, forward, `backward`, `step`) apart, printing `params` and
#    `params.grad` after every step;
# 4. races SGD against Adam on the thermometer, writes Adam's update out and prints the state it keeps,
#    and measures what its learning rate means;
# 5. shows when momentum is stable;
# 6. trains on shuffled **mini-batches**, the "stochastic" of stochastic gradient descent;
# 7. changes the learning rate during training with a **scheduler**;
# 8. adds **weight decay**, and shows how Adam's and AdamW's differ;
# 9. sends SGD, momentum and Adam down a curved valley, Rosenbrock's function, from four starts at
#    once: how far from the minimum each start is, step by step, and a learning-rate sweep that shows
#    where each optimizer diverges or crawls.
#
# The assignment (`release/ch05/`) turns this around: there you write SGD with momentum and Adam
# yourself, check them against `torch.optim` step by step, and take them to a landscape with four
# valleys, Himmelblau's function.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import optim

from autograd_course import data
from autograd_course.display import show_error
from autograd_course.thermometer import loss_fn, model

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)

# %% [markdown]
# ## 1. The menu
#
# Every optimizer in `torch.optim` is a subclass of `torch.optim.Optimizer`. Here is the whole menu of
# the installed PyTorch:

# %%
menu = sorted(name for name, obj in vars(optim).items()
              if isinstance(obj, type) and issubclass(obj, optim.Optimizer) and obj is not optim.Optimizer)
print(len(menu), "optimizers:", ", ".join(menu))

# %% [markdown]
# They share the base class's interface. The constructor takes the tensors to optimize (or groups of
# them, see section 9) and the hyperparameters; the object then offers
#
# * `zero_grad()`: clear the `.grad` of every tensor it holds (by default it sets them to `None`);
# * `step()`: update every tensor it holds whose `.grad` is not `None`, in place, from that gradient
#   and from whatever the optimizer remembers of earlier steps.
#
# The interface is shared; what each optimizer accepts is not. Three on the menu make demands of their
# own. `LBFGS.step` needs a *closure*, a function that recomputes the loss, because it evaluates the
# loss several times per step; and LBFGS accepts a single parameter group only (the groups of section
# 9.2 are refused). `SparseAdam` accepts only sparse gradients. And `Muon` (in `torch.optim` from
# PyTorch 2.9 on), which orthogonalises the update of a weight *matrix*, accepts only 2-D parameters:
# it is meant for the matrices of a network, with another optimizer (AdamW, say) for its biases and
# other tensors.

# %%
show_error(lambda: optim.LBFGS([{"params": [torch.zeros(2, requires_grad=True)]},
                                {"params": [torch.zeros(3, requires_grad=True)]}]))  # two groups: refused
if hasattr(optim, "Muon"):  # PyTorch 2.9 and later
    show_error(lambda: optim.Muon([torch.zeros(3, requires_grad=True)]))           # a vector: refused
    print(optim.Muon([torch.zeros(3, 4, requires_grad=True)]).__class__.__name__, "accepts a 3 x 4 matrix")
else:
    print("this PyTorch,", torch.__version__, "has no optim.Muon (it came with 2.9)")

# %% [markdown]
# So "swap one optimizer for another" holds for the optimizers of this chapter, SGD and Adam, and for
# most of the menu; not for every optimizer on every kind of parameter.
#
# Printing an optimizer shows its hyperparameters, including the ones left at their defaults:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
print(optim.SGD([params], lr=1e-2))

# %% [markdown]
# ## 2. An optimizer holds the very tensors it updates
#
# The optimizer keeps a **reference** to each tensor it was given, not a copy. `step()` changes those
# tensors in place, which is how the change reaches the code that computes the loss from them.

# %%
optimizer = optim.SGD([params], lr=1e-2)
held = optimizer.param_groups[0]["params"][0]
print("the optimizer holds params itself:", held is params)

# %% [markdown]
# Build the optimizer on a copy instead, and train. The loss is computed from `params`, so `backward`
# fills `params.grad`; the optimizer only looks at the copy, whose `.grad` stays `None`, so `step()`
# skips it; and its `zero_grad()` clears the copy's gradient, not the one that is growing in
# `params.grad`. Nothing is learned, and no error says so.

# %%
t_c, t_u = (torch.from_numpy(a) for a in data.thermometer())
t_un = 0.1 * t_u  # chapter 4's rescaled readings

params = torch.tensor([1.0, 0.0], requires_grad=True)
copy = params.detach().clone().requires_grad_()
wrong = optim.SGD([copy], lr=1e-2)
for epoch in range(1, 101):
    t_p = model(t_un, *params)
    loss = loss_fn(t_p, t_c)
    wrong.zero_grad()
    loss.backward()
    wrong.step()
    if epoch in (1, 2, 100):
        print(f"epoch {epoch:3d}: loss {loss.item():.4f}, params {params.detach()}, params.grad {params.grad}, "
              f"copy.grad {copy.grad}")

# %% [markdown]
# The loss never moves and `params.grad` is 100 times the first gradient. A copy that autograd can
# see through is refused outright: `params.clone()` is not a leaf but a result computed from `params`.
# The rule `torch.optim` applies is precise: it accepts any leaf (even one that does not require grad,
# whose `.grad` `backward` never fills) and a non-leaf only if
# `retain_grad()` was called on it (`retains_grad` is then True); it waives the rule only for an
# optimizer built with `differentiable=True` (for training through the optimizer's own steps). A clone
# that retains its gradient is accepted, yet stepping it moves the clone, never `params`:

# %%
show_error(lambda: optim.SGD([params.clone()], lr=1e-2))
kept = params.clone()
kept.retain_grad()
print("a clone with retain_grad():", "is_leaf", kept.is_leaf, " retains_grad", kept.retains_grad, " accepted:",
      type(optim.SGD([kept], lr=1e-2)).__name__)
print("a leaf that does not require grad: accepted:", type(optim.SGD([torch.zeros(2)], lr=1e-2)).__name__)

# %% [markdown]
# ## 3. The four-step loop, one step at a time
#
# A training step with an optimizer is always the same four calls: `zero_grad()`, the forward pass,
# `backward()`, `step()`. To see what each one changes, start from a state a real loop is in: a
# gradient left over from an earlier `backward` (here the book's gradient of the raw readings,
# $(4517.2969, 82.6000)$, at $w = 1, b = 0$).

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = optim.SGD([params], lr=1e-2)
loss_fn(model(t_u, *params), t_c).backward()  # an earlier step's gradient, still in params.grad


def show(label):
    print(f"{label:<16} params {params.detach()}   params.grad {params.grad}")


show("before")
optimizer.zero_grad()
show("zero_grad()")
t_p = model(t_un, *params)
loss = loss_fn(t_p, t_c)
show("forward")
loss.backward()
show("backward()")
grad_used = params.grad.clone()
optimizer.step()
show("step()")
print("step() moved params by -lr * grad:",
      torch.allclose(params.detach(), torch.tensor([1.0, 0.0]) - 1e-2 * grad_used))

# %% [markdown]
# * `zero_grad()` set `params.grad` to `None`: its argument `set_to_none` defaults to `True` (since
#   PyTorch 2.0); `params` did not change.
# * The forward pass recorded a graph from `params` to `loss`; it changed neither.
# * `backward()` filled `params.grad` with $\partial L/\partial(w, b)$ at the current `params`.
# * `step()` changed `params`, in place, and left `params.grad` alone. For plain SGD the change is
#   exactly $-\eta \cdot$`params.grad`.
#
# Swap two of them and the loop goes wrong quietly. No `zero_grad()` at all makes every step use the
# sum of all gradients so far. `zero_grad()` between `backward()` and `step()` takes the gradient away
# before it is used, and what `step()` then does depends on what "away" means:
#
# * with the default `set_to_none=True`, every `.grad` is `None`, and an optimizer **skips** a parameter
#   whose `.grad` is `None`: nothing moves, and its state (a momentum buffer, say) is left as it was;
# * with `zero_grad(set_to_none=False)`, every `.grad` is a tensor of zeros, and a zero gradient is a
#   gradient like any other: plain SGD then moves by $-\eta \cdot 0$, but momentum keeps moving along
#   its velocity, and weight decay (section 8) still pulls towards zero.
#
# The cell below takes three steps with momentum, then makes that mistake both ways; and the same again
# with weight decay instead of momentum:

# %%
for settings in (dict(momentum=0.9), dict(weight_decay=0.5)):
    for set_to_none in (True, False):
        p = torch.tensor([1.0, -1.0], requires_grad=True)
        opt = optim.SGD([p], lr=0.1, **settings)
        for _ in range(3):
            opt.zero_grad()
            (p ** 2).sum().backward()
            opt.step()
        before = p.detach().clone()
        (p ** 2).sum().backward()
        opt.zero_grad(set_to_none=set_to_none)  # the mistake: the gradient is cleared before step()
        opt.step()
        print(f"SGD({settings}), zero_grad(set_to_none={set_to_none}) before step(): .grad {p.grad}, "
              f"step() moved p by {(p.detach() - before).tolist()}")


# %% [markdown]
# One more consequence of "in place". `step()` writes the new values into the memory `params` already
# had, so every tensor that shares that memory changes with it. `params.detach()` is such a tensor: it
# is outside the graph, but it holds the same numbers, not a copy of them. To keep the values `params`
# has at some moment, copy them, `params.detach().clone()`; the cell above did that with `before`.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = optim.SGD([params], lr=1e-2)
shared, snapshot = params.detach(), params.detach().clone()  # both taken before any step
for _ in range(2):
    optimizer.zero_grad()
    loss_fn(model(t_un, *params), t_c).backward()
    optimizer.step()
print("params after two steps:        ", params.detach())
print("params.detach(), taken earlier:", shared, "  same memory as params:", shared.data_ptr() == params.data_ptr())
print("its clone, taken earlier:      ", snapshot)


# %% [markdown]
# ## 4. SGD vs Adam on the thermometer
#
# The loop of section 3, repeated for many epochs, with one line of progress every few hundred. It
# knows nothing of the model or the data: `compute_loss()` builds the loss at the current parameters,
# and the optimizer knows which tensors to update. The loss recorded for an epoch is the one computed
# before that epoch's step.

# %%
def train(optimizer, compute_loss, n_epochs, report_every):
    history = np.empty(n_epochs)
    for epoch in range(1, n_epochs + 1):
        loss = compute_loss()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history[epoch - 1] = loss.item()
        if epoch % report_every == 0:
            print(f"  epoch {epoch:5d}, loss {history[epoch - 1]:.6f}")
    print("  params:", *(p.detach() for group in optimizer.param_groups for p in group["params"]))
    return history


def line_loss(params, t_u):
    """The thermometer's loss at the current params, as a function without arguments, for train()."""
    return lambda: loss_fn(model(t_u, *params), t_c)


# %% [markdown]
# SGD with the learning rate of chapter 4, on the raw readings `t_u`: the first gradient is
# $(4517, 83)$, so the first step moves $w$ by 45, and every later step overshoots further.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
diverged = train(optim.SGD([params], lr=1e-2), line_loss(params, t_u), n_epochs=10, report_every=2)

# %% [markdown]
# On the rescaled readings `t_un = 0.1 * t_u`, the same optimizer reproduces the numbers of chapter
# 4's hand-written loop: loss 2.927647 and params $(5.3671, -17.3012)$ after 5000 epochs.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
sgd_scaled = train(optim.SGD([params], lr=1e-2), line_loss(params, t_un), n_epochs=5000, report_every=1000)

# %% [markdown]
# Adam, on the **raw** readings, with learning rate 0.1 for 2000 epochs. Its parameters are in the
# units of `t_u`, so $w$ is a tenth of SGD's: $0.5367 \cdot t_u = 5.367 \cdot t_{un}$, the same line.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
adam_raw = train(optim.Adam([params], lr=1e-1), line_loss(params, t_u), n_epochs=2000, report_every=500)

# %% [markdown]
# ### What Adam computes, and what it keeps
#
# Adam keeps three things per parameter $p$: a step count $t$ and two running averages of the shape of
# $p$, $m$ of the gradient and $v$ of its square, all zero at first. At each step where $p$ has a
# gradient $g$, with the learning rate $\eta$, $(\beta_1, \beta_2)$ = `betas` (default $(0.9, 0.999)$)
# and $\epsilon$ = `eps` (default $10^{-8}$):
#
# $$t \leftarrow t + 1, \qquad m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad
#   v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
#
# $$p \leftarrow p - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon},$$
#
# every operation elementwise. The divisions by $1 - \beta^t$ (*bias correction*) undo the pull
# towards the zeros $m$ and $v$ start from. (That is `torch.optim.Adam` without `weight_decay` and
# `amsgrad`, its defaults.)
#
# The optimizer keeps this per-parameter memory in `optimizer.state`, a `collections.defaultdict(dict)`
# keyed by the parameter tensors themselves: looking up a parameter that has no state yet gives it an
# empty dict, which the optimizer fills on that parameter's first step. Adam calls the three entries
# `step`, `exp_avg` ($m$) and `exp_avg_sq` ($v$).
# After one step on the raw readings $m$ is $(1-\beta_1)\,g = 0.1\,g$ and $v$ is $0.001\,g^2$, and
# each coordinate has moved by the learning rate:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
adam = optim.Adam([params], lr=1e-1)
print("optimizer.state is a", type(adam.state).__name__, "and before any step it is empty:", dict(adam.state))
loss_fn(model(t_u, *params), t_c).backward()
g = params.grad.clone()
adam.step()
state = adam.state[params]
print("gradient:           ", g)
print("state after 1 step:  step", state["step"].item(), "  exp_avg", state["exp_avg"],
      "  exp_avg_sq", state["exp_avg_sq"])
print("m = 0.1 g:", torch.allclose(state["exp_avg"], 0.1 * g), "   v = 0.001 g**2:",
      torch.allclose(state["exp_avg_sq"], 0.001 * g ** 2))
print("params after 1 step:", params.detach(), "  (each coordinate moved by lr = 0.1)")
for _ in range(2):
    adam.zero_grad()
    loss_fn(model(t_u, *params), t_c).backward()
    adam.step()
print("after 3 steps, state_dict():", adam.state_dict())

# %% [markdown]
# `state_dict()` is what a checkpoint saves: the state of each parameter, keyed by its position in the
# parameter groups (0 here) rather than by the tensor, and the groups' hyperparameters. A new Adam built
# on the same parameters starts with an empty state, as above: $t = 0$ and zero averages, unless
# `load_state_dict` hands it the old one.
#
# How far does Adam move a coordinate per step? By $\eta\,\hat m/(\sqrt{\hat v} + \epsilon)$, with
# $\hat m$ and $\hat v$ the bias-corrected averages. On a parameter's first step $\hat m = g$ and
# $\hat v = g^2$, so the move is $\eta\,|g|/(|g| + \epsilon)$: the learning rate, whatever the size of
# $g$ (that is what happened above, for a gradient of 4517 and one of 83). After that it is **roughly**
# $\eta$ while a coordinate's gradient keeps its sign and size, and smaller when the sign keeps
# flipping, since $m$ averages the flips out and $v$ does not. But $\eta$ is not a hard bound: when a
# gradient jumps up after a calm stretch, $m$ reacts faster than $v$ ($\beta_1 < \beta_2$) and
# $|\hat m|/\sqrt{\hat v}$ exceeds 1. With the default betas, a single spike after a long calm gives up to
# $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.2$, and a gradient that grows by the factor
# $\beta_2/\beta_1$ per step, the worst case, up to $(1-\beta_1)/\sqrt{(1-\beta_2)(1-\beta_1^2/\beta_2)}
# \approx 7.3$ (both in the limit of many steps; fewer steps give somewhat less). The cell feeds four
# made-up gradient sequences to one Adam, one per coordinate (Adam treats coordinates independently),
# and prints the largest step each coordinate took, in units of $\eta$:

# %%
n_calm, n_active = 3000, 400
sequences = torch.zeros(n_calm + n_active, 4, dtype=torch.float64)
sequences[:, 0] = 1.0                                                # constant
sequences[:, 1] = (-1.0) ** torch.arange(n_calm + n_active)         # sign flips at every step
sequences[n_calm, 2] = 1.0                                           # calm, then one spike
sequences[n_calm:, 3] = (0.999 / 0.9) ** torch.arange(n_active)     # calm, then the worst growth
probe = torch.zeros(4, dtype=torch.float64, requires_grad=True)
adam = optim.Adam([probe], lr=1e-2)
largest = torch.zeros(4, dtype=torch.float64)
for gradient in sequences:
    before = probe.detach().clone()
    probe.grad = gradient.clone()
    adam.step()
    largest = torch.maximum(largest, (probe.detach() - before).abs() / 1e-2)
for name, value in zip(["constant", "flipping sign", "calm, then one spike", "calm, then growing"], largest):
    print(f"{name:22s} largest step: {value.item():.3f} lr")
print(f"limits with the default betas: {0.1 / 0.001 ** 0.5:.3f} and {0.1 / (0.001 * (1 - 0.81 / 0.999)) ** 0.5:.3f}")

# %% [markdown]
# So "Adam moves each coordinate by about the learning rate" is a good rule of thumb, not a guarantee:
# the first step is exactly $\eta$, steady gradients give about $\eta$, and sudden growth gives a few
# times $\eta$ (and the coordinate with the flipping sign barely moves after its first steps; its
# largest step is its first).
#
# ### Adam's learning rate is in the units of the parameters
#
# Because every coordinate moves by about $\eta$ whatever its gradient, Adam does not care how large the
# gradient is: the factor 55 between the gradients of $w$ and $b$ on the raw readings does not bother
# it. The flip side is that $\eta$ is a step size *in the units of the parameters*, and it has to suit
# the size of the answer. Multiply the readings by 10 or 100 and the best $w$ shrinks by the same
# factor, to 0.054 and 0.0054, while the best $b$ stays $-17.3$. On `100 * t_u` the cell also records
# how far each coordinate moves per epoch, the largest gradients of the run, and, at the end, what
# Adam divides by: $\sqrt{\hat v}$, read from `adam.state`.

# %%
for factor in (10, 100):
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    adam = optim.Adam([params], lr=1e-1)
    moves, largest = [], torch.zeros(2)
    for epoch in range(2000):
        before = params.detach().clone()
        loss = loss_fn(model(factor * t_u, *params), t_c)
        adam.zero_grad()
        loss.backward()
        largest = torch.maximum(largest, params.grad.abs())
        adam.step()
        moves.append((params.detach() - before).abs())
    print(f"Adam, lr 0.1, 2000 epochs on {factor:3d} * t_u: loss {loss.item():8.4f}, params {params.detach()}"
          f"   (best: w = {0.5368 / factor:.4f}, b = -17.3048)")
moves = torch.stack(moves)  # (2000, 2): the run on 100 * t_u
for first, last in [(1, 10), (11, 100), (101, 500), (501, 2000)]:
    print(f"  epochs {first:4d} to {last:4d}: mean move of w {moves[first - 1:last, 0].mean().item():.1e}, "
          f"of b {moves[first - 1:last, 1].mean().item():.1e}")
state = adam.state[params]
v_hat = state["exp_avg_sq"] / (1 - 0.999 ** state["step"].item())
print("  largest |gradient| of the run:", largest, "  at epoch 2000: gradient", params.grad,
      "  sqrt(v_hat)", v_hat.sqrt())
for lr in (1e-2, 1e-3):
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    adam = optim.Adam([params], lr=lr)
    for epoch in range(2000):
        loss = loss_fn(model(100 * t_u, *params), t_c)
        adam.zero_grad()
        loss.backward()
        adam.step()
    print(f"Adam, lr {lr:g}, 2000 epochs on 100 * t_u: loss {loss.item():8.1f}, params {params.detach()}")

# %% [markdown]
# On `10 * t_u` Adam has not arrived after 2000 epochs (loss 9.05), and on `100 * t_u` the loss is
# still 23, eight times the minimum, with $b$ at $-2$ of the $-17.3$ it needs. The moves show why, and
# two causes add up.
#
# * **$v$ remembers the start.** In the first ten epochs both coordinates move by about the learning
#   rate, 0.1, as the rule of thumb says. Each such move of $w$ changes the predictions by up to
#   $0.1 \cdot 8190 \approx 800$ degrees, so the first steps overshoot, and the gradients they meet
#   are huge: up to $5.9 \cdot 10^7$ for $w$ and $10^4$ for $b$. $v$ averages the *squares*, and with
#   $\beta_2 = 0.999$ a square fades by a factor $e$ only every 1000 steps. At epoch 2000 the gradient
#   is about 2.7 for both, yet $\sqrt{\hat v}$, what Adam divides by, is $1.6 \cdot 10^6$ for $w$ and
#   283 for $b$, so the steps are tiny: after epoch 100 the moves of $w$ fall to $3 \cdot 10^{-5}$ and
#   then $10^{-7}$ per epoch, and $b$ crawls at $2.5 \cdot 10^{-4}$, then $6 \cdot 10^{-4}$ per epoch.
# * **One learning rate for parameters 3000 times apart.** $w$ must settle near 0.0054, where a move of
#   $10^{-4}$ already shifts the predictions by a degree; $b$ must travel 17. A learning rate small
#   enough for the first is far too small for the second, and lowering it does not help: with 0.01 the
#   loss ends at 26 and with 0.001 at 12 000. Smaller steps take longer to bring $w$ down (with 0.001
#   it is still at 0.023 after 2000 epochs) and move $b$ more slowly still.
#
# Adam is insensitive to the scale of the *gradients*, not to the scale of the *solution*: its learning
# rate is a step in the units of the parameters, one for all of them, and it must suit the size of
# each, as SGD's must suit the curvature. Scaling the input so that the parameters have closer sizes
# is what helps: on the raw readings, where $w$ is 0.54, about 30 times smaller than $|b|$ rather than 3000
# times, the same Adam reached the minimum within 2000 epochs.
#
# ### Why SGD struggles on the raw readings
#
# Chapter 4 measured the shape of this loss: on the raw readings the curvatures of $L(w, b)$ (the
# eigenvalues of its Hessian) differ by a factor of more than 30 000, and gradient descent diverges
# once the learning rate times the largest curvature exceeds 2:

# %%
hessian = torch.autograd.functional.hessian(lambda p: loss_fn(model(t_u.double(), *p), t_c.double()),
                                            torch.tensor([1.0, 0.0], dtype=torch.float64))
curvatures = torch.linalg.eigvalsh(hessian)
print("curvatures:", curvatures.tolist(), "  SGD diverges above lr =", 2 / curvatures[-1].item())

# %% [markdown]
# Here above lr ≈ 3.4e-4 (1e-2 was 30 times too large). At a safe 1e-4, the flat direction shrinks
# by a factor $1 - 10^{-4} \cdot 0.175$ per epoch, so after 2000 epochs SGD has hardly started:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
sgd_raw = train(optim.SGD([params], lr=1e-4), line_loss(params, t_u), n_epochs=2000, report_every=500)

# %% [markdown]
# The lowest loss any line reaches on these readings follows from least squares. Computed in float64 it
# is 2.927645: SGD's 2.927647 on `t_un` and Adam's loss on the raw readings, both printed above, are
# float32 losses within two units of the sixth decimal of it.

# %%
design = torch.stack([t_u.double(), torch.ones_like(t_u.double())], dim=1)
best_line = torch.linalg.lstsq(design, t_c.double()[:, None]).solution.flatten()
best_loss = loss_fn(model(t_u.double(), *best_line), t_c.double()).item()
print(f"least squares: w = {best_line[0].item():.4f}, b = {best_line[1].item():.4f}, loss {best_loss:.6f}")

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(np.arange(1, 5001), sgd_scaled, label="SGD, lr 1e-2, t_un = 0.1 t_u")
ax.plot(np.arange(1, 2001), adam_raw, label="Adam, lr 1e-1, raw t_u")
ax.plot(np.arange(1, 2001), sgd_raw, label="SGD, lr 1e-4, raw t_u")
ax.axhline(best_loss, color="0.5", linestyle=":", label="least-squares minimum")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (MSE)")
ax.set_title("The thermometer: SGD vs Adam")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 5. Momentum, and when it is stable
#
# SGD with momentum $\mu$ keeps a velocity $b$ per parameter, $b \leftarrow \mu\,b + g$, and steps
# $p \leftarrow p - \eta\,b$ (torch's form; on the first step $b = g$). On a long, gentle slope the velocity
# builds up to $g/(1 - \mu)$, ten times the gradient for $\mu = 0.9$: momentum is faster where plain
# SGD crawls.
#
# Is it also quicker to diverge? Not on a quadratic. On $f(x) = \frac{\lambda}{2}x^2$ plain SGD
# multiplies $x$ by $1 - \eta\lambda$ per step and is stable exactly for $\eta\lambda < 2$. With
# momentum the iteration is $x_{k+1} = x_k - \eta\lambda x_k + \mu\,(x_k - x_{k-1})$ (the "heavy ball"),
# whose two characteristic roots stay inside the unit circle exactly for $\eta\lambda < 2(1 + \mu)$:
# 3.8 for $\mu = 0.9$, a *wider* range than plain SGD's. The cell runs both on $f(x) = x^2/2$
# ($\lambda = 1$), 300 steps from $x = 1$:

# %%
print(f"{'lr * curvature':>14} | {'SGD':>10} | {'SGD, momentum 0.9':>17}")
for lr in (0.5, 1.9, 2.1, 3.0, 3.7, 3.9):
    ends = []
    for momentum in (0.0, 0.9):
        x = torch.ones(1, dtype=torch.float64, requires_grad=True)
        opt = optim.SGD([x], lr=lr, momentum=momentum)
        for _ in range(300):
            opt.zero_grad()
            (0.5 * x ** 2).sum().backward()
            opt.step()
        ends.append(f"{abs(x.item()):.1e}")
    print(f"{lr:>14} | {ends[0]:>10} | {ends[1]:>17}")

# %% [markdown]
# Below 2 both converge; between 2 and 3.8 plain SGD diverges and momentum still converges, at the same
# pace throughout (its two roots are complex there, of modulus $\sqrt{\mu} \approx 0.95$ per step);
# above 3.8 both diverge. So on a quadratic momentum tolerates *larger* learning rates, not smaller
# ones. On other landscapes the story
# can differ: far from a minimum, where gradients are large and keep their direction, the velocity can
# build up to ten times the gradient's step and throw a point out before it ever reaches the region
# where the quadratic picture holds. Section 9 shows both on Rosenbrock's function.
#
# ## 6. Mini-batches: the "stochastic" in SGD
#
# So far every step used all the data: *full-batch* gradient descent. With millions of examples that
# is too slow, and SGD, *stochastic* gradient descent, takes each step on a small random **mini-batch**
# instead: at the start of each epoch shuffle the examples, cut them into batches of `batch_size`, and
# take one step per batch. An epoch then makes many steps, each on a gradient that is noisy but right
# on average.
#
# The thermometer has only eleven readings, so here we use a larger data set, the noisy line of
# chapter 1, $y = 1 + 2x + $ noise, with 80 training points. Its least-squares fit has intercept
# $a \approx 1.0235$ and slope $b \approx 1.9690$; in the chapter's model `w * x + b`, $w$ is the slope.

# %%
x_train, y_train, _, _ = (torch.from_numpy(a).float().flatten() for a in data.linear_regression())
design = torch.stack([x_train.double(), torch.ones(len(x_train), dtype=torch.float64)], dim=1)
slope, intercept = torch.linalg.lstsq(design, y_train.double()[:, None]).solution.flatten().tolist()
lowest = loss_fn(model(x_train.double(), slope, intercept), y_train.double()).item()
print(f"{len(x_train)} training points; least squares: intercept {intercept:.4f}, slope {slope:.4f}, "
      f"loss {lowest:.6f}")

# %% [markdown]
# Why a mini-batch gradient is "right on average": the loss is a mean over the examples, so at fixed
# parameters the mean of the gradients of equal-sized batches that cover the data once is the full
# gradient (chapter 3 accumulated micro-batches to the same effect). Each batch's gradient alone is off:

# %%
batch_size = 16
shuffle = torch.Generator().manual_seed(0)
params = torch.tensor([0.0, 0.0], requires_grad=True)
order = torch.randperm(len(x_train), generator=shuffle)
batch_grads = []
for start in range(0, len(x_train), batch_size):
    batch = order[start:start + batch_size]
    grad, = torch.autograd.grad(loss_fn(model(x_train[batch], *params), y_train[batch]), params)
    batch_grads.append(grad)
full_grad, = torch.autograd.grad(loss_fn(model(x_train, *params), y_train), params)
print("the five batch gradients:", torch.stack(batch_grads))
print("their mean:", torch.stack(batch_grads).mean(dim=0), "  the full-batch gradient:", full_grad)


# %% [markdown]
# Now train both ways for 30 epochs with the same learning rate, 0.3: full batch (one step per epoch)
# and shuffled mini-batches of 16 (five steps per epoch, a new order every epoch, drawn from a seeded
# generator of our own). After each epoch we keep a copy of the parameters (a clone, since the next
# epoch's steps change `params` in place), and once training is over we measure the loss on all 80
# points at each copy. The copies do not require grad, so those losses build no graph.

# %%
def fit_line(x, y, n_epochs, lr, batch_size=None, seed=0, scheduler=None, momentum=0.0):
    """SGD on the line w * x + b from w = b = 0: full batch when batch_size is None, else shuffled
    mini-batches. ``scheduler``, if given, builds a learning-rate scheduler on the optimizer, stepped once
    per epoch. Returns the params and the loss on all of x after each epoch."""
    params = torch.tensor([0.0, 0.0], requires_grad=True)
    optimizer = optim.SGD([params], lr=lr, momentum=momentum)
    schedule = scheduler(optimizer) if scheduler else None
    shuffle = torch.Generator().manual_seed(seed)
    kept = []
    for epoch in range(1, n_epochs + 1):
        if batch_size is None:
            batches = [torch.arange(len(x))]
        else:
            order = torch.randperm(len(x), generator=shuffle)  # a new order every epoch
            batches = order.split(batch_size)
        for batch in batches:
            loss = loss_fn(model(x[batch], *params), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if schedule:
            schedule.step()
        kept.append(params.detach().clone())
    losses = [loss_fn(model(x, *p), y).item() for p in kept]
    return params.detach(), losses


full_params, full_losses = fit_line(x_train, y_train, 30, 0.3)
mini_params, mini_losses = fit_line(x_train, y_train, 30, 0.3, batch_size=16)
print(f"{'epoch':>5} | {'full batch (1 step/epoch)':>25} | {'mini-batches of 16 (5 steps/epoch)':>34}")
for epoch in (1, 2, 5, 10, 20, 30):
    print(f"{epoch:>5} | {full_losses[epoch - 1]:>25.6f} | {mini_losses[epoch - 1]:>34.6f}")
print("full batch, params:", full_params, "   mini-batches, params:", mini_params)

# %% [markdown]
# For the same number of passes over the data, the mini-batches made five times as many steps and
# are much closer to the least-squares line (slope 1.9690, intercept 1.0235). The price is noise: with a
# constant learning rate, SGD keeps jumping around the minimum instead of settling on it, since every
# step follows one batch's gradient, which is not zero at the minimum (the loss went *up* between
# epochs 20 and 30 above). With a larger learning rate, 0.6, the jumps are larger:

# %%
_, constant = fit_line(x_train, y_train, 30, 0.6, batch_size=16)
print("lr 0.6, constant, last 6 epochs, loss minus the minimum:",
      [f"{v - lowest:.1e}" for v in constant[-6:]])

# %% [markdown]
# `torch.utils.data.DataLoader` does the shuffling and the cutting for any data set
# (`DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True, generator=...)` yields one batch
# `(xb, yb)` at a time, a new order every epoch); the loop above does it by hand to show what happens.

# %%
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(x_train, y_train), batch_size=16, shuffle=True,
                    generator=torch.Generator().manual_seed(0))
for epoch in range(2):
    sizes = [len(xb) for xb, _ in loader]
    first_x = next(iter(loader))[0][:3]
    print(f"epoch {epoch + 1}: batch sizes {sizes}, first three x of a fresh pass: {first_x}")

# %% [markdown]
# ## 7. Changing the learning rate during training: schedulers
#
# The noise of the last section suggests large steps early, to travel, and small steps late, to
# settle. `torch.optim.lr_scheduler` does that: a scheduler is built on an optimizer, and each call of
# its `step()` (usually once per epoch, after the epoch's optimizer steps) writes a new learning rate
# into every param group's `group["lr"]`, which the optimizer's next `step()` reads. Two common ones:
# `StepLR` multiplies the learning rate by `gamma` every `step_size` epochs, and `CosineAnnealingLR`
# lowers it along half a cosine from its start to `eta_min` (0 by default) over `T_max` epochs.

# %%
for name, make in [("StepLR(step_size=3, gamma=0.5)", lambda o: optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
                   ("CosineAnnealingLR(T_max=10)", lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=10))]:
    p = torch.zeros(1, requires_grad=True)
    opt = optim.SGD([p], lr=0.6)
    schedule = make(opt)
    rates = []
    for epoch in range(10):
        rates.append(opt.param_groups[0]["lr"])  # the lr this epoch's steps use
        opt.zero_grad()
        p.sum().backward()
        opt.step()
        schedule.step()
    print(f"{name:31s} lr per epoch:", " ".join(f"{r:.3f}" for r in rates))

# %% [markdown]
# (`scheduler.get_last_lr()` returns the same numbers; call `scheduler.step()` after `optimizer.step()`,
# or PyTorch warns that the first learning rate was skipped.) On the noisy mini-batch run of section 6,
# a cosine schedule over the 30 epochs lets the same start of 0.6 settle:

# %%
cosine_params, cosine = fit_line(x_train, y_train, 30, 0.6, batch_size=16,
                                 scheduler=lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=30))
for label, losses in [("constant lr 0.6", constant), ("cosine from 0.6", cosine)]:
    print(f"{label:16s} last 6 epochs, loss minus the minimum:", " ".join(f"{v - lowest:.1e}" for v in losses[-6:]))
print("cosine, params:", cosine_params, f"  least squares: slope {slope:.4f}, intercept {intercept:.4f}")


# %% [markdown]
# Because a scheduler changes `group["lr"]` between steps, an optimizer must read its hyperparameters
# from its param groups at every step, not once in its constructor: the assignment's optimizers are
# tested for exactly that.
#
# ## 8. Weight decay: SGD, Adam and AdamW
#
# *Weight decay* pulls every parameter towards zero a little at each step, a classic guard against
# overfitting. For SGD, `weight_decay=λ` adds $\lambda p$ to the gradient, which is exactly the
# gradient of an extra loss term $\frac{\lambda}{2}\lVert p\rVert^2$ (*L2 regularisation*). `Adam`'s
# `weight_decay` does the same, before its normalisation: it is Adam on the loss plus the L2 term,
# *coupled* to the gradient. `AdamW` instead *decouples* it: it multiplies the parameter by
# $1 - \eta\lambda$, then takes the Adam step on the loss's gradient alone.
#
# The difference shows when one parameter has a large loss gradient and another none at all. Below,
# the loss is $50\,(p_0 - 3)^2$, so $p_1$ takes no part in it; both start at 1, and each optimizer takes
# 100 steps, SGD with lr 0.001 and the Adams with lr 0.01:

# %%
def decay_run(make_optimizer, l2=0.0, n_steps=100):
    p = torch.tensor([1.0, 1.0], requires_grad=True)
    opt = make_optimizer([p])
    for step in range(1, n_steps + 1):
        opt.zero_grad()
        loss = 50 * (p[0] - 3) ** 2 + 0.5 * l2 * (p ** 2).sum()
        loss.backward()
        opt.step()
    return p.detach()


print("SGD(weight_decay=0.1) vs SGD on loss + L2:",
      decay_run(lambda ps: optim.SGD(ps, lr=0.001, weight_decay=0.1)),
      decay_run(lambda ps: optim.SGD(ps, lr=0.001), l2=0.1))
runs = [
    ("Adam, no decay", lambda ps: optim.Adam(ps, lr=0.01), 0.0),
    ("Adam(weight_decay=0.1)", lambda ps: optim.Adam(ps, lr=0.01, weight_decay=0.1), 0.0),
    ("Adam on loss + 0.1 L2", lambda ps: optim.Adam(ps, lr=0.01), 0.1),
    ("Adam(weight_decay=1e-4)", lambda ps: optim.Adam(ps, lr=0.01, weight_decay=1e-4), 0.0),
    ("AdamW(weight_decay=0.1)", lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=0.1), 0.0),
    ("AdamW(weight_decay=1e-4)", lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=1e-4), 0.0),
]
for label, make, l2 in runs:
    p0, p1 = decay_run(make, l2).tolist()
    print(f"{label:25s} p0 = {p0:.4f}, p1 = {p1:.4f}")
print(f"(1 - lr * 0.1) ** 100 = {(1 - 0.01 * 0.1) ** 100:.4f}")


# %% [markdown]
# * SGD's weight decay and the L2 term give the same parameters (up to float32 rounding): for SGD, the
#   two are one thing.
# * `Adam(weight_decay=0.1)` is Adam on the loss plus the L2 term, as the identical lines show. On
#   $p_0$ the decay term $0.1\,p_0$ is drowned by a loss gradient in the hundreds: $p_0$ ends within
#   0.0002 of where Adam without decay puts it. On $p_1$ the decay term *is* the whole gradient, and
#   Adam normalises it to a step of about the learning rate: $p_1$ falls from 1 to 0.22, and a decay a
#   thousand times weaker (1e-4) does almost exactly the same. How far coupled decay moves a parameter
#   depends on the rest of its gradient far more than on the `weight_decay` you chose.
# * `AdamW` shrinks every parameter by the same factor $1 - \eta\lambda$ per step, on top of the Adam
#   step: $p_1$ ends at $0.999^{100} = 0.9048$ for $\lambda = 0.1$ and at 0.9999 for $10^{-4}$, and $p_0$
#   is pulled back a little too (1.78 instead of 1.90). The decay you ask for is the decay you get,
#   which is why AdamW, not Adam with `weight_decay`, is the usual choice.
#
# ## 9. A curved valley: Rosenbrock's function
#
# The thermometer's loss is a bowl. Rosenbrock's function is a classic test of optimizers because it is
# not: its minimum, $f = 0$ at $(1, 1)$, lies at the bottom of a long, narrow, curved valley,
#
# $$f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2 .$$
#
# Written with arithmetic operators only, the formula works elementwise on whatever $x$ and $y$ are:
# two numbers, two tensors of coordinates (one entry per point), or two NumPy grids for a contour map.
# The function below takes the two coordinates as two arguments, and its result has their broadcast
# shape. `torch.autograd.functional.hessian` accepts such a function of several tensors: handed a
# tuple of two 0-dim tensors, it returns the second derivatives as a 2 × 2 nest of 0-dim tensors, one
# per pair of arguments.

# %%
def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


MINIMUM = torch.tensor([1.0, 1.0])
one = torch.tensor(1.0, dtype=torch.float64)
second_derivatives = torch.autograd.functional.hessian(rosenbrock, (one, one))
hessian = torch.stack([torch.stack(row) for row in second_derivatives])
valley = torch.linalg.eigvalsh(hessian)
print("f(1, 1) =", rosenbrock(1.0, 1.0), "  Hessian at the minimum:", hessian.tolist())
print("curvatures at the minimum:", valley.tolist())
print(f"near the minimum, SGD is stable below lr = {2 / valley[-1].item():.4f}, "
      f"SGD with momentum 0.9 below lr = {2 * 1.9 / valley[-1].item():.4f}")

# %% [markdown]
# The curvatures at the minimum differ by a factor of 2500, worse than chapter 4's `t_un`. Near the
# minimum, plain SGD diverges above lr = 0.0020, and momentum 0.9 (section 5) above 0.0038.
#
# The same function, on two NumPy grids, draws the valley. The four dots are the starts of the race
# below:

# %%
starts = torch.tensor([[-1.2, 1.0], [0.0, 0.0], [-0.5, -0.5], [1.5, 2.5]], dtype=torch.float64)
start_colours = ["black", "tab:orange", "tab:cyan", "tab:olive"]
grid_x, grid_y = np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-1, 3, 300))
fig, ax = plt.subplots(figsize=(5.2, 5.2))
ax.contour(grid_x, grid_y, rosenbrock(grid_x, grid_y), levels=np.geomspace(0.1, 2000, 14), colors="0.7",
           linewidths=0.7)
ax.plot(1, 1, "*", markersize=14, color="red", markeredgecolor="black", zorder=5)
for (x0, y0), colour in zip(starts.tolist(), start_colours):
    ax.plot(x0, y0, "o", color=colour, markersize=7, label=f"({x0:g}, {y0:g})")
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("Rosenbrock's valley, and four starts")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ### 9.1 Three optimizers from four starts
#
# To run four starts at once, put them in one `(4, 2)` tensor, a point per row, and minimise the
# **sum** of their values: `rosenbrock(points[:, 0], points[:, 1])` has one value per row, computed from
# that row alone. So the gradient of the sum has each point's own gradient in its row; and SGD,
# momentum and Adam all update each number from its own gradient alone. One run on the stack is
# therefore four independent runs (the cell after the race checks it).
#
# This time the loop hands the optimizer a **closure**: `optimizer.step(closure)`, which every optimizer
# of `torch.optim` accepts, calls `closure()` to clear the gradients, compute the loss, back-propagate
# it and return it, and then updates (SGD, momentum and Adam call it once per step; LBFGS, several
# times). The closure is also where the race keeps its record. All the comparison needs is how far
# each start is from the minimum, step by step, and where it ends; so the closure notes each point's
# distance to $(1, 1)$ at the points where the step's gradient is taken (a new tensor, computed from
# `points.detach()`, outside the graph), and the race returns those distances and the end points.
#
# The points are float64. Along this valley a difference in the last digits of a number can grow into
# a visibly different run: the cell after the race runs Adam's start $(0, 0)$ in float32 too, where
# rounding is about $10^9$ times coarser. Where that float32 run ends depends on which of PyTorch's CPU
# kernels run (the output shows where it ended on the machine that built this notebook; with the generic
# kernels, `ATEN_CPU_CAPABILITY=default`, it reaches the minimum), while the float64 tables came out the
# same, to the digits shown, with the generic, AVX2 and AVX-512 kernels.

# %%
contenders = {
    "SGD, lr 0.001": lambda tensors: optim.SGD(tensors, lr=1e-3),
    "SGD + momentum 0.9, lr 0.001": lambda tensors: optim.SGD(tensors, lr=1e-3, momentum=0.9),
    "Adam, lr 0.1": lambda tensors: optim.Adam(tensors, lr=0.1),
}
N_STEPS = 2000


def race(make_optimizer, starts, n_steps=N_STEPS):
    """The end points, shape (k, 2), and each start's distance to the minimum before every step and
    after the last, shape (n_steps + 1, k)."""
    points = starts.clone().requires_grad_()
    optimizer = make_optimizer([points])
    distances = []

    def closure():
        distances.append(torch.linalg.norm(points.detach() - MINIMUM, dim=1))
        optimizer.zero_grad()
        loss = rosenbrock(points[:, 0], points[:, 1]).sum()
        loss.backward()
        return loss

    for step in range(1, n_steps + 1):
        optimizer.step(closure)
    distances.append(torch.linalg.norm(points.detach() - MINIMUM, dim=1))
    return points.detach(), torch.stack(distances)


results = {name: race(make, starts) for name, make in contenders.items()}

# %%
stack_ends, stack_distances = results["Adam, lr 0.1"]
alone_end, alone_distances = race(contenders["Adam, lr 0.1"], starts[1:2])  # the second start, on its own
print("Adam from (0, 0), alone vs in the stack, over 2000 steps: largest difference of the distances",
      (alone_distances[:, 0] - stack_distances[:, 1]).abs().max().item(), "and of the end points",
      (alone_end[0] - stack_ends[1]).abs().max().item())
float32_end = race(contenders["Adam, lr 0.1"], starts[1:2].float())[0][0]
float64_end = stack_ends[1]
print(f"Adam from (0, 0) after 2000 steps: in float64 at ({float64_end[0]:.4f}, {float64_end[1]:.4f}),"
      f" in float32 at ({float32_end[0]:.4f}, {float32_end[1]:.4f})")


# %% [markdown]
# Where is each start after 2000 steps, and from which step on was it within $10^{-3}$ of $(1, 1)$?

# %%
def arrival(distances, tolerance=1e-3):
    """For each start (a column of ``distances``): the first step from which it stays within
    ``tolerance`` of the minimum (None if it is not there at the end)."""
    far = distances > tolerance  # (n_steps + 1, k)
    steps = []
    for column in far.T:
        outside = torch.nonzero(column).flatten()
        steps.append(None if column[-1] else (0 if len(outside) == 0 else int(outside[-1]) + 1))
    return steps


print(f"{'start':>12} | " + " | ".join(f"{name:>30}" for name in contenders))
for i, start in enumerate(starts.tolist()):
    start = f"({start[0]:g}, {start[1]:g})"
    cells = []
    for name in contenders:
        ends, distances = results[name]
        steps = arrival(distances)[i]
        where = f"({ends[i, 0].item():.4f}, {ends[i, 1].item():.4f})"
        cells.append(f"{where:>18} {'in ' + str(steps) if steps is not None else 'not yet':>11}")
    print(f"{start:>12} | " + " | ".join(cells))

# %% [markdown]
# Plain SGD reaches the valley floor quickly and then crawls along it: after 2000 steps no start is
# within $10^{-3}$. Momentum, at the same learning rate, builds up speed along the floor and arrives
# from every start. Adam arrives from three of the four starts, each time sooner than momentum; from
# $(0, 0)$ it is still about 0.002 away after 2000 steps. The distances, step by step (the dotted line
# is $10^{-3}$):

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), sharey=True)
for ax, (name, (_, distances)) in zip(axes, results.items()):
    for i, colour in enumerate(start_colours):
        ax.plot(distances[:, i].numpy(), "-", color=colour, linewidth=1.0,
                label=f"from ({starts[i, 0].item():g}, {starts[i, 1].item():g})")
    ax.axhline(1e-3, color="0.5", linestyle=":")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_title(f"{name}, {N_STEPS} steps")
axes[0].set_ylabel("distance to (1, 1)")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncol=len(labels))
plt.tight_layout(rect=(0, 0.08, 1, 1))
plt.show()

# %% [markdown]
# SGD's distances fall slowly all the way, to between 0.37 and 0.76 after 2000 steps. Momentum's fall
# along nearly straight lines on this logarithmic scale: by about the same factor at every step, once
# it is in the valley. Adam's fall faster and faster from three starts; from $(0, 0)$ the distance saws
# up and down instead. There Adam comes within $10^{-3}$ of the minimum nine times (the first four
# within ten steps of each other), stays at most 66 steps each time, and between visits swings out to
# a few hundredths. Its 0.002 at step 2000 is where one of those swings happens to be.

# %%
sgd_distances = results["SGD, lr 0.001"][1]
print("SGD, distances after 2000 steps:", sgd_distances[-1])
adam_00 = results["Adam, lr 0.1"][1][:, 1]
inside = adam_00 <= 1e-3
comes_in = (inside[1:] & ~inside[:-1]).nonzero().flatten() + 1
leaves = (inside[:-1] & ~inside[1:]).nonzero().flatten() + 1
print("Adam from (0, 0), within 1e-3 from step ... until step ...:", list(zip(comes_in.tolist(), leaves.tolist())))
print(f"  closest: {adam_00.min().item():.1e} at step {adam_00.argmin().item()}; "
      f"farthest after step 500: {adam_00[500:].max().item():.3f}")

# %% [markdown]
# ### 9.2 The learning rate: where each optimizer diverges or crawls
#
# One optimizer can hold several **parameter groups**, each a dict with its own tensors and its own
# hyperparameters. That makes a learning-rate sweep one run: every learning rate gets its own copy of
# the starts, in its own group. After 2000 steps each start is counted as *reached* (within $10^{-3}$
# of the minimum), *diverged* (overflowed to inf or nan, or left the square $[-10^3, 10^3]^2$) or
# *still on its way*.

# %%
learning_rates = [1e-4, 1e-3, 1.5e-3, 2.5e-3, 3.5e-3, 1e-2, 3e-2, 1e-1]
sweep_starts = torch.tensor([[-1.2, 1.0], [0.0, 0.0], [1.2, 1.2], [0.5, 1.5], [-0.5, -0.5], [1.5, 2.5]],
                            dtype=torch.float64)
k = len(sweep_starts)


def sweep(optimizer_class, n_steps=N_STEPS, **settings):
    """The end points after ``n_steps``, one ``(k, 2)`` tensor per learning rate."""
    groups = [{"params": [sweep_starts.clone().requires_grad_()], "lr": lr} for lr in learning_rates]
    optimizer = optimizer_class(groups, **settings)
    for step in range(1, n_steps + 1):
        optimizer.zero_grad()
        points = torch.cat([group["params"][0] for group in groups])
        rosenbrock(points[:, 0], points[:, 1]).sum().backward()
        optimizer.step()
    return [group["params"][0].detach() for group in groups]


def tally(end):
    """(reached, diverged, distances to the minimum of the points that did not diverge)."""
    diverged = ~(torch.isfinite(end).all(dim=1) & (end.abs() < 1e3).all(dim=1))
    distance = torch.linalg.norm(end[~diverged] - MINIMUM, dim=1)
    return int((distance < 1e-3).sum()), int(diverged.sum()), distance


ends = {"SGD": sweep(optim.SGD), "SGD + momentum 0.9": sweep(optim.SGD, momentum=0.9), "Adam": sweep(optim.Adam)}
print(f"{'lr':>7} | " + " | ".join(f"{name:^27}" for name in ends))
print(f"{'':>7} | " + " | ".join(f"{'reached diverged on its way':^27}" for _ in ends))
for row, lr in enumerate(learning_rates):
    cells = []
    for name in ends:
        reached, diverged, _ = tally(ends[name][row])
        cells.append(f"{reached:^7} {diverged:^8} {k - reached - diverged:^11}")
    print(f"{lr:>7g} | " + " | ".join(f"{c:^27}" for c in cells))

# %% [markdown]
# * **SGD** has no good setting here. Up to 1.5e-3 it crawls along the valley floor. At 2.5e-3 and
#   3.5e-3 it is past the limit $2/\lambda_{\max} = 0.0020$ of the minimum: no point can settle there.
#   The points that do not overflow bounce between the valley's walls instead of travelling along it,
#   and stay far from the minimum (at 2.5e-3, where none overflows, the plot below shows their median
#   distance, about 0.3). From 1e-2 on every start diverges.
# * **Momentum** reaches every start at 1e-3 and 1.5e-3, where plain SGD crawls: the velocity does the
#   travelling. At 2.5e-3 and 3.5e-3, beyond SGD's limit but inside momentum's
#   $2(1+\mu)/\lambda_{\max} = 0.0038$, the points that arrive settle at the minimum, as section 5
#   predicts; the others are thrown out on the way, on the steep walls far from the minimum, where the
#   velocity builds up on large gradients before the quadratic picture applies. From 1e-2 on every
#   start diverges.
# * **Adam** never diverges here: a huge gradient still moves each coordinate by only a few times the
#   learning rate (section 4). Its failure mode is the other one: at small learning rates its steps are
#   small everywhere, and even at 0.1 it reaches the minimum from only four of the six starts within
#   2000 steps (the other two are still on their way), where momentum at 1e-3 reaches all six.
#
# A picture of the same sweep: the median distance to the minimum after 2000 steps; a learning rate at
# which any start diverged is drawn on the dotted line at the top.

# %%
fig, ax = plt.subplots(figsize=(7, 3.8))
for name, per_lr in ends.items():
    medians = []
    for end in per_lr:
        reached, diverged, distance = tally(end)
        medians.append(1e2 if diverged else max(float(distance.median()), 1e-8))
    ax.plot(learning_rates, medians, "o-", label=name)
ax.axhline(1e2, color="0.5", linestyle=":")
ax.text(1.1e-4, 1.3e2, "diverged", color="0.4")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-8, 1e3)
ax.set_xlabel("learning rate")
ax.set_ylabel("median distance to (1, 1)")
ax.set_title(f"Rosenbrock, {k} starts, {N_STEPS} steps")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## What to take away
#
# * An optimizer holds references to the tensors it updates: build it on the tensors the loss is
#   computed from, never on copies.
# * The loop is `zero_grad()`, forward, `backward()`, `step()`; `backward` fills `.grad`, `step`
#   changes the tensors in place and skips those whose `.grad` is `None` (what `zero_grad()` leaves by
#   default); a gradient of zeros is not skipped.
# * SGD's step is proportional to the gradient, so it depends on the curvature of the loss, and the
#   learning rate must stay below $2/\lambda_{\max}$. Momentum adds velocity: faster along gentle
#   valleys, and on a quadratic stable up to $2(1+\mu)/\lambda_{\max}$, although far from a minimum the
#   velocity can throw a point out. Adam keeps per-coordinate averages $m$ and $v$ in
#   `optimizer.state` and moves each coordinate by roughly its learning rate while the gradients keep
#   their size (far less once $v$ holds the squares of much larger gradients from earlier steps):
#   indifferent to the scale of the gradients, but its learning rate is a distance in the units of the
#   parameters, one for all of them.
# * Mini-batches make many cheap, noisy steps per epoch; a scheduler lowers the learning rate so the
#   noise settles; AdamW's weight decay is a fixed shrink per step, Adam's `weight_decay` an L2 term that
#   Adam's normalisation rescales.
#
# **Try it yourself (ungraded).**
#
# 1. Add `optim.RMSprop` with `lr=0.01` and `optim.SGD` with `nesterov=True` (and `momentum=0.9`) to the
#    race of section 9.1. Which of them arrive within 2000 steps?
# 2. In section 5, find the smallest momentum $\mu$ that keeps $\eta\lambda = 3$ stable, and compare
#    with $2(1+\mu) > 3$.
# 3. Train the line of section 6 with mini-batches of 1, 4, 16 and 80 points for the same number of
#    *steps*. Which gets closest to the least-squares line, and which for the same number of *epochs*?
# 4. Save `optimizer.state_dict()` of an Adam halfway through the thermometer run, build a new Adam,
#    `load_state_dict` it, and check that the second half gives the same parameters as an unbroken run.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 4: A training loop by hand](ch04_training_loop.ipynb) · [Contents](contents.ipynb) · next: [Chapter 6: Modules and devices](ch06_modules_and_devices.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch05/ch05_optimizers.ipynb)
