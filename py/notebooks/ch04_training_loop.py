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
# 2. that loop blowing up on the raw readings, and why rescaling the input fixes it;
# 3. 5000 epochs reproducing the book's numbers, next to the exact least-squares answer;
# 4. autograd doing the derivation for a model we never differentiated, the book's quadratic;
# 5. a seeded train/validation split, both losses per epoch, and what their gap says about overfitting;
# 6. the fitted curves drawn over the data.
#
# The assignment (`release/ch04/`) asks you to write the autograd version of the loop for the straight
# line, and the split.

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
# from one `backward`, and float64 shows the digits that float32 rounds away:

# %%
wb = torch.tensor([1.0, 0.0], requires_grad=True)
loss_fn(model(t_u, *wb), t_c).backward()
print("autograd:", wb.grad)
print("float64: ", gradient_by_hand(t_u.double(), t_c.double(), 1.0, 0.0).tolist())
errors = model(t_u, 1.0, 0.0) - t_c
print("float32, 2 * errors / n instead of 2 / n * errors:", (2 * errors / t_u.numel() * t_u).sum())


# %% [markdown]
# float32 keeps about seven significant digits, so its last printed digit depends on the order in which
# the operations round: writing `2 * (t_p - t_c) / n` instead of `2 / n * (t_p - t_c)` gives 4517.2964
# (last line). Both are correct to float32 precision; the exact value lies between them.

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
# Start at $w = 1$, $b = 0$ and take a few hundred steps with $\eta = 10^{-2}$:

# %%
params, losses, _ = fit_line_by_hand(200, 1e-2, torch.tensor([1.0, 0.0]), t_u, t_c)
for epoch in (1, 2, 3, 4, 5):
    print(f"epoch {epoch}: loss {losses[epoch - 1]:.6g}")
first_inf = next(i for i, value in enumerate(losses, start=1) if value == float("inf"))
print(f"the loss first reaches inf at epoch {first_inf}; after 200 epochs params = {params}")

# %% [markdown]
# Each step overshoots: the loss grows by a factor of thousands per epoch, overflows float32 to `inf`,
# and then `inf - inf` gives `nan`. The reason is the size of the gradient. The first gradient is
# $(4517, 83)$, so a step of $10^{-2}$ moves $w$ by 45 when the answer is near 0.5. A smaller learning
# rate stops the explosion, but look at the two components of the gradient:

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
# ### Rescaling the input
#
# The book's fix is to rescale the input so that both gradient components have similar sizes:
# `t_un = 0.1 * t_u`, readings from 2.2 to 8.2. The model is unchanged; only the unit of the input is.

# %%
t_un = 0.1 * t_u
print("gradient at w = 1, b = 0 on t_un:", gradient_by_hand(t_un, t_c, torch.tensor(1.0), torch.tensor(0.0)))

# %% [markdown]
# ## 4. The book's numbers, and the exact answer
#
# With `t_un`, a learning rate of `1e-2` is stable. 5000 epochs, a line every 500:

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
# and with autograd we change only the model. The gradient comes from `backward`, so the loop changes in
# three places compared with section 3:
#
# * the parameters are leaf tensors created with `requires_grad=True` (here one tensor per
#   coefficient);
# * `backward` *adds* into `.grad` (chapter 3), so before each `backward` the loop drops the previous
#   epoch's gradient, here by setting it to `None`;
# * the update runs in place, with autograd's recording switched off by `torch.no_grad()` (used here as a
#   decorator, which switches recording off for the whole function). Written as `c = c - lr * c.grad`
#   with recording on, the update would be recorded: `c` would become a non-leaf result of this
#   epoch's graph, whose `.grad` the next `backward` does not fill; written in place with recording
#   on, it is refused with an error (chapter 3).
#
# The same function fits any model given as `predict(t, *coefficients)`, starting from zeros; the
# validation loss, when asked for, is computed without building a graph.

# %%
def quadratic(t, w2, w1, b):
    return w2 * t ** 2 + w1 * t + b


@torch.no_grad()
def descend_(coefficients, learning_rate):
    """One gradient-descent step on each coefficient, in place and unrecorded."""
    for c in coefficients:
        c.sub_(learning_rate * c.grad)


@torch.no_grad()
def loss_without_graph(predict, coefficients, t_in, t_c):
    return loss_fn(predict(t_in, *coefficients), t_c).item()


def fit_with_autograd(predict, n_coefficients, n_epochs, learning_rate, t_in, t_c, val=None, print_every=0):
    """Gradient descent on ``predict`` from all-zero coefficients, gradients from autograd.

    Returns the coefficients (leaf tensors) and the lists of training and validation losses.
    """
    coefficients = [torch.zeros((), requires_grad=True) for _ in range(n_coefficients)]
    train_losses, val_losses = [], []
    for epoch in range(1, n_epochs + 1):
        predictions = predict(t_in, *coefficients)
        loss = loss_fn(predictions, t_c)
        for c in coefficients:
            c.grad = None  # the previous epoch's gradient must not add into this one
        loss.backward()
        descend_(coefficients, learning_rate)
        train_losses.append(loss.item())
        if val is not None:
            val_losses.append(loss_without_graph(predict, coefficients, *val))
        if print_every and epoch % print_every == 0:
            print(f"epoch {epoch:5d}   loss {loss.item():.6f}")
    return coefficients, train_losses, val_losses


# %% [markdown]
# On `t_un` the squared input reaches 67, and the learning rate that suited the line is far too large
# for $w_2$:

# %%
coefficients, losses, _ = fit_with_autograd(quadratic, 3, 100, 1e-2, t_un, t_c)
print("after 100 epochs with lr 1e-2: loss", losses[-1], " coefficients", [c.item() for c in coefficients])
coefficients, losses, _ = fit_with_autograd(quadratic, 3, 2000, 5e-4, t_un, t_c, print_every=500)

# %% [markdown]
# With $\eta = 5\cdot10^{-4}$ it is stable but slow: the same imbalance as on the raw readings in
# section 3, now between $t_u^2$ and 1. Rescaling helps here too. Standardising (subtract the mean,
# divide by the standard deviation) puts $z$, $z^2$ and 1 on comparable scales:

# %%
z_mean, z_std = t_u.mean(), t_u.std()
t_z = (t_u - z_mean) / z_std
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
# ## 6. Training and validation: what the gap says
#
# A loss computed on the data a model was fitted to is an optimistic grade. So before training we put
# some readings aside as a *validation* set: the model never trains on them, and their loss, tracked
# every epoch, estimates how the model does on new readings.
#
# The split has to be random (the readings have no meaningful order, but a slice of "the last two"
# would pick whatever happened to be recorded last) and reproducible, hence a seeded generator. Here a
# boolean mask marks the validation readings: 20% of 11 readings, rounded down, is 2.

# %%
rng = np.random.default_rng(seed=0)
n_val = int(0.2 * len(t_u))
is_val = np.zeros(len(t_u), dtype=bool)
is_val[rng.choice(len(t_u), size=n_val, replace=False)] = True
is_val = torch.from_numpy(is_val)
print("validation readings: t_u =", t_u[is_val], " t_c =", t_c[is_val])
print(f"training range of t_u: {t_u[~is_val].min().item():.1f} to {t_u[~is_val].max().item():.1f}")


# %% [markdown]
# One of the two validation readings, 21.8, is colder than every training reading: the models will have
# to extrapolate there. We train three models on the nine training readings and record both losses each
# epoch: the line (hand-made gradient, on `t_un`), the quadratic, and a cubic
# $w_3 z^3 + w_2 z^2 + w_1 z + b$ (autograd, on the input standardised with the *training* readings'
# mean and standard deviation, since validation data must not shape the model in any way).

# %%
def cubic(t, w3, w2, w1, b):
    return ((w3 * t + w2) * t + w1) * t + b


train_mean, train_std = t_u[~is_val].mean(), t_u[~is_val].std()
t_s = (t_u - train_mean) / train_std
n_epochs = 3000
line, line_train, line_val = fit_line_by_hand(n_epochs, 1e-2, torch.tensor([1.0, 0.0]), t_un[~is_val], t_c[~is_val],
                                              val=(t_un[is_val], t_c[is_val]))
standardised_val = (t_s[is_val], t_c[is_val])
quad, quad_train, quad_val = fit_with_autograd(quadratic, 3, n_epochs, 1e-1, t_s[~is_val], t_c[~is_val], standardised_val)
cube, cube_train, cube_val = fit_with_autograd(cubic, 4, n_epochs, 1e-1, t_s[~is_val], t_c[~is_val], standardised_val)

for name, train, val in [("line", line_train, line_val), ("quadratic", quad_train, quad_val),
                         ("cubic", cube_train, cube_val)]:
    best = int(np.argmin(val))
    print(f"{name:9s}  final: training {train[-1]:7.3f}, validation {val[-1]:7.3f}   "
          f"lowest validation {val[best]:6.3f} at epoch {best + 1}")

fig, axes = plt.subplots(1, 3, figsize=(13, 3.5), sharey=True)
for ax, name, train, val in zip(axes, ["line", "quadratic", "cubic"], [line_train, quad_train, cube_train],
                                [line_val, quad_val, cube_val]):
    plot_losses(ax, train, val, title=name)
plt.tight_layout()
plt.show()

# %% [markdown]
# Read the three panels from left to right.
#
# * **A gap is expected.** Every model is fitted to the training readings and not to the validation
#   ones, so its validation loss ends above its training loss. The gap alone does not mean overfitting;
#   with only two validation readings it is also a rough number (another seed gives another one).
# * **Overfitting shows as a validation loss that rises while the training loss still falls.** The
#   cubic has the lowest training loss of the three, 1.82, yet its validation loss bottoms out at 3.0
#   near epoch 100 and then climbs to 24: the extra coefficient bends the curve towards the nine
#   training readings, and at 21.8, outside their range, the bend sends the prediction far off.
# * The line and the quadratic show the same turn on a small scale: their validation losses reach
#   their lowest before the end (at epoch 1867 for the line, 41 for the quadratic) and finish a little
#   higher, while their training losses keep falling. Of the three, the quadratic ends with the lowest
#   validation loss here.
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
ax.plot(t_u[is_val].numpy(), t_c[is_val].numpy(), "o", markersize=14, markerfacecolor="none", color="red",
        label="validation readings")
ax.legend()
plt.show()

# %% [markdown]
# ## Exercises (ungraded)
#
# 1. In section 3, find by trial the largest learning rate (to one significant digit) at which the loop
#    on the raw readings does not diverge. How many epochs does it need to bring the loss below 3?
# 2. Rescale the raw readings by standardising instead of multiplying by 0.1, and train the line with
#    $\eta = 10^{-1}$. How many epochs does it need to reach the loss of section 4? Convert its
#    parameters back to a line on `t_u` and compare with `least_squares(t_u, t_c)`.
# 3. Write the gradient of the quadratic by hand, and check it against `backward` at a few points.
# 4. Repeat section 6 with seeds 1 to 5. For which splits does the cubic's validation loss turn
#    upward? Relate it to where the validation readings lie.
# 5. Section 6 standardised with the training readings only. Standardise with all eleven instead and
#    see whether anything you can measure changes here; explain why, with more data, it matters.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 3: Accumulation and switching tracking off](ch03_accumulation_and_no_grad.ipynb) · [Contents](contents.ipynb) · next: [Chapter 5: Optimizers (SGD and Adam)](ch05_optimizers.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch04/ch04_training_loop.ipynb)
