# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 4: A training loop by hand · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch04_training_loop.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch04_training_loop.ipynb)

# %% [markdown]
# # Chapter 4: A training loop by hand
#
# Chapters 1 to 3 computed gradients and took single steps. This chapter puts the pieces together into
# a complete training loop, on the thermometer of *Deep Learning with PyTorch* (chapter 5): eleven
# readings of a thermometer with unknown units `t_u`, the same moments in degrees Celsius `t_c`, and
# the model `t_c ≈ w * t_u + b`. By the end you will have seen:
#
# 1. the gradient of the loss derived by hand, and a loop that uses it;
# 2. that loop blowing up on the raw readings, the shape of the loss that explains it (its curvatures
#    and its contour map), and what rescaling and standardising the input change;
# 3. 5000 epochs reproducing the book's numbers, next to the exact least-squares answer;
# 4. autograd doing the derivation for models we never differentiated, a quadratic and a cubic;
# 5. a seeded train/validation split, both losses per epoch, and what they say about overfitting;
# 6. the fitted curves drawn over the data.
#
# The assignment (`release/ch04/`) asks you to write the autograd loop for the straight line the way
# the book does, with its two parameters in one tensor and the gradient from `backward`, and a random
# split of your own.

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
from torch.utils.data import random_split

from autograd_course import data
from autograd_course.thermometer import least_squares, loss_fn, model, plot_fit, plot_losses

torch.set_printoptions(precision=4, sci_mode=False)

# %% [markdown]
# ## 1. The data, the model and the loss
#
# `data.thermometer()` returns the two series as float32 NumPy arrays; `torch.from_numpy` turns them
# into tensors that share their memory.

# %%
t_c, t_u = (torch.from_numpy(a) for a in data.thermometer())
print("t_c:", t_c)
print("t_u:", t_u)

fig, ax = plt.subplots(figsize=(5, 3.5))
plot_fit(ax, t_u, t_c)
plt.show()

# %% [markdown]
# The points lie close to a line, so the model is a line, and the loss is the mean squared error. Both
# come from the course package, because chapter 5 uses them too:
#
# ```python
# def model(t_u, w, b):
#     return w * t_u + b
#
# def loss_fn(t_p, t_c):
#     squared_diffs = (t_p - t_c) ** 2
#     return squared_diffs.mean()
# ```
#
# With the book's starting guess $w = 1$, $b = 0$ the predictions are the raw readings themselves, far
# from the Celsius values:

# %%
w, b = torch.tensor(1.0), torch.tensor(0.0)
t_p = model(t_u, w, b)
print("loss at w = 1, b = 0:", loss_fn(t_p, t_c).item())


# %% [markdown]
# ## 2. The gradient by hand
#
# Write $L = \frac{1}{n}\sum_i (t_{p,i} - t_{c,i})^2$ with $t_{p,i} = w\,t_{u,i} + b$. The chain rule
# goes through each prediction:
#
# $$\frac{\partial L}{\partial t_{p,i}} = \frac{2}{n}(t_{p,i} - t_{c,i}), \qquad
# \frac{\partial t_{p,i}}{\partial w} = t_{u,i}, \qquad \frac{\partial t_{p,i}}{\partial b} = 1,$$
#
# so $\partial L/\partial w = \sum_i \frac{2}{n}(t_{p,i} - t_{c,i})\,t_{u,i}$ and
# $\partial L/\partial b = \sum_i \frac{2}{n}(t_{p,i} - t_{c,i})$.

# %%
def gradient_by_hand(t_u, t_c, w, b):
    """(dL/dw, dL/db) of the mean squared error of the line, from the formulas above."""
    dloss_dtp = 2 / t_u.numel() * (model(t_u, w, b) - t_c)
    return torch.stack([(dloss_dtp * t_u).sum(), dloss_dtp.sum()])


print("gradient at w = 1, b = 0:", gradient_by_hand(t_u, t_c, w, b))

# %% [markdown]
# That is the book's $(4517.2969, 82.6000)$. As a check, autograd (chapter 2) gives the same numbers
# from one `backward`. float32 keeps about seven significant digits, and near 4517 two neighbouring
# float32 numbers are $2^{-11} \approx 0.00049$ apart, so the last printed digit depends on the order in
# which the operations round: writing `2 * (t_p - t_c) / n` instead of `2 / n * (t_p - t_c)` lands on
# the neighbouring float32 number, 4517.2964. Which one is "right"? float64 answers that for two
# different inputs, and they are not the same:

# %%
wb = torch.tensor([1.0, 0.0], requires_grad=True)
loss_fn(model(t_u, *wb), t_c).backward()
print("autograd:                    ", wb.grad)
errors = model(t_u, 1.0, 0.0) - t_c
print("float32, 2 * errors / n:     ", (2 * errors / t_u.numel() * t_u).sum())
print("float32 spacing near 4517:   ", (torch.nextafter(wb.grad[0], torch.tensor(5000.0)) - wb.grad[0]).item())
stored = gradient_by_hand(t_u.double(), t_c.double(), 1.0, 0.0)[0].item()
written = gradient_by_hand(torch.tensor(data.THERMOMETER_UNKNOWN, dtype=torch.float64),
                           torch.tensor(data.THERMOMETER_CELSIUS, dtype=torch.float64), 1.0, 0.0)[0].item()
print(f"float64 from the float32 readings: {stored:.7f}")
print(f"float64 from the readings as written (decimal): {written:.7f}")
print(f"the two float32 answers minus the second: {wb.grad[0].item() - written:.7f} and "
      f"{(2 * errors / t_u.numel() * t_u).sum().item() - written:.7f}")


# %% [markdown]
# * The float32 tensors do not hold the readings as written: 35.7 or 55.9 have no exact binary form,
#   and each is rounded to the nearest float32 number when the data is loaded.
# * For those stored values, float64 gives 4517.29656: here the two float32 results, 4517.29639 and
#   4517.29688, do lie on either side of it.
# * For the readings as written (the decimal numbers, converted straight to float64), the gradient is
#   4517.29636, *below* both float32 results: rounding the inputs to float32 moved the gradient by
#   0.0002, enough to take it out of that bracket.
#
# So the two float32 answers do not bracket the gradient of the data as written; they lie 0.00002 and
# 0.0005 above it, within about one float32 step, which is all float32 promises. The book's 4517.2969
# is one correct float32 answer among two.

# %% [markdown]
# ## 3. A loop with the hand-made gradient
#
# Gradient descent repeats one step: move the parameters a little against the gradient,
# $\theta \leftarrow \theta - \eta\,\nabla L(\theta)$, with learning rate $\eta$. One pass over the
# training data is an *epoch*; with eleven readings each epoch is one step on all of them.
#
# Nothing here is tracked by autograd, so the loop may build a new `params` tensor at each step. (An
# autograd loop has to take more care, as section 5 shows.) The loss it records at each epoch is the
# loss *before* that epoch's update, as the book prints it. Long runs print a line every `print_every`
# epochs only.

# %%
def fit_line_by_hand(n_epochs, learning_rate, params, t_u, t_c, val=None, print_every=0):
    """Gradient descent on the line with the hand-made gradient.

    ``params`` is a tensor ``[w, b]``; ``val``, when given, is a pair ``(t_u_val, t_c_val)`` whose loss is
    recorded each epoch but never trained on. Returns the final ``params`` and the lists of training
    and validation losses, one value per epoch.
    """
    train_losses, val_losses = [], []
    for epoch in range(1, n_epochs + 1):
        w, b = params
        loss = loss_fn(model(t_u, w, b), t_c)
        train_losses.append(loss.item())
        if val is not None:
            val_losses.append(loss_fn(model(val[0], w, b), val[1]).item())
        params = params - learning_rate * gradient_by_hand(t_u, t_c, w, b)
        if print_every and epoch % print_every == 0:
            print(f"epoch {epoch:5d}   loss {loss.item():.6f}")
    return params, train_losses, val_losses


# %% [markdown]
# ### The raw readings: a learning rate of `1e-2` diverges
#
# Start at $w = 1$, $b = 0$ and take a few dozen steps with $\eta = 10^{-2}$, watching when the loss,
# the gradient and the parameters stop being finite numbers:

# %%
def first_epoch(values, test):
    """The first epoch (counting from 1) at which ``test`` holds for the value, or None."""
    return next((epoch for epoch, value in enumerate(values, start=1) if test(value)), None)


params, history = torch.tensor([1.0, 0.0]), []
for epoch in range(30):
    w, b = params
    grad = gradient_by_hand(t_u, t_c, w, b)
    history.append((loss_fn(model(t_u, w, b), t_c), grad, params))
    params = params - 1e-2 * grad
for epoch in (1, 2, 3, 4, 5):
    print(f"epoch {epoch}: loss {history[epoch - 1][0].item():.6g}")
for what, column in [("loss", 0), ("gradient", 1), ("params", 2)]:
    values = [row[column] for row in history]
    print(f"{what:>8}: first inf at epoch {first_epoch(values, lambda v: torch.isinf(v).any())}, "
          f"first nan at epoch {first_epoch(values, lambda v: torch.isnan(v).any())}")
print("params at epochs 21, 22, 23:", [history[k][2].tolist() for k in (20, 21, 22)])

# %% [markdown]
# Each step overshoots, and the loss grows by a factor of about 3300 per epoch. The order in which
# things break is worth reading off:
#
# * the **loss** overflows float32 first, at epoch 11: it is a mean of *squares*, and squaring errors
#   of order $10^{19}$ gives numbers beyond float32's largest, about $3.4\cdot10^{38}$. The parameters are still
#   finite then (around $10^{17}$), and the gradient too, so the loop goes on diverging with finite
#   numbers;
# * the **gradient** overflows at epoch 21 (its $w$ component, which carries a factor $t_u$), and
#   that epoch's update makes $w = -\infty$: epoch 22 starts from it;
# * epoch 22's gradient is $-\infty$ in both components, so its update computes
#   $w - \eta \cdot \partial L/\partial w = -\infty + \infty$, which is **nan** (and $b = +\infty$):
#   epoch 23 starts from $w$ = nan, its loss and gradient are nan, and from epoch 24 on $b$ is nan too.
#
# The reason for the divergence is the size of the gradient. The first gradient is $(4517, 83)$, so a
# step of $10^{-2}$ moves $w$ by 45 when the answer is near 0.5. A smaller learning rate stops the
# explosion, but look at the two components of the gradient:

# %%
params, losses, _ = fit_line_by_hand(2000, 1e-4, torch.tensor([1.0, 0.0]), t_u, t_c, print_every=500)
print("params:", params, "  gradient there:", gradient_by_hand(t_u, t_c, *params))

# %% [markdown]
# The loss only creeps down. $\partial L/\partial w$ carries a factor $t_u$ (readings from 22 to 82)
# that $\partial L/\partial b$ lacks, so the two directions want very different step sizes. A learning
# rate small enough for $w$ leaves $b$ crawling: after 2000 epochs $\partial L/\partial b$ is still 2.9,
# so $b$ moves by $3\cdot10^{-4}$ per epoch; it is near $-0.6$, on its way to about $-17$, and $w$ has
# settled where that $b$ puts it.
#
# ### The shape of the loss, and what rescaling changes
#
# The loss is a quadratic function of $(w, b)$, so its shape is fixed by its Hessian, the matrix of
# second derivatives,
#
# $$H = \frac{2}{n}\begin{pmatrix} \sum_i t_{u,i}^2 & \sum_i t_{u,i} \\ \sum_i t_{u,i} & n \end{pmatrix},$$
#
# whose eigenvalues are the curvatures along the two principal directions. Gradient descent with
# learning rate $\eta$ multiplies the distance to the minimum along a direction of curvature $\lambda$
# by $1 - \eta\lambda$ at each step: it diverges once $\eta\lambda_{\max} > 2$, and the flattest
# direction shrinks only by $1 - \eta\lambda_{\min}$. The ratio $\lambda_{\max}/\lambda_{\min}$ says how
# many more steps the flat direction needs than the steep one.
#
# Compare three versions of the input: the raw readings; the book's `t_un = 0.1 * t_u`; and the
# readings **standardised**, $z = (t_u - \bar t_u)/s$ with their mean and standard deviation.

# %%
t_un = 0.1 * t_u
t_z = (t_u - t_u.mean()) / t_u.std()
inputs = {"raw t_u": t_u, "t_un = 0.1 * t_u": t_un, "standardised z": t_z}

curvatures = {}
for name, x in inputs.items():
    hessian = torch.autograd.functional.hessian(
        lambda p: loss_fn(model(x.double(), *p), t_c.double()), torch.tensor([1.0, 0.0], dtype=torch.float64))
    curvatures[name] = torch.linalg.eigvalsh(hessian)  # ascending
    low, high = curvatures[name].tolist()
    print(f"{name:17s} mean {x.mean().item():6.2f}, std {x.std().item():5.2f}   curvatures {low:8.4f} and "
          f"{high:9.2f}, ratio {high / low:8.1f}, diverges above lr = {2 / high:.2g}")

# %% [markdown]
# * On the raw readings the ratio is about 34 000, and $\eta = 10^{-2}$ was 30 times the largest safe
#   learning rate.
# * `t_un` shrinks every entry of the first row and column of $H$ by 10 or 100, and the ratio falls to
#   357: far better, yet still ill-conditioned. The reason is that `t_un` is **not centred**: its mean
#   (5.2) is three times its spread (1.7), so the off-diagonal entry $\frac{2}{n}\sum_i t_{un,i}$ is
#   large, and $w$ and $b$ are coupled: raising $w$ by $\delta$ lifts every prediction by $t_{un,i}\,\delta$,
#   on average $5.2\,\delta$, which lowering $b$ by about as much must undo. The valley runs diagonally,
#   and it is long and narrow.
# * Standardising removes the mean (the off-diagonal entry becomes 0, so $w$ and $b$ decouple) and
#   divides by the spread (the diagonal becomes $2(n-1)/n$ and 2, since `std` divides by $n - 1$). The
#   ratio is $n/(n-1) = 1.1$: the valley is round, and one learning rate suits both directions; with
#   $\eta = 0.5$ the distance to the minimum shrinks by a factor of ten or more per step along both.
#
# The contour map of $L(w, b)$ shows the same thing. Each panel has equal scales on both axes and
# shows 300 steps of gradient descent from $w = 1$, $b = 0$, each with the learning rate $1/\lambda_{\max}$
# of its own input (half its divergence limit), so the panels are a fair race.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 5))
for ax, (name, x) in zip(axes, inputs.items()):
    w_best, b_best = least_squares(x, t_c)
    lr = 1 / curvatures[name][-1].item()
    params, path = torch.tensor([1.0, 0.0]), [torch.tensor([1.0, 0.0])]
    for _ in range(300):
        params = params - lr * gradient_by_hand(x, t_c, *params)
        path.append(params)
    path = torch.stack(path).numpy()
    # A square window around the start and the minimum, and the loss on a grid over it (NumPy, float64).
    half = 1.15 * max(abs(w_best - 1.0), abs(b_best))
    grid_w, grid_b = np.meshgrid(np.linspace((w_best + 1) / 2 - half, (w_best + 1) / 2 + half, 300),
                                 np.linspace(b_best / 2 - half, b_best / 2 + half, 300))
    x64, c64 = x.double().numpy(), t_c.double().numpy()
    surface = ((grid_w[..., None] * x64 + grid_b[..., None] - c64) ** 2).mean(axis=-1)
    lowest = np.mean((w_best * x64 + b_best - c64) ** 2)
    ax.contour(grid_w, grid_b, surface, levels=lowest + np.geomspace(0.5, 3000, 12), colors="0.6",
               linewidths=0.7)
    ax.plot(path[:, 0], path[:, 1], ".-", markersize=2, linewidth=0.8, label=f"300 steps, lr {lr:.2g}")
    ax.plot(w_best, b_best, "*", markersize=13, color="red", label="minimum")
    ax.set_aspect("equal")
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_title(f"{name}: curvature ratio {curvatures[name][-1].item() / curvatures[name][0].item():,.1f}")
    ax.legend(loc="lower left")
    w_end, b_end = path[-1]
    print(f"{name:17s} after 300 steps: w = {w_end:7.4f}, b = {b_end:8.4f}, loss {loss_fn(model(x, w_end, b_end), t_c).item():9.6f}"
          f"   (minimum: w = {w_best:7.4f}, b = {b_best:8.4f})")
plt.tight_layout()
plt.show()

# %% [markdown]
# On the raw readings the valley is a thin canyon almost parallel to the $b$ axis: 300 steps take $w$
# down to the canyon floor and move $b$ by 0.17 of the 17.3 it has to go. With `t_un` the valley is a
# long tilted ellipse: the path reaches its floor and then creeps along it, a little over half way
# ($b = -9.7$ of $-17.3$). With standardised inputs the contours are circles, and the path runs straight
# to the minimum, which it has reached after 300 steps.
#
# The book takes the middle road, `t_un`, and it is enough to train in reasonable time, as the next
# section shows. Every model is the same line: only the unit of the input changed, and with it how hard
# the minimum is to reach.
#
# ## 4. The book's numbers, and the exact answer
#
# With `t_un`, a learning rate of `1e-2` is stable (the limit is 0.033). 5000 epochs, a line every 500:

# %%
params, losses, _ = fit_line_by_hand(5000, 1e-2, torch.tensor([1.0, 0.0]), t_un, t_c, print_every=500)
print("params:", params)

# %% [markdown]
# Loss 2.927647 at epoch 5000 and parameters $(5.3671, -17.3012)$, the book's numbers. How close is that
# to the best line? For a line, the minimum of the mean squared error has a closed form (the normal
# equations), which `least_squares` solves in float64:

# %%
w_exact, b_exact = least_squares(t_un, t_c)
loss_exact = loss_fn(model(t_un.double(), w_exact, b_exact), t_c.double()).item()
print(f"least squares on t_un:      w = {w_exact:.5f}, b = {b_exact:.5f}, loss {loss_exact:.6f}")
print(f"gradient descent, 5000 ep.: w = {params[0].item():.5f}, b = {params[1].item():.5f}, "
      f"loss {loss_fn(model(t_un, *params), t_c).item():.6f}")

# %% [markdown]
# Gradient descent ends within 0.001 of the exact slope and 0.004 of the exact intercept, with a loss
# about $2\cdot10^{-6}$ above the minimum. Most of that gap is not rounding: after 5000 epochs gradient
# descent has simply not finished. Near the minimum the gradient is small, and each step is the
# learning rate times the gradient:

# %%
print("gradient at the params after 5000 epochs:", gradient_by_hand(t_un, t_c, *params))
more, _, _ = fit_line_by_hand(2000, 1e-2, params, t_un, t_c)
even_more, _, _ = fit_line_by_hand(1000, 1e-2, more, t_un, t_c)
print("after 2000 more epochs:", more.tolist())
print("after 1000 more again: ", even_more.tolist())

# %% [markdown]
# Two thousand more epochs bring the parameters to within about 0.0006 of the exact answer, and there
# they stop: the remaining float32 gradient is so small that $10^{-2}$ times it no longer changes
# numbers near 5 and 17 by a representable amount. That last gap is float32's; float64 would go on.
#
# The parameters belong to `t_un`. On the original readings the same line has slope $w/10$:
# $t_c \approx 0.5368\,t_u - 17.30$. Rescaling changed how easy the problem was to optimise, not its
# answer.

# %%
print(f"on t_u: w = {w_exact / 10:.7f}, b = {b_exact:.7f};   least squares on t_u directly:",
      "w = {:.7f}, b = {:.7f}".format(*least_squares(t_u, t_c)))


# %% [markdown]
# The two agree to about $10^{-6}$, not exactly: float32's `0.1 * t_u` rounds each reading, which moves
# the exact intercept from $-17.3047854$ to $-17.3047850$. Rounded to five decimals, the exact
# least-squares line of the rescaled data is $w = 5.36772$, $b = -17.30479$; on the float32 `t_un` the
# last digit of $b$ reads 8.

# %% [markdown]
# ## 5. Autograd derives the gradient for us
#
# The hand-made gradient was three lines for a line. Change the model and the derivation starts over.
# The book's next model is a quadratic,
#
# $$t_p = w_2\,t_u^2 + w_1\,t_u + b,$$
#
# and with autograd we change only the model. Here each coefficient is a separate 0-dim leaf tensor
# created with `requires_grad=True`, and each epoch
#
# * builds the loss from the current coefficients (a fresh graph every epoch);
# * asks `torch.autograd.grad(loss, coefficients)` for the gradients. It *returns* them, one per
#   coefficient, and leaves every `.grad` alone (chapter 3), so nothing carries over from one epoch to
#   the next and nothing needs clearing. (A loop built on `loss.backward()` instead reads the gradients
#   from `.grad`, into which `backward` *adds*: that loop must clear `.grad` before each `backward`.)
# * updates each coefficient **in place**, under `torch.no_grad()`. In place, because the coefficients
#   must stay the very leaf tensors the next epoch's graph starts from; under `no_grad`, because an
#   in-place change of a leaf that requires grad is refused while autograd records (chapter 3), and a
#   rebinding `c = c - lr * g` with recording on would make `c` a non-leaf result of this epoch's graph.
#
# The same function fits any model given as `predict(t, *coefficients)`, starting from zeros. Besides
# the training losses it returns the coefficients' values at the start of every epoch, one row per
# epoch: section 6 measures other readings at them. Each row is a new tensor (`torch.stack` copies), so
# the later in-place updates leave it alone, and it is detached: it takes no part in any graph.

# %%
def quadratic(t, w2, w1, b):
    return w2 * t ** 2 + w1 * t + b


def fit_with_autograd(predict, n_coefficients, n_epochs, learning_rate, t_in, t_c, print_every=0):
    """Gradient descent on ``predict`` from all-zero coefficients, gradients from torch.autograd.grad.

    Returns the coefficients (0-dim leaf tensors), the list of training losses and a tensor of shape
    ``(n_epochs, n_coefficients)``: row k holds the coefficients at which epoch k + 1's loss was computed.
    """
    coefficients = [torch.zeros((), requires_grad=True) for _ in range(n_coefficients)]
    train_losses, history = [], []
    for epoch in range(1, n_epochs + 1):
        history.append(torch.stack(coefficients).detach())
        predictions = predict(t_in, *coefficients)
        loss = loss_fn(predictions, t_c)
        gradients = torch.autograd.grad(loss, coefficients)
        with torch.no_grad():
            for c, g in zip(coefficients, gradients):
                c -= learning_rate * g
        train_losses.append(loss.item())
        if print_every and epoch % print_every == 0:
            print(f"epoch {epoch:5d}   loss {loss.item():.6f}")
    return coefficients, train_losses, torch.stack(history)


# %% [markdown]
# On `t_un` the squared input reaches 67, and the learning rate that suited the line is far too large
# for $w_2$:

# %%
coefficients, losses, _ = fit_with_autograd(quadratic, 3, 100, 1e-2, t_un, t_c)
print("after 100 epochs with lr 1e-2: loss", losses[-1], " coefficients", [c.item() for c in coefficients])
print("and .grad was never filled:", [c.grad for c in coefficients])
coefficients, losses, _ = fit_with_autograd(quadratic, 3, 2000, 5e-4, t_un, t_c, print_every=500)

# %% [markdown]
# With $\eta = 5\cdot10^{-4}$ it is stable but slow: the same imbalance as on the raw readings in
# section 3, now between $t_u^2$ and 1. Standardising helps here too: it puts $z$, $z^2$ and 1 on
# comparable scales.

# %%
coefficients, losses, _ = fit_with_autograd(quadratic, 3, 300, 1e-1, t_z, t_c, print_every=100)

exact = np.polyfit(t_z.double().numpy(), t_c.double().numpy(), 2)  # highest power first
exact_loss = np.mean((np.polyval(exact, t_z.double().numpy()) - t_c.double().numpy()) ** 2)
print("autograd:     ", [round(c.item(), 4) for c in coefficients])
print("least squares:", [round(float(v), 4) for v in exact], " loss", round(float(exact_loss), 6))

# %% [markdown]
# Autograd's loop reaches the exact quadratic fit, loss about 2.09, lower than the line's 2.93. That
# is no surprise and no evidence that the quadratic is better: the line *is* a quadratic with
# $w_2 = 0$, so on the data it is fitted to, the quadratic can only do as well or better. Whether it
# does better on readings it has not seen is the question of the next section.
#
# ## 6. Training and validation
#
# A loss computed on the data a model was fitted to is an optimistic grade. So before training we put
# some readings aside as a *validation* set: the model never trains on them, and their loss, tracked
# every epoch, estimates how the model does on new readings.
#
# The split has to be random (the readings have no meaningful order, but a slice of "the last two"
# would pick whatever happened to be recorded last) and reproducible. PyTorch's
# `torch.utils.data.random_split` does both when it is handed a generator of its own, seeded: it
# shuffles the indices with that generator and cuts them into parts of the sizes asked for (fractions
# are turned into sizes by rounding down and handing the remainder out one by one, so 0.8 and 0.2 of 11
# readings give 9 and 2). Drawing from a private generator leaves the global random state, which every
# other draw in the notebook uses, as it was:

# %%
state_before = torch.get_rng_state()
train_part, val_part = random_split(range(len(t_u)), [0.8, 0.2], generator=torch.Generator().manual_seed(14))
print("the global random state is unchanged:", torch.equal(torch.get_rng_state(), state_before))
train_idx, val_idx = torch.tensor(train_part.indices), torch.tensor(val_part.indices)
again = random_split(range(len(t_u)), [0.8, 0.2], generator=torch.Generator().manual_seed(14))[1]
print("the same seed gives the same split:", again.indices == val_part.indices)
print("validation readings: t_u =", t_u[val_idx], " t_c =", t_c[val_idx])
print(f"training range of t_u: {t_u[train_idx].min().item():.1f} to {t_u[train_idx].max().item():.1f}")


# %% [markdown]
# One of the two validation readings, 21.8, is colder than every training reading: the models will have
# to extrapolate there. We train three models on the nine training readings: the line (hand-made
# gradient), the quadratic, and a cubic $w_3 z^3 + w_2 z^2 + w_1 z + b$ (autograd). For each epoch we
# want both losses at the parameters of that epoch, before its update. All three see the input
# standardised with the *training* readings' mean and standard deviation (validation data must not
# shape the model in any way), so that 3000 epochs with learning rate 0.1 take each of them to its
# least-squares fit of the training part; the cell prints how close each gets.
#
# The validation readings are only measured, and the two loops measure them in different ways. The
# hand-made loop does it as it goes (`val=`): nothing in it is tracked by autograd. For the autograd
# models the cell measures them afterwards, at each row of coefficients that `fit_with_autograd`
# returned. The rows do not require grad, so these losses build no graph; the same loss at the live
# coefficients, which require grad, would be the end of a graph reaching back to them (the cell prints
# both). Such a graph would cost memory and time for nothing, and would put the validation readings
# one `backward` away from the coefficients.

# %%
def cubic(t, w3, w2, w1, b):
    return ((w3 * t + w2) * t + w1) * t + b


def losses_at(predict, history, t, c):
    """The loss on ``(t, c)`` at each row of coefficients in ``history``, as a list of floats."""
    return [loss_fn(predict(t, *row), c).item() for row in history]


train_mean, train_std = t_u[train_idx].mean(), t_u[train_idx].std()
t_s = (t_u - train_mean) / train_std
n_epochs = 3000
standardised_val = (t_s[val_idx], t_c[val_idx])
line, line_train, line_val = fit_line_by_hand(n_epochs, 1e-1, torch.tensor([1.0, 0.0]), t_s[train_idx],
                                              t_c[train_idx], val=standardised_val)
quad, quad_train, quad_history = fit_with_autograd(quadratic, 3, n_epochs, 1e-1, t_s[train_idx], t_c[train_idx])
cube, cube_train, cube_history = fit_with_autograd(cubic, 4, n_epochs, 1e-1, t_s[train_idx], t_c[train_idx])
quad_val = losses_at(quadratic, quad_history, *standardised_val)
cube_val = losses_at(cubic, cube_history, *standardised_val)
from_a_row = loss_fn(cubic(standardised_val[0], *cube_history[-1]), standardised_val[1])
at_the_live = loss_fn(cubic(standardised_val[0], *cube), standardised_val[1])
print(f"a validation loss at a row of the history: requires_grad {from_a_row.requires_grad}, grad_fn "
      f"{from_a_row.grad_fn};  at the live coefficients: requires_grad {at_the_live.requires_grad}, grad_fn "
      f"{type(at_the_live.grad_fn).__name__}")

for name, fitted, train, val in [("line", line, line_train, line_val), ("quadratic", quad, quad_train, quad_val),
                                 ("cubic", cube, cube_train, cube_val)]:
    best = int(np.argmin(val))
    # np.polyfit lists the coefficients highest power first, as the models take them.
    exact = np.polyfit(t_s[train_idx].double().numpy(), t_c[train_idx].double().numpy(), len(fitted) - 1)
    gap = np.abs(np.array([c.item() for c in fitted]) - exact).max()
    print(f"{name:9s}  final: training {train[-1]:7.3f}, validation {val[-1]:7.3f}   "
          f"lowest validation {val[best]:6.3f} at epoch {best + 1} (training {train[best]:6.3f} then)   "
          f"largest gap to least squares {gap:.0e}")

fig, axes = plt.subplots(1, 3, figsize=(13, 3.5), sharey=True)
for ax, name, train, val in zip(axes, ["line", "quadratic", "cubic"], [line_train, quad_train, cube_train],
                                [line_val, quad_val, cube_val]):
    plot_losses(ax, train, val, title=name)
plt.tight_layout()
plt.show()

# %% [markdown]
# Read the three panels from left to right.
#
# * **All three have arrived.** Each ends within $3\cdot10^{-5}$ of its least-squares coefficients, so
#   the final losses are those of the best line, quadratic and cubic for these nine readings; stopped
#   earlier, a model that is still on its way would be judged on where it happened to be.
# * **The validation loss is not always above the training loss.** Here the quadratic ends with a
#   *lower* validation loss than training loss (0.09 against 2.55): the two validation readings happen
#   to lie close to its curve. A model is fitted to the training readings, so over many splits its
#   validation loss is usually the higher one (the next cell counts, and prints the mean and the
#   median of the gap); but a validation set of two readings is a tiny sample, and on a given split it
#   can land on either side.
# * **A validation loss that rises while the training loss still falls is the sign to watch**: from
#   there on, the steps fit the training readings in ways that do not carry over to the validation
#   readings. The cubic shows it plainly. It has the lowest training loss of the three, 1.87, yet its
#   validation loss bottoms out at 0.13 at epoch 73 and then climbs to 65, five hundred times as much:
#   the extra coefficient bends the curve towards the nine training readings, and at 21.8, outside
#   their range, the bend sends the prediction far off.
# * The line shows the same sign on a small scale: its validation loss dips to 0.91 at epoch 9, while
#   its training loss is still 9.5, and rises to 3.54 as the line settles on its least-squares fit. On
#   its way from $w = 1, b = 0$ the line passes closer to the two validation readings than where it
#   ends. Whether that early line would do better on new readings, two validation readings cannot
#   tell; stopping there would keep a line whose training loss is three times the best one's.
#
# How often does the validation loss come out below the training loss? All three models have reached
# the least-squares fit of the training part, so the closed form answers the question for 200 seeds in
# a fraction of a second:

# %%
below = {1: 0, 2: 0, 3: 0}
gaps = {1: [], 2: [], 3: []}
x_all, c_all = t_u.double().numpy(), t_c.double().numpy()
for seed in range(200):
    parts = random_split(range(len(t_u)), [0.8, 0.2], generator=torch.Generator().manual_seed(seed))
    train_i, val_i = np.array(parts[0].indices), np.array(parts[1].indices)
    z = (x_all - x_all[train_i].mean()) / x_all[train_i].std(ddof=1)
    for degree in below:
        fit = np.polyfit(z[train_i], c_all[train_i], degree)
        train_loss = np.mean((np.polyval(fit, z[train_i]) - c_all[train_i]) ** 2)
        val_loss = np.mean((np.polyval(fit, z[val_i]) - c_all[val_i]) ** 2)
        below[degree] += int(val_loss < train_loss)
        gaps[degree].append(val_loss - train_loss)
for degree, name in [(1, "line"), (2, "quadratic"), (3, "cubic")]:
    print(f"{name:9s}: validation below training in {below[degree]:3d} of 200 splits; "
          f"validation - training: median {np.median(gaps[degree]):5.2f}, mean {np.mean(gaps[degree]):6.2f}")

# %% [markdown]
# Validation above training is the usual case, not a rule: the gap is positive in mean and in median
# for all three models, growing with the degree, yet for the line it is negative on about one split in
# six. That is why one small split says little, and why the model is chosen by comparing validation
# losses (of several models, or of one model over the epochs), not by the sign of one gap.
#
# What to do with this: pick the model (and the number of epochs) by the validation loss, never by the
# training loss, and keep the validation readings out of everything the model is fitted with, the
# standardisation included. Stopping where the validation loss is lowest is called *early stopping*.
#
# ## 7. The fitted curves over the data
#
# The last picture puts the models over the readings. The exact line of section 4 was fitted on `t_un`,
# so it predicts from `0.1 * t_u`; the models of section 6 saw only the nine training readings (the two
# validation readings are circled). The cubic's bend below 35 is where its validation loss comes from.

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
plot_fit(ax, t_u, t_c, curves=[
    ("line, least squares on all readings", lambda t: model(0.1 * t, w_exact, b_exact)),
    ("quadratic, training part", lambda t: quadratic((t - train_mean) / train_std, *quad)),
    ("cubic, training part", lambda t: cubic((t - train_mean) / train_std, *cube)),
])
ax.plot(t_u[val_idx].numpy(), t_c[val_idx].numpy(), "o", markersize=14, markerfacecolor="none", color="red",
        label="validation readings")
ax.legend()
plt.show()

# %% [markdown]
# ## Exercises (ungraded)
#
# 1. In section 3, find by trial the largest learning rate (to one significant digit) at which the loop
#    on the raw readings does not diverge, and compare it with the limit $2/\lambda_{\max}$ printed in
#    the curvature cell. How many epochs does it need to bring the loss below 3?
# 2. Train the line on the standardised input with $\eta = 0.5$. How many epochs does it need to reach
#    the loss of section 4? Convert its parameters back to a line on `t_u` and compare with
#    `least_squares(t_u, t_c)`.
# 3. Centre the input without scaling it, $t_u - \bar t_u$, and compute the curvature ratio. Which of
#    the two steps of standardising, centring or scaling, does most of the work here?
# 4. Write the gradient of the quadratic by hand, and check it against `torch.autograd.grad` at a few
#    points.
# 5. Repeat section 6 with seeds 0 to 5. For which splits does the cubic's validation loss turn
#    upward? Relate it to where the validation readings lie.
# 6. Section 6 standardised with the training readings only. Standardise with all eleven instead and
#    see whether anything you can measure changes here; explain why, with more data, it matters.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 3: Accumulation and switching tracking off](ch03_accumulation_and_no_grad.ipynb) · [Contents](contents.ipynb) · next: [Chapter 5: Optimizers (SGD and Adam)](ch05_optimizers.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch04/ch04_training_loop.ipynb)
