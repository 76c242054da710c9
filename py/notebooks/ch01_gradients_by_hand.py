# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 1: Gradients by hand (NumPy) · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch01_gradients_by_hand.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch01_gradients_by_hand.ipynb)

# %% [markdown]
# # Chapter 1: Gradients by hand
#
# Before letting PyTorch compute gradients for us, we compute them ourselves, with nothing but NumPy.
# By the end of this chapter you will have:
#
# 1. drawn the computation graph of a one-weight network and run its forward pass;
# 2. derived its gradient from *local* gradients with the chain rule, which is all backpropagation is,
#    and seen that the gradients of a value used twice add up;
# 3. checked gradients numerically with central differences;
# 4. back-propagated through a nonlinearity;
# 5. trained the one weight by gradient descent, and used it to fit a regression line that matches
#    scikit-learn's exact answer.
#
# The assignment for this chapter (`release/ch01/`) asks you to carry these ideas to other models.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %%
import graphviz
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image, display
from sklearn.linear_model import LinearRegression

from autograd_course import data

np.set_printoptions(precision=4, suppress=True)


def draw(values, operations, edges):
    """Draw a computation graph: ``values`` and ``operations`` map node names to labels, ``edges`` are
    ``(from, to, label)``. Shown as a PNG so that the picture is stored in the notebook."""
    graph = graphviz.Digraph(graph_attr={"rankdir": "LR"}, node_attr={"fontname": "Helvetica"},
                             edge_attr={"fontname": "Helvetica", "fontsize": "11"})
    for name, label in values.items():
        graph.node(name, label, shape="ellipse")
    for name, label in operations.items():
        graph.node(name, label, shape="box", style="filled", fillcolor="lightgrey")
    for start, end, label in edges:
        graph.edge(start, end, label)
    display(Image(graph.pipe(format="png")))


# %% [markdown]
# ## 1. One weight, one example
#
# The smallest model worth training: $\hat y = w\,x$, which should learn to double its input. Take one
# example, $x = 2$ with target $y = 4$, and start from $w = 0$. The loss is the squared error
# $L = (\hat y - y)^2$.

# %%
x, y, w = 2.0, 4.0, 0.0

y_hat = w * x          # forward pass
s = y_hat - y
loss = s ** 2
print(f"prediction {y_hat}, error {s}, loss {loss}")

# %% [markdown]
# The loss is 16. To improve $w$ we need $dL/dw$: how the loss changes when $w$ moves a little. $L$
# does not mention $w$ directly, so we look at the computation as a graph of small steps, each simple
# enough to differentiate on its own. Grey boxes are operations, ovals are values (with their values at
# $w = 0$), and each arrow into an operation carries its *local gradient*: the derivative of the
# operation's output with respect to that input, at the current values.

# %%
draw(values={"w": "w = 0", "x": "x = 2", "y_hat": "y_hat = 0", "y": "y = 4", "s": "s = -4", "L": "L = 16"},
     operations={"mul": "multiply", "sub": "subtract", "sq": "square"},
     edges=[("w", "mul", "d y_hat / dw = x = 2"), ("x", "mul", ""), ("mul", "y_hat", ""),
            ("y_hat", "sub", "ds / d y_hat = 1"), ("y", "sub", ""), ("sub", "s", ""),
            ("s", "sq", "dL / ds = 2s = -8"), ("sq", "L", "")])

# %% [markdown]
# ## 2. The chain rule multiplies local gradients
#
# The gradient of the loss with respect to $w$ is the product of the local gradients along the path
# from $w$ to $L$:
#
# $$\frac{dL}{dw} = \frac{dL}{ds}\,\frac{ds}{d\hat y}\,\frac{d\hat y}{dw} = 2s \cdot 1 \cdot x .$$
#
# Computing the product from the loss backwards, one node at a time, is *backpropagation*. Each
# backward step needs a value from the forward pass ($s$ for the square, $x$ for the product), which is
# why the forward pass keeps them.

# %%
dL_ds = 2 * s                  # start at the loss ...
dL_dyhat = dL_ds * 1.0         # ... one step back, through the subtraction ...
dL_dw = dL_dyhat * x           # ... and one more, through the product, to the weight
print(f"dL/ds = {dL_ds}, dL/dy_hat = {dL_dyhat}, dL/dw = {dL_dw}")

# %% [markdown]
# $dL/dw = -16$. A derivative is a slope: plotted against $w$, the loss $L(w) = (2w - 4)^2$ is a parabola,
# and the line through $(0, 16)$ with slope $-16$ touches it there. The slope is negative, so increasing
# $w$ lowers the loss, all the way down to the minimum at $w = 2$.

# %%
ws = np.linspace(-0.5, 3.5, 200)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(ws, (ws * x - y) ** 2, label="$L(w) = (2w - 4)^2$")
ax.plot(ws, loss + dL_dw * (ws - w), "--", label=f"tangent at w = 0, slope {dL_dw:g}")
ax.plot([w], [loss], "o", color="black")
ax.set_ylim(-5, 40)
ax.set_xlabel("w")
ax.set_ylabel("loss")
ax.legend()
plt.show()

# %% [markdown]
# ## 3. A value used twice: its gradients add up
#
# With two examples, $(2, 4)$ and $(3, 6)$, the same weight makes both predictions, and the loss is their
# mean squared error $L = \frac12\left[(w x_1 - y_1)^2 + (w x_2 - y_2)^2\right]$. Now there are two paths
# from $w$ to $L$:

# %%
draw(values={"w": "w = 0", "y1": "y_hat1 = 0", "y2": "y_hat2 = 0", "L": "L = 26"},
     operations={"m1": "multiply by x1 = 2", "m2": "multiply by x2 = 3", "loss": "mean squared error"},
     edges=[("w", "m1", "d y_hat1 / dw = x1 = 2"), ("w", "m2", "d y_hat2 / dw = x2 = 3"), ("m1", "y1", ""),
            ("m2", "y2", ""), ("y1", "loss", "dL / d y_hat1 = y_hat1 - y1 = -4"),
            ("y2", "loss", "dL / d y_hat2 = y_hat2 - y2 = -6"), ("loss", "L", "")])

# %% [markdown]
# When $w$ moves, both predictions move, and the loss feels both changes. The multivariable chain rule
# says exactly that: a value's gradient is the **sum** of the gradients along every path through its
# uses. Along each path the chain rule is the one above (the $\frac12$ of the mean is one more local
# gradient):

# %%
xs2, ys2 = np.array([2.0, 3.0]), np.array([4.0, 6.0])
per_path = [0.5 * 2 * (w * xi - yi) * xi for xi, yi in zip(xs2, ys2)]
loss2 = lambda w: ((w * xs2 - ys2) ** 2).mean()  # noqa: E731
print(f"L = {loss2(w)}, path through example 1: {per_path[0]}, through example 2: {per_path[1]}, "
      f"dL/dw = {sum(per_path)}")


# %% [markdown]
# Every parameter of a model is used like this, once per example, and every input or hidden value that
# feeds a layer of many units is used once per unit, so "gradients add up over the uses of a value" is
# at work in every backward pass.
#
# ## 4. Checking a gradient with central differences
#
# A derivative is a limit of difference quotients, so we can estimate one by evaluating the loss
# twice. The *central* difference $\frac{L(w+\varepsilon) - L(w-\varepsilon)}{2\varepsilon}$ has an
# error that shrinks like $\varepsilon^2$; the one-sided $\frac{L(w+\varepsilon) - L(w)}{\varepsilon}$
# only like $\varepsilon$. Both against the two gradients we derived:

# %%
def central_difference(fn, at, step=1e-5):
    return (fn(at + step) - fn(at - step)) / (2 * step)


def loss1(w):
    return (w * x - y) ** 2


forward = (loss1(w + 1e-5) - loss1(w)) / 1e-5
print(f"one example:  chain rule {dL_dw}, central {central_difference(loss1, w):.10f}, forward {forward:.10f}")
print(f"two examples: chain rule {sum(per_path)}, central {central_difference(loss2, w):.10f}")


# %% [markdown]
# Smaller is not always better: below some $\varepsilon$ the two evaluations agree to almost every
# digit, and the subtraction loses what is left to rounding. The error of each estimate against the
# exact derivative, for a less trivial function, $f(t) = \sin(t)\,e^{t}$ at $t = 0.7$, shows both regimes.

# %%
def f(t):
    return np.sin(t) * np.exp(t)


t0 = 0.7
exact = (np.cos(t0) + np.sin(t0)) * np.exp(t0)
steps = np.logspace(-13, -1, 49)
central_err = [abs(central_difference(f, t0, h) - exact) for h in steps]
forward_err = [abs((f(t0 + h) - f(t0)) / h - exact) for h in steps]

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(steps, forward_err, label="forward difference")
ax.loglog(steps, central_err, label="central difference")
ax.set_xlabel("step $\\varepsilon$")
ax.set_ylabel("absolute error")
ax.set_title("Truncation error (right) against rounding error (left)")
ax.legend()
plt.show()
best = steps[int(np.argmin(central_err))]
print(f"central difference is most accurate near eps = {best:.0e}, error {min(central_err):.1e}")


# %% [markdown]
# Around $\varepsilon = 10^{-5}$ to $10^{-6}$ the central difference agrees with the exact derivative
# to about ten digits in float64, which is why it is the standard way to test hand-written or
# library gradients (PyTorch's `torch.autograd.gradcheck` is built on the same idea, chapter 7).
#
# ## 5. Through a nonlinearity
#
# Networks put a nonlinear function between layers. Take one input, one hidden unit with a sigmoid
# $\sigma(z) = 1/(1 + e^{-z})$ and one output: $z = w\,x$, $h = \sigma(z)$, $\hat y = v\,h$,
# $L = (\hat y - y)^2$. The new local gradient is the sigmoid's, $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$,
# conveniently written with the value $h$ that the forward pass already computed.

# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


x_in, target = 1.5, 0.8
w_in, v_out = 0.4, -0.3

z = w_in * x_in                         # forward pass, keeping every intermediate value
h = sigmoid(z)
out = v_out * h
print(f"z = {z:.4f}, h = {h:.4f}, y_hat = {out:.4f}, loss = {(out - target) ** 2:.6f}")

g_out = 2 * (out - target)              # backward pass, from the loss towards the input
g_v = g_out * h                         # v multiplies h
g_h = g_out * v_out                     # ... and h is multiplied by v
g_z = g_h * h * (1 - h)                 # the sigmoid's local gradient, from the saved h
g_w = g_z * x_in
print(f"by backpropagation:     dL/dv = {g_v:.8f}, dL/dw = {g_w:.8f}")

net_loss = lambda w_, v_: (v_ * sigmoid(w_ * x_in) - target) ** 2  # noqa: E731
print(f"by central differences: dL/dv = {central_difference(lambda v_: net_loss(w_in, v_), v_out):.8f}, "
      f"dL/dw = {central_difference(lambda w_: net_loss(w_, v_out), w_in):.8f}")


# %% [markdown]
# The two agree to eight digits. Back-propagating through a whole layer is the same computation for many
# units and many examples at once, with the sums of section 3 wherever a value is reused.
#
# ## 6. A training loop in NumPy
#
# Back to the one-weight network. The update rule moves $w$ against the gradient, scaled by a learning
# rate $\eta$: $w \leftarrow w - \eta\, dL/dw$. One step of training is forward pass, loss, gradient,
# update. With several examples the loss is their mean, and the gradient, summed over the uses of $w$
# as in section 3, is the mean of the per-example gradients.

# %%
def train_one_weight(inputs, targets, w, lr, epochs):
    """Gradient descent for y_hat = w * x on the mean squared error; returns w and one row per epoch."""
    history = []
    for epoch in range(1, epochs + 1):
        errors = w * inputs - targets           # forward pass, one error per example
        epoch_loss = np.mean(errors ** 2)
        dw = np.mean(2 * errors * inputs)       # one path per example, averaged like the loss
        w = w - lr * dw
        history.append((epoch, epoch_loss, w, dw))
    return w, history


w_final, history = train_one_weight(np.array([2.0]), np.array([4.0]), w=0.0, lr=0.01, epochs=10)
for epoch, epoch_loss, w_now, dw in history:
    print(f"epoch {epoch:2d}  loss {epoch_loss:11.8f}  w {w_now:.3f}  dw {dw:8.3f}")

# %% [markdown]
# The first gradient is the $-16$ we derived by hand. After ten epochs $w = 1.131$, still far from 2:
# each step closes only $2\eta x^2 = 8\%$ of the gap. Larger inputs make each step larger. With four
# examples, $x = 2, 4, 6, 8$, the averaged gradient is much steeper:

# %%
x4, y4 = data.doubling()
w_final, history = train_one_weight(x4, y4, w=0.0, lr=0.01, epochs=10)
for epoch, epoch_loss, w_now, dw in history:
    print(f"epoch {epoch:2d}  loss {epoch_loss:11.8f}  w {w_now:.3f}  dw {dw:8.3f}")
assert round(float(w_final), 3) == 2.0

# %% [markdown]
# Now $w = 2.000$ after ten epochs. Each step multiplies the gap to 2 by $1 - 2\eta\,\overline{x^2} = 0.4$.
# Note that the gradient *averages* over the examples: summing instead would make it four times larger,
# the same as a four times larger learning rate, and with $\eta = 0.01$ that factor $1 - 4 \cdot 0.6 = -1.4$
# would make every step overshoot further than the last.
#
# ## 7. Fitting a regression line with one weight
#
# The data: 100 points on $y = 1 + 2x$ plus Gaussian noise of standard deviation 0.1, drawn with seed 42
# and split 80/20 into training and validation sets.

# %%
x_train, y_train, x_val, y_val = data.linear_regression()
print(x_train.shape, x_val.shape)

# %% [markdown]
# A line $\hat y = a + b\,x$ has an intercept our network lacks. But the least-squares line always
# passes through the point of means $(\bar x, \bar y)$; scikit-learn's exact fit shows it:

# %%
reference = LinearRegression().fit(x_train, y_train)
a_ref, b_ref = float(reference.intercept_[0]), float(reference.coef_[0, 0])
x_mean, y_mean = float(x_train.mean()), float(y_train.mean())
print(f"scikit-learn: a = {a_ref:.4f}, b = {b_ref:.4f}")
print(f"the line at x_mean = {x_mean:.4f}: {a_ref + b_ref * x_mean:.6f}; y_mean = {y_mean:.6f}")

# %% [markdown]
# So if we measure $x$ and $y$ from their means, the best line goes through the origin: it is
# $\hat y = w\,x$, our one-weight network, and its weight is the slope $b$. The intercept follows from the
# point of means, $a = \bar y - b\,\bar x$. We train the weight with the same loop, at two learning rates:

# %%
runs = {lr: train_one_weight(x_train - x_mean, y_train - y_mean, w=0.0, lr=lr, epochs=1000) for lr in (0.1, 1.0)}
print(f"mean of the centred x squared: {np.mean((x_train - x_mean) ** 2):.4f}")
for lr, (slope, run_history) in runs.items():
    settled = next(row[0] for row in run_history if row[1] - run_history[-1][1] < 1e-6)
    print(f"lr = {lr}: b = {float(slope):.4f}, a = {y_mean - float(slope) * x_mean:.4f}, "
          f"loss within 1e-6 of its final value from epoch {settled}")

b_gd = float(runs[1.0][0])
a_gd = y_mean - b_gd * x_mean
print(f"scikit-learn:     a = {a_ref:.4f}, b = {b_ref:.4f}")
print(f"gradient descent: a = {a_gd:.4f}, b = {b_gd:.4f}")
print(f"largest difference: {max(abs(a_gd - a_ref), abs(b_gd - b_ref)):.1e}")
assert abs(a_gd - a_ref) < 1e-3 and abs(b_gd - b_ref) < 1e-3

# %% [markdown]
# Both methods agree to better than $10^{-3}$: $a \approx 1.0235$, $b \approx 1.9690$, close to the
# true 1 and 2 that generated the data. The centred inputs are small (the mean of $\tilde x^2$ is about
# 0.09), so each step closes only the fraction $2\eta\,\overline{\tilde x^2}$ of the gap: about 2% with
# $\eta = 0.1$, which needs a few hundred epochs, and about 19% with $\eta = 1$, which needs a few dozen.
# The fitted line sits on the validation points it never saw:

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
for lr, (_, run_history) in runs.items():
    left.semilogy([row[1] for row in run_history], label=f"lr = {lr}")
left.set_xlabel("epoch")
left.set_ylabel("training MSE")
left.set_title("Loss curves")
left.legend()

grid = np.linspace(0, 1, 2)
right.scatter(x_train, y_train, s=12, label="training")
right.scatter(x_val, y_val, s=12, marker="x", label="validation")
right.plot(grid, a_gd + b_gd * grid, color="black", label=f"fit: {a_gd:.3f} + {b_gd:.3f} x")
right.set_xlabel("x")
right.set_ylabel("y")
right.set_title("Fitted line")
right.legend()
plt.tight_layout()
plt.show()
print(f"validation MSE: {np.mean((a_gd + b_gd * x_val - y_val) ** 2):.5f} (the noise variance is 0.01)")

# %% [markdown]
# Fitting $a$ and $b$ together, without centring, takes the gradient with respect to both: that is the
# assignment's work.
#
# ## Summary
#
# * Training repeats four steps: forward pass, loss, gradient, update.
# * The gradient of a composite function is the product of local gradients along each path (the chain
#   rule), summed over the paths when a value is used more than once; backpropagation evaluates it from
#   the loss backwards, with values kept from the forward pass.
# * Central differences check any gradient to many digits, with a step near $10^{-5}$ to $10^{-6}$.
# * Gradient descent converges to the least-squares answer, at a pace set by the learning rate and the
#   scale of the inputs.
#
# Chapter 2 hands the chain rule to PyTorch's autograd, which records the graph and its local gradients
# for us.
#
# ## Exercises (ungraded)
#
# 1. Rerun the four-point loop with $\eta = 0.02$ and $\eta = 0.04$. At which rate does training diverge,
#    and how does that follow from the factor $1 - 2\eta\,\overline{x^2}$?
# 2. Fit the one-weight network to the regression data *without* centring it. Which line does it find,
#    and why is its slope larger than 1.9690?
# 3. Replace the sigmoid of section 5 by $\mathrm{relu}(z) = \max(z, 0)$ and repeat the check against
#    central differences, first at $w = 0.4$, then at $w = 0$. What goes wrong at the kink?

# %% [markdown] navigation="footer"
# ---
#
# [Contents](contents.ipynb) · next: [Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`)](ch02_autograd_basics.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch01/ch01_gradients_by_hand.ipynb)
