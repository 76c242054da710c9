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
# 1. looks at the menu of optimizers in `torch.optim`;
# 2. shows that an optimizer holds the **very tensors** it updates, and what happens when it holds copies;
# 3. takes the four-step loop (`zero_grad`, forward, `backward`, `step`) apart, printing `params` and
#    `params.grad` after every step;
# 4. races SGD against Adam on the thermometer, where Adam fits the raw readings that made SGD diverge;
# 5. moves to a landscape with four valleys, Himmelblau's function: gradient descent by hand, then SGD,
#    SGD with momentum and Adam from several starting points, their paths on a contour map, and a
#    learning-rate sweep that shows where each one diverges or crawls.
#
# The assignment (`release/ch05/`) turns this around: there you write SGD with momentum and Adam
# yourself and check them against `torch.optim`, step by step.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@9b59d82e9e9d3771772d0b82a2eb972af3aed026"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import optim

from autograd_course import data, himmelblau
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
# They all share one interface. The constructor takes the tensors to optimize (or groups of them, see
# section 5.3) and the hyperparameters; the object then offers
#
# * `zero_grad()`: clear the `.grad` of every tensor it holds (by default it sets them to `None`);
# * `step()`: update every tensor it holds whose `.grad` is not `None`, in place, from that gradient
#   and from whatever the optimizer remembers of earlier steps.
#
# A few make extra demands: `LBFGS.step` needs a *closure*, a function that recomputes the loss, because
# it evaluates the loss several times per step; `SparseAdam` accepts only sparse gradients. The
# optimizers of this chapter, SGD and Adam, need neither.
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
# see through is refused outright: `params.clone()` is not a leaf but a result computed from `params`,
# and an optimizer can only update leaves.

# %%
show_error(lambda: optim.SGD([params.clone()], lr=1e-2))

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
# * `zero_grad()` set `params.grad` to `None`; `params` did not change.
# * The forward pass recorded a graph from `params` to `loss`; it changed neither.
# * `backward()` filled `params.grad` with $\partial L/\partial(w, b)$ at the current `params`.
# * `step()` changed `params`, in place, and left `params.grad` alone. For plain SGD the change is
#   exactly $-\eta \cdot$`params.grad`.
#
# Swap two of them and the loop goes wrong quietly: `zero_grad()` between `backward()` and `step()`
# leaves `step()` nothing to use (every `.grad` is `None`, so nothing moves), and no `zero_grad()` at
# all makes every step use the sum of all gradients so far.

# %% [markdown]
# ## 4. SGD vs Adam on the thermometer
#
# The loop of section 3, repeated for many epochs, with one line of progress every few hundred.
# The loss recorded for an epoch is the one computed before that epoch's step.

# %%
def train(optimizer, params, t_u, n_epochs, report_every):
    history = np.empty(n_epochs)
    for epoch in range(1, n_epochs + 1):
        t_p = model(t_u, *params)
        loss = loss_fn(t_p, t_c)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history[epoch - 1] = loss.item()
        if epoch % report_every == 0:
            print(f"  epoch {epoch:5d}, loss {history[epoch - 1]:.6f}")
    print("  params:", params.detach())
    return history


# %% [markdown]
# SGD with the learning rate of chapter 4, on the raw readings `t_u`: the first gradient is
# $(4517, 83)$, so the first step moves $w$ by 45, and every later step overshoots further.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
diverged = train(optim.SGD([params], lr=1e-2), params, t_u, n_epochs=10, report_every=2)

# %% [markdown]
# On the rescaled readings `t_un = 0.1 * t_u`, the same optimizer reproduces the numbers of chapter
# 4's hand-written loop: loss 2.927647 and params $(5.3671, -17.3012)$ after 5000 epochs.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
sgd_scaled = train(optim.SGD([params], lr=1e-2), params, t_un, n_epochs=5000, report_every=1000)

# %% [markdown]
# Adam, on the **raw** readings, with learning rate 0.1 for 2000 epochs. Its parameters are in the
# units of `t_u`, so $w$ is a tenth of SGD's: $0.5367 \cdot t_u = 5.367 \cdot t_{un}$, the same line.

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
adam_raw = train(optim.Adam([params], lr=1e-1), params, t_u, n_epochs=2000, report_every=500)

# %% [markdown]
# Why does Adam cope with the raw readings? It divides each coordinate's step by a running estimate
# of that coordinate's gradient size, $\sqrt{\hat v}$. The gradients of $w$ and $b$ differ by a factor
# of 55, and Adam's first step moves both by the same amount, the learning rate:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
adam = optim.Adam([params], lr=1e-1)
loss_fn(model(t_u, *params), t_c).backward()
print("gradient:", params.grad)
adam.step()
print("after one Adam step:", params.detach(), "  (each coordinate moved by lr = 0.1)")

# %% [markdown]
# SGD has no such scaling, and on the raw readings the loss is badly shaped for it. Its curvature
# (the eigenvalues of the Hessian with respect to $(w, b)$) differs by a factor of more than 30 000
# between the steepest and the flattest direction:

# %%
hessian = torch.autograd.functional.hessian(lambda p: loss_fn(model(t_u.double(), *p), t_c.double()),
                                            torch.tensor([1.0, 0.0], dtype=torch.float64))
curvatures = torch.linalg.eigvalsh(hessian)
print("curvatures:", curvatures.tolist(), "  SGD diverges above lr =", 2 / curvatures[-1].item())

# %% [markdown]
# Gradient descent on a quadratic diverges once the learning rate times the largest curvature exceeds
# 2, here above lr ≈ 3.4e-4 (1e-2 was 30 times too large). At a safe 1e-4, the flat direction shrinks
# by a factor $1 - 10^{-4} \cdot 0.175$ per epoch, so after 2000 epochs SGD has hardly started:

# %%
params = torch.tensor([1.0, 0.0], requires_grad=True)
sgd_raw = train(optim.SGD([params], lr=1e-4), params, t_u, n_epochs=2000, report_every=500)

# %% [markdown]
# The lowest loss any line reaches on these readings follows from least squares. Computed in float64 it
# is 2.927645; the float32 losses printed above can land a unit below it in the sixth decimal
# (Adam's 2.927644), which is rounding, not a better line.

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
# ## 5. Himmelblau's function: four valleys
#
# A line has one best fit. Himmelblau's function has four minima, all with value 0:
#
# $$f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$$
#
# at $(3, 2)$ and, to six decimals, $(-2.805118, 3.131312)$, $(-3.779310, -3.283186)$ and
# $(3.584428, -1.848126)$ (at the other three, rounded, $f$ is at most about $10^{-11}$). Which one an
# optimizer finds depends on where it starts, and on the optimizer.
#
# Below, the function works on a whole batch of points at once: `points` has shape `(k, 2)`, one
# point per row, and the result has shape `(k,)`.

# %%
def heights(points):
    x, y = points.unbind(-1)
    first = x * x + y - 11
    second = x + y * y - 7
    return first * first + second * second


minima = torch.tensor(himmelblau.MINIMA)
print("f at the four minima, as rounded to six decimals (float64):", [f"{v:.1e}" for v in heights(minima).tolist()])
print("f at (0, 0):", heights(torch.tensor([[0.0, 0.0]])).item())


# %% [markdown]
# ### 5.1 Gradient descent by hand, from (0, 0)
#
# Plain gradient descent with learning rate 0.001, from $(0, 0)$, written without an optimizer:
# `torch.autograd.grad` returns the gradient (and leaves `.grad` alone), and each step builds the next
# point as a new leaf from the old point's values, so autograd records nothing of the update. After a
# few hundred steps the point is in the valley of $(3, 2)$.

# %%
def descend_by_hand(start, lr, n_steps, report=()):
    point = start.clone().requires_grad_()
    for step in range(1, n_steps + 1):
        height = heights(point)
        grad, = torch.autograd.grad(height, point)
        # A fresh leaf from the new values: nothing about the update is recorded.
        point = point.detach() - lr * grad
        point.requires_grad_()
        if step in report:
            print(f"  step {step:4d}: point {point.detach().tolist()}, f before the step {height.item():.3g}")
    return point.detach()


end32 = descend_by_hand(torch.zeros(2), lr=0.001, n_steps=1000, report=(1, 10, 100, 200, 400, 600, 1000))

# %% [markdown]
# By step 600 the float32 point has stopped moving, about $6 \cdot 10^{-6}$ from $(3, 2)$. A fixed
# learning rate is not what stops it. Near $(3, 2)$ the function is close to a quadratic whose
# curvatures are the eigenvalues of its Hessian, about 26 and 82, so each step with lr 0.001 still
# shrinks the distance by 2.6 % to 8 %. The reason is float32: the step `lr * grad` has become smaller
# than half the gap between neighbouring float32 numbers near 3 (about $2.4 \cdot 10^{-7}$), so
# `point - lr * grad` rounds back to `point`.

# %%
print("curvatures at (3, 2):",
      torch.linalg.eigvalsh(torch.autograd.functional.hessian(heights, torch.tensor([3.0, 2.0], dtype=torch.float64))))
probe = end32.clone().requires_grad_()
grad, = torch.autograd.grad(heights(probe), probe)
print("lr * grad at the float32 end point:", (0.001 * grad).tolist())
print("gap between float32 neighbours of 3:", (torch.nextafter(torch.tensor(3.0), torch.tensor(4.0)) - 3.0).item())
print("point - lr * grad == point:", torch.equal(end32 - 0.001 * grad, end32))
print("distance of the float32 end point to (3, 2):", torch.linalg.norm(end32 - torch.tensor([3.0, 2.0])).item())

# %% [markdown]
# In float64 the same loop keeps going, and reaches $(3, 2)$ to about twelve digits.

# %%
end64 = descend_by_hand(torch.zeros(2, dtype=torch.float64), lr=0.001, n_steps=1000, report=(600, 1000))
print("distance to (3, 2):", torch.linalg.norm(end64 - torch.tensor([3.0, 2.0], dtype=torch.float64)).item())

# %% [markdown]
# ### 5.2 SGD, SGD with momentum and Adam, from four starts
#
# Now with `torch.optim`. To run four starts at once, put them in one `(4, 2)` tensor and minimise
# the **sum** of their heights. Each point's height depends only on its own row, so the gradient of
# the sum has each point's own gradient in its row; and SGD, momentum and Adam all update each number
# from its own gradient alone. One run on the stack is therefore four independent runs. The cell
# after the race checks that claim on one start.
#
# The path is kept in a preallocated tensor: assigning `points.detach()` into a row of `path` copies
# the values, so later steps do not change rows already written.

# %%
starts = torch.tensor([[0.0, 0.0], [0.0, -1.0], [-4.0, 0.0], [1.0, -4.0]])
contenders = {
    "SGD, lr 0.01": (optim.SGD, dict(lr=0.01)),
    "SGD + momentum 0.9, lr 0.001": (optim.SGD, dict(lr=0.001, momentum=0.9)),
    "Adam, lr 0.1": (optim.Adam, dict(lr=0.1)),
}
N_STEPS = 300


def race(optimizer_class, settings, starts, n_steps=N_STEPS):
    points = starts.clone().requires_grad_()
    optimizer = optimizer_class([points], **settings)
    path = torch.empty(n_steps + 1, *starts.shape, dtype=starts.dtype)
    path[0] = points.detach()
    for step in range(1, n_steps + 1):
        optimizer.zero_grad()
        heights(points).sum().backward()
        optimizer.step()
        path[step] = points.detach()
    return path


paths = {name: race(cls, settings, starts) for name, (cls, settings) in contenders.items()}

# %%
alone = race(optim.Adam, dict(lr=0.1), starts[1:2])  # the second start, on its own
print("Adam from (0, -1) alone vs in the stack, largest difference along the path:",
      (alone[:, 0] - paths["Adam, lr 0.1"][:, 1]).abs().max().item())


# %% [markdown]
# Where did each start end up, and after how many steps was it within $10^{-3}$ of that minimum (and
# stayed there)?

# %%
def arrival(path, tolerance=1e-3):
    """For each start: the minimum the last point is nearest to, and the first step from which the path
    stays within ``tolerance`` of it (None if it never gets there)."""
    index, _ = himmelblau.nearest_minimum(path[-1])
    target = torch.tensor(himmelblau.MINIMA[index], dtype=path.dtype)
    far = torch.linalg.norm(path - target, dim=-1) > tolerance  # (n_steps + 1, k)
    steps = []
    for column in far.T:
        outside = torch.nonzero(column).flatten()
        if column[-1]:
            steps.append(None)
        else:
            steps.append(0 if len(outside) == 0 else int(outside[-1]) + 1)
    return index, steps


header = f"{'start':>11} | " + " | ".join(f"{name:>29}" for name in contenders)
print(header)
print("-" * len(header))
results = {name: arrival(path) for name, path in paths.items()}
for i, start in enumerate(starts.tolist()):
    cells = []
    for name in contenders:
        index, steps = results[name]
        cells.append(f"{himmelblau.MINIMA_NAMES[index[i]]:>15} in {str(steps[i]):>4} steps".rjust(29))
    print(f"{str(tuple(start)):>11} | " + " | ".join(cells))

# %% [markdown]
# Three of the four starts end in a different valley depending on the optimizer. The paths show why: plain SGD follows the steepest slope and turns with every bend;
# momentum keeps some of its earlier velocity, overshoots and swings across the valley floor, which
# can carry it over a ridge into another basin; Adam moves each coordinate by roughly the learning
# rate at first, whatever the slope, so it heads diagonally at first.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 5.2))
start_colours = ["black", "tab:orange", "tab:cyan", "tab:olive"]
for ax, (name, path) in zip(axes, paths.items()):
    himmelblau.draw_contours(ax)
    for i, colour in enumerate(start_colours):
        xy = path[:, i].numpy()
        ax.plot(xy[:, 0], xy[:, 1], "-", color=colour, linewidth=1.2, label=f"from {tuple(starts[i].tolist())}")
        ax.plot(xy[0, 0], xy[0, 1], "o", color=colour, markersize=6)
    ax.set_title(f"{name}, {N_STEPS} steps")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncol=len(labels))
plt.tight_layout(rect=(0, 0.06, 1, 1))
plt.show()

# %% [markdown]
# ### 5.3 The learning rate: where each optimizer diverges or crawls
#
# One optimizer can hold several **parameter groups**, each a dict with its own tensors and its own
# hyperparameters. That makes a learning-rate sweep one run: every learning rate gets its own copy of
# the starts, in its own group. After 300 steps each start is counted as *reached* (within $10^{-3}$
# of a minimum), *diverged* (overflowed to inf or NaN, or left the square $[-10^3, 10^3]^2$) or
# *still on its way*.

# %%
learning_rates = [1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 1.0]
sweep_starts = torch.tensor([[0.0, 0.0], [0.0, -1.0], [-4.0, 0.0], [1.0, -4.0], [-1.0, 0.0], [4.0, 4.0]])
k = len(sweep_starts)


def sweep(optimizer_class, n_steps=N_STEPS, **settings):
    """The end points after ``n_steps``, one ``(k, 2)`` tensor per learning rate."""
    groups = [{"params": [sweep_starts.clone().requires_grad_()], "lr": lr} for lr in learning_rates]
    optimizer = optimizer_class(groups, **settings)
    for step in range(1, n_steps + 1):
        optimizer.zero_grad()
        heights(torch.cat([group["params"][0] for group in groups])).sum().backward()
        optimizer.step()
    return [group["params"][0].detach() for group in groups]


def tally(end):
    """(reached, diverged, distances to the nearest minimum of the points that did not diverge)."""
    diverged = ~(torch.isfinite(end).all(dim=1) & (end.abs() < 1e3).all(dim=1))
    _, distance = himmelblau.nearest_minimum(end[~diverged])
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
# * **SGD** works in a window of about one decade. At 1e-4 it crawls: 300 steps are not enough. At
#   3e-2 no minimum can hold it: as on the thermometer, a minimum is stable for SGD only while the
#   learning rate times its largest curvature stays below 2, and the cell below shows that 3e-2 is
#   past that limit at all four minima. The points hop from slope to slope without settling. At 0.1
#   the steps grow without bound and overflow.
# * **Momentum** multiplies the effective step by about $1/(1 - 0.9) = 10$ once the velocity builds
#   up. That helps at small learning rates (1e-4 already gets most starts there) and hurts at large
#   ones: it diverges from 3e-2 on, where plain SGD merely bounced.
# * **Adam** never diverges here: its step per coordinate is about the learning rate, whatever the
#   gradient, so a huge gradient cannot throw it far. The flip side is that a small learning rate
#   means small steps everywhere: at 1e-3 it crawls from every start, and even 1e-2 leaves points
#   short of a minimum after 300 steps.
#

# %%
for (mx, my), name in zip(himmelblau.MINIMA, himmelblau.MINIMA_NAMES):
    steepest = torch.linalg.eigvalsh(torch.autograd.functional.hessian(
        heights, torch.tensor([mx, my], dtype=torch.float64)))[-1].item()
    print(f"minimum {name:>15}: largest curvature {steepest:6.1f}, stable for SGD below lr = {2 / steepest:.4f}")

# %% [markdown]
# A picture of the same sweep: the median distance to the nearest minimum after 300 steps; a
# learning rate at which any start diverged is drawn on the dotted line at the top.

# %%
fig, ax = plt.subplots(figsize=(7, 3.8))
for name, per_lr in ends.items():
    medians = []
    for end in per_lr:
        reached, diverged, distance = tally(end)
        medians.append(1e2 if diverged else max(float(np.median(distance)), 1e-8))
    ax.plot(learning_rates, medians, "o-", label=name)
ax.axhline(1e2, color="0.5", linestyle=":")
ax.text(1.1e-4, 1.3e2, "diverged", color="0.4")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-8, 1e3)
ax.set_xlabel("learning rate")
ax.set_ylabel("median distance to a minimum")
ax.set_title(f"Himmelblau, {k} starts, {N_STEPS} steps")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## What to take away
#
# * An optimizer holds references to the tensors it updates: build it on the tensors the loss is
#   computed from, never on copies.
# * The loop is `zero_grad()`, forward, `backward()`, `step()`; `backward` fills `.grad`, `step`
#   changes the tensors in place and skips those whose `.grad` is `None`.
# * SGD's step is proportional to the gradient, so it depends on the scale of the inputs and has a
#   narrow range of workable learning rates. Momentum adds velocity: faster in gentle valleys, sooner
#   to diverge. Adam scales each coordinate by its own gradient history: robust to scale, and with a
#   step about the size of the learning rate.
# * On a landscape with several minima, the one you reach depends on the start and on the optimizer.
#
# **Try it yourself (ungraded).**
#
# 1. Add `optim.RMSprop` with `lr=0.01` and `optim.SGD` with `nesterov=True` to the race of section 5.2.
#    Which valleys do they reach from the four starts?
# 2. Run the sweep with 1000 steps instead of 300. Which "on its way" entries turn into "reached",
#    and which never will?
# 3. Rerun section 5.1 in float32 with learning rate 0.01. Does it stall closer to $(3, 2)$ or
#    further away, and why?

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 4: A training loop by hand](ch04_training_loop.ipynb) · [Contents](contents.ipynb) · next: [Chapter 6: Modules and devices](ch06_modules_and_devices.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch05/ch05_optimizers.ipynb)
