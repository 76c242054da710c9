# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 1: Gradients by hand (NumPy) · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch01/ch01_gradients_by_hand.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch01/ch01_gradients_by_hand.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 1 assignment: gradients by hand
#
# The walk-through (`notebooks/ch01_gradients_by_hand.ipynb`) worked with a one-weight network and a
# one-hidden-unit sigmoid network. Here you carry the same ideas (local gradients, the chain rule, gradients
# that add up where a value is reused, central differences, gradient descent) to other models: a line
# with an intercept, arrays of any shape, and a two-layer `tanh` network.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. When the visible tests pass, the cell prints one line starting with ✔; when they fail, the
# error says what your answer looks like and where to look. When you submit, hidden tests also try your
# function on fresh inputs. Before submitting, use *Kernel → Restart Kernel and Run All Cells…* and check
# that every cell runs.
#
# Use NumPy only: the point of this chapter is to compute gradients without autograd. The tests of
# exercises 2, 4 and 5 check that no autograd graph is recorded while your function runs.
#
# | exercise | points |
# |---|---|
# | 1. `mse_loss` | 2 |
# | 2. `linear_grads` | 3 |
# | 3. `numerical_gradient` | 3 |
# | 4. `gradient_descent` | 4 |
# | 5. `tanh_network_grads` | 4 |

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

from autograd_course import checks, data
from autograd_course.exercises import ch01


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: the mean squared error (2 points)
#
# $$\mathrm{MSE}(\hat y, y) = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2$$
#
# where $n$ is the number of elements. It works for arrays of any shape, as long as both have the same one.

# %% nbgrader={"grade": false, "grade_id": "mse_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse_loss(y_hat, y):
    """Mean squared error between two NumPy arrays of the same shape.

    Parameters
    ----------
    y_hat, y : np.ndarray
        Predictions and targets, float arrays of the same (any) shape.

    Returns
    -------
    float
        The mean over all elements of ``(y_hat - y) ** 2``, as a Python or NumPy float (not an array).
    """
    ### BEGIN SOLUTION
    return float(np.mean((y_hat - y) ** 2))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mse_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from autograd_course import checks
from autograd_course.exercises import ch01

ch01.check_mse_loss_on_one_example(mse_loss)      # prediction 0, target 4: the loss is 16
ch01.check_mse_loss_on_three_examples(mse_loss)   # squared differences 0, 4 and 9
ch01.check_mse_loss_on_columns(mse_loss)          # the same three examples as (3, 1) columns
checks.passed("mse_loss")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(20261)
for shape in [(7,), (3, 4), (5, 1), (1,)]:
    a, b = rng.normal(size=shape), rng.normal(size=shape)
    a_before, b_before = a.copy(), b.copy()
    with checks.reference():
        flat_a, flat_b = a.ravel().tolist(), b.ravel().tolist()
        expected = sum((p - q) ** 2 for p, q in zip(flat_a, flat_b)) / len(flat_a)
    got = checks.expect_float(mse_loss(a, b), f"mse_loss on arrays of shape {shape}")
    checks.expect_close(got, expected, f"mse_loss on arrays of shape {shape}", rtol=1e-9)
    checks.expect_unchanged(a, a_before, "y_hat")
    checks.expect_unchanged(b, b_before, "y")
# float32 inputs: the result may carry float32 rounding (relative error of order 1e-7).
a32, b32 = rng.normal(size=50).astype(np.float32), rng.normal(size=50).astype(np.float32)
with checks.reference():
    expected = float(np.mean((a32.astype(np.float64) - b32.astype(np.float64)) ** 2))
got = checks.expect_float(mse_loss(a32, b32), "mse_loss on float32 arrays")
checks.expect_close(got, expected, "mse_loss on float32 arrays", rtol=1e-5)
# Identical arrays: exactly zero.
same = rng.normal(size=10)
with checks.reference():
    expected = 0.0
checks.expect_close(checks.expect_float(mse_loss(same, same.copy()), "mse_loss(y, y)"), expected, "mse_loss(y, y)",
                    atol=0.0)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: the gradient of a line's loss (3 points)
#
# The walk-through's network had one weight, $\hat y = w\,x$. A line has two parameters,
# $\hat y = a + b\,x$, and its MSE is $L(a, b) = \frac{1}{n}\sum_i (a + b x_i - y_i)^2$. Draw its computation
# graph for one example, find the local gradients, and use the chain rule to work out $\partial L/\partial a$
# and $\partial L/\partial b$. Both parameters are used by every example: remember what happens to the
# gradient of a value that is used more than once.
#
# Check yourself: with $a = 0$ the line is the walk-through's one-weight network, so at $x = 2$, $y = 4$,
# $a = b = 0$ you should find $\partial L / \partial b = -16$.

# %% nbgrader={"grade": false, "grade_id": "linear_grads", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_grads(a, b, x, y):
    """Gradient of ``mse_loss(a + b * x, y)`` with respect to ``a`` and ``b``.

    Parameters
    ----------
    a, b : float
        Intercept and slope.
    x, y : np.ndarray
        Inputs and targets, float arrays of shape ``(n,)`` or ``(n, 1)`` (both the same shape).

    Returns
    -------
    (float, float)
        ``(dL/da, dL/db)``, two floats (not arrays).
    """
    ### BEGIN SOLUTION
    residual = a + b * x - y
    return float(2 * np.mean(residual)), float(2 * np.mean(residual * x))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_grads", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from autograd_course import checks
from autograd_course.exercises import ch01

ch01.check_linear_grads_on_one_point(linear_grads)     # x = 2, y = 4 at a = b = 0: dL/db = -16
ch01.check_linear_grads_on_four_points(linear_grads)   # x = 2, 4, 6, 8 on y = 2x, at a = b = 0
ch01.check_linear_grads_on_columns(linear_grads)       # the same four points as (4, 1) columns
checks.passed("linear_grads")

### BEGIN HIDDEN TESTS
import torch

rng = np.random.default_rng(20262)
for n, column in [(9, False), (6, True), (1, False), (40, True)]:
    x = rng.normal(size=(n, 1) if column else n)
    y = 1.5 - 0.7 * x + rng.normal(size=x.shape)
    a, b = float(rng.normal()), float(rng.normal())
    x_before, y_before = x.copy(), y.copy()
    with checks.reference():
        # Autograd on the same loss, in float64.
        ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
        tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        tx, ty = torch.tensor(x.ravel(), dtype=torch.float64), torch.tensor(y.ravel(), dtype=torch.float64)
        expected = [g.item() for g in torch.autograd.grad(((ta + tb * tx - ty) ** 2).mean(), (ta, tb))]
    got = ch01.as_gradient_pair(ch01.call_by_hand(linear_grads, a, b, x, y), f"linear_grads with n = {n}")
    checks.expect_close(got, expected, f"(da, db) with n = {n}", rtol=1e-9, atol=1e-12)
    checks.expect_unchanged(x, x_before, "x")
    checks.expect_unchanged(y, y_before, "y")
# At the least-squares fit (the point handed to linear_grads) both partial derivatives vanish.
x = rng.uniform(size=30)
y = 0.3 + 4.0 * x + 0.05 * rng.normal(size=30)
b_fit, a_fit = np.polyfit(x, y, 1)
with checks.reference():
    expected = [0.0, 0.0]
got = ch01.as_gradient_pair(ch01.call_by_hand(linear_grads, float(a_fit), float(b_fit), x, y),
                            "linear_grads at the least-squares fit")
checks.expect_close(got, expected, "(da, db) at the least-squares fit", atol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex3_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: checking any gradient numerically (3 points)
#
# The walk-through estimated the derivative of a function of one number. Most functions worth checking
# take an array. The central difference estimates each partial derivative of a scalar function $f$ from
# two evaluations, nudging one coordinate at a time:
#
# $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}$$
#
# where $e_i$ is the array with a 1 at position $i$ and 0 elsewhere. `x` may have any shape (a vector, a
# matrix of weights...), `f` is always called with an array of that shape, and the caller's `x` must be
# exactly as it was when your function returns.

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, eps=1e-6):
    """Central-difference estimate of the gradient of a scalar function.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a float.
    x : np.ndarray
        Float array of any shape: the point at which to differentiate. Left unchanged.
    eps : float
        The step of the central difference.

    Returns
    -------
    np.ndarray
        Float array with ``x``'s shape: entry ``i`` estimates ``df/dx_i``.
    """
    ### BEGIN SOLUTION
    x = np.array(x, dtype=np.float64)  # a private copy: the caller's array is never touched
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        f_plus = f(x)
        x[index] = saved - eps
        f_minus = f(x)
        x[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_numerical_gradient", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from autograd_course import checks
from autograd_course.exercises import ch01

ch01.check_numerical_gradient_on_cubes(numerical_gradient)     # sum(x**3) at (1, 2) with eps = 1e-3
ch01.check_numerical_gradient_on_a_matrix(numerical_gradient)  # sum(x**2) on a (2, 3) array: 2x
checks.passed("numerical_gradient")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(20263)
for shape in [(5,), (2, 2, 2), (1,), (3, 1)]:
    point = rng.normal(size=shape)
    weights = rng.normal(size=shape)
    point_before = point.copy()
    fn = lambda v: float(np.sum(weights * np.sin(v)) + np.sum(v ** 2) ** 1.5)  # noqa: E731
    for eps in (1e-2, 1e-4):
        with checks.reference():
            # The same central difference, one coordinate at a time, on copies.
            flat = point.ravel()
            differences = []
            for i in range(flat.size):
                up, down = flat.copy(), flat.copy()
                up[i] += eps
                down[i] -= eps
                differences.append((fn(up.reshape(shape)) - fn(down.reshape(shape))) / (2 * eps))
            expected = np.array(differences).reshape(shape)
        got = checks.expect_array(numerical_gradient(fn, point, eps=eps), f"numerical_gradient on shape {shape}",
                                  shape=shape)
        checks.expect_close(got, expected, f"numerical_gradient on shape {shape}, eps={eps}", rtol=1e-6, atol=1e-8)
        checks.expect_unchanged(point, point_before, "x")
# The default eps is close to the analytic gradient of a smooth function.
point = rng.normal(size=4)
with checks.reference():
    expected = np.exp(point)
got = checks.expect_array(numerical_gradient(lambda v: float(np.sum(np.exp(v))), point), "numerical_gradient, default eps",
                          shape=(4,))
checks.expect_close(got, expected, "numerical_gradient of sum(exp(x)) with the default eps", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex4_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: gradient descent for a line (4 points)
#
# The walk-through trained one weight, and reached the regression line by centring the data first. Now
# fit both parameters of $\hat y = a + b\,x$ at once, by plain gradient descent on the MSE, on data as it
# comes. In each of `n_epochs` steps:
#
# 1. compute the loss at the current $(a, b)$ and append it to `losses`;
# 2. compute both partial derivatives at that same $(a, b)$;
# 3. update both at once: $a \leftarrow a - \eta\,\partial L/\partial a$, $b \leftarrow b - \eta\,\partial L/\partial b$.
#
# So `losses[i]` is the loss *before* update `i`. With enough epochs the result agrees with the exact
# least-squares line, the one scikit-learn's `LinearRegression` finds. You may call your functions
# from exercises 1 and 2.

# %% nbgrader={"grade": false, "grade_id": "gradient_descent", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_descent(x, y, a, b, lr, n_epochs):
    """Plain (full-batch) gradient descent on ``mse_loss(a + b * x, y)``.

    Parameters
    ----------
    x, y : np.ndarray
        Inputs and targets, float arrays of shape ``(n,)`` or ``(n, 1)``. Left unchanged.
    a, b : float
        Starting intercept and slope.
    lr : float
        Learning rate.
    n_epochs : int
        Number of updates (0 returns the starting point and an empty list).

    Returns
    -------
    (float, float, list of float)
        The final ``a`` and ``b``, and ``losses`` with ``losses[i]`` the loss before update ``i``.
    """
    ### BEGIN SOLUTION
    a, b = float(a), float(b)
    losses = []
    for _ in range(n_epochs):
        losses.append(mse_loss(a + b * x, y))
        da, db = linear_grads(a, b, x, y)
        a, b = a - lr * da, b - lr * db
    return a, b, losses
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_descent", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from autograd_course import checks
from autograd_course.exercises import ch01

ch01.check_gradient_descent_by_hand(gradient_descent)                # 3 steps on two points, lr = 0.1
ch01.check_gradient_descent_without_epochs(gradient_descent)         # 0 epochs: nothing moves
ch01.check_gradient_descent_reaches_least_squares(gradient_descent)  # a = 1.0235, b = 1.9690
checks.passed("gradient_descent")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(20264)

with checks.reference():
    def _reference_descent(x, y, a, b, lr, n_epochs):
        xs, ys = x.ravel().tolist(), y.ravel().tolist()
        n, out = len(xs), []
        for _ in range(n_epochs):
            res = [a + b * xi - yi for xi, yi in zip(xs, ys)]
            out.append(sum(r * r for r in res) / n)
            da = 2 * sum(res) / n
            db = 2 * sum(r * xi for r, xi in zip(res, xs)) / n
            a, b = a - lr * da, b - lr * db
        return [a, b], out


for n, column, lr, epochs in [(12, False, 0.05, 25), (7, True, 0.2, 10), (30, False, 0.01, 60), (1, False, 0.1, 5)]:
    x = rng.uniform(-1.0, 1.0, size=(n, 1) if column else n)
    y = -0.5 + 3.0 * x + 0.2 * rng.normal(size=x.shape)
    a0, b0 = float(rng.normal()), float(rng.normal())
    x_before, y_before = x.copy(), y.copy()
    with checks.reference():
        ref_ab, ref_losses = _reference_descent(x, y, a0, b0, lr, epochs)
    a, b, losses = ch01.as_descent_result(ch01.call_by_hand(gradient_descent, x, y, a0, b0, lr, epochs),
                                          f"gradient_descent with n = {n}", epochs)
    checks.expect_close(losses, ref_losses, f"losses with n = {n}", rtol=1e-6, atol=1e-12)
    checks.expect_close([a, b], ref_ab, f"(a, b) with n = {n}", rtol=1e-6, atol=1e-12)
    checks.expect_unchanged(x, x_before, "x")
    checks.expect_unchanged(y, y_before, "y")
# Agreement with the exact least-squares line on fresh data.
x = rng.uniform(size=(50, 1))
y = 2.0 - 1.0 * x + 0.1 * rng.normal(size=(50, 1))
with checks.reference():
    design = np.hstack([np.ones_like(x), x])
    least_squares, *_ = np.linalg.lstsq(design, y.ravel(), rcond=None)
a, b, _ = ch01.as_descent_result(ch01.call_by_hand(gradient_descent, x, y, 0.0, 0.0, 0.5, 3000),
                                 "gradient_descent on fresh data", 3000)
checks.expect_close([a, b], least_squares, "(a, b) against the least-squares line", atol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex5_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 5: backpropagation through a two-layer network (4 points)
#
# The walk-through back-propagated through a network with one input, one hidden unit and one example.
# Here is a wider one, on a batch. With $n$ examples of $d$ features in the rows of `x`, $k$ hidden
# units and one output:
#
# $$Z = xW_1 + b_1 \;(n \times k), \qquad H = \tanh(Z), \qquad \hat y = H w_2 + b_2 \;(n), \qquad
# L = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2 ,$$
#
# with $W_1$ of shape $(d, k)$, $b_1$ and $w_2$ of shape $(k,)$, $b_2$ a number; $b_1$ is added to every
# row of $xW_1$. Return the gradient of $L$ with respect to each of the four parameters, each shaped like
# its parameter.
#
# Work it out by hand, **with NumPy only**: a forward pass that keeps what the backward pass needs, then
# local gradients multiplied from the loss back to each parameter. The tests check that no autograd
# graph is recorded while your function runs. Two facts you will need: $\frac{d}{dz}\tanh z = 1 - \tanh^2 z$,
# and every parameter here is used by every example.
#
# Before running the tests, you can compare each of your gradients with your `numerical_gradient` from
# exercise 3.

# %% nbgrader={"grade": false, "grade_id": "tanh_network_grads", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_network_grads(W1, b1, w2, b2, x, y):
    """Gradients of the MSE of the network ``tanh(x @ W1 + b1) @ w2 + b2``, by backpropagation in NumPy.

    Parameters
    ----------
    W1 : np.ndarray
        First-layer weights, float array of shape ``(d, k)``.
    b1 : np.ndarray
        First-layer biases, float array of shape ``(k,)``.
    w2 : np.ndarray
        Second-layer weights, float array of shape ``(k,)``.
    b2 : float
        Second-layer bias.
    x : np.ndarray
        Inputs, float array of shape ``(n, d)``, one example per row.
    y : np.ndarray
        Targets, float array of shape ``(n,)``.

    Returns
    -------
    (np.ndarray, np.ndarray, np.ndarray, float)
        ``(dL/dW1, dL/db1, dL/dw2, dL/db2)``: float arrays of shapes ``(d, k)``, ``(k,)``, ``(k,)`` and a float.
        The inputs are left unchanged.
    """
    ### BEGIN SOLUTION
    hidden = np.tanh(x @ W1 + b1)
    d_output = 2.0 * (hidden @ w2 + b2 - y) / len(y)        # dL/dy_hat, one entry per example
    d_preactivation = np.outer(d_output, w2) * (1.0 - hidden ** 2)
    return x.T @ d_preactivation, d_preactivation.sum(axis=0), hidden.T @ d_output, float(d_output.sum())
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_tanh_network_grads", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from autograd_course import checks
from autograd_course.exercises import ch01

# Both compare with central differences of the loss, and check that nothing was handed to autograd.
ch01.check_tanh_network_grads_on_one_example(tanh_network_grads)   # d = k = n = 1: scalars only
ch01.check_tanh_network_grads_on_a_small_batch(tanh_network_grads)  # n = 4, d = 2, k = 3
checks.passed("tanh_network_grads")

### BEGIN HIDDEN TESTS
import torch

rng = np.random.default_rng(20265)
for n, d, k, scale in [(5, 3, 4, 1.0), (1, 1, 1, 1.0), (8, 2, 6, 0.5), (3, 4, 2, 3.0), (16, 1, 3, 1.0)]:
    W1 = scale * rng.normal(size=(d, k))   # scale 3 drives some units into tanh's flat tails
    b1, w2, b2 = rng.normal(size=k), rng.normal(size=k), float(rng.normal())
    x, y = rng.normal(size=(n, d)), rng.normal(size=n)
    arrays = {"W1": W1, "b1": b1, "w2": w2, "x": x, "y": y}
    before = {name: value.copy() for name, value in arrays.items()}
    with checks.reference():
        # Autograd on the same network, in float64.
        params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in (W1, b1, w2, b2)]
        prediction = torch.tanh(torch.from_numpy(x) @ params[0] + params[1]) @ params[2] + params[3]
        expected = torch.autograd.grad(((prediction - torch.from_numpy(y)) ** 2).mean(), params)
    what = f"tanh_network_grads with n = {n}, d = {d}, k = {k}"
    got = ch01.as_network_grads(ch01.call_by_hand(tanh_network_grads, W1, b1, w2, b2, x, y), what, d, k)
    ch01.check_network_grads(got, expected, f"the gradients from {what}", n, rtol=1e-9, atol=1e-12)
    for name, value in arrays.items():
        checks.expect_unchanged(value, before[name], name)
# Against central differences as well, on a batch whose targets the network already fits exactly
# (every gradient is then zero) and on one where it does not.
W1, b1, w2, b2 = rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=3), 0.2
x = rng.normal(size=(6, 2))
exact_targets = np.tanh(x @ W1 + b1) @ w2 + b2
with checks.reference():
    expected = (np.zeros((2, 3)), np.zeros(3), np.zeros(3), 0.0)
got = ch01.as_network_grads(ch01.call_by_hand(tanh_network_grads, W1, b1, w2, b2, x, exact_targets),
                            "tanh_network_grads at a perfect fit", 2, 3)
ch01.check_network_grads(got, expected, "the gradients at a perfect fit", 6, rtol=0.0, atol=1e-12)
y = exact_targets + rng.normal(size=6)
with checks.reference():
    expected = ch01.central_difference_grads(W1, b1, w2, b2, x, y)
got = ch01.as_network_grads(ch01.call_by_hand(tanh_network_grads, W1, b1, w2, b2, x, y), "tanh_network_grads", 2, 3)
ch01.check_network_grads(got, expected, "the gradients on fresh data", 6, rtol=1e-6, atol=1e-8)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your functions at work (not graded)
#
# Once the tests pass, these cells put your functions together on the chapter's examples: the one-weight
# network of the walk-through (loss 16 and gradient -16 at $x = 2$, $y = 4$, $w = 0$), the regression
# line fitted by your gradient descent and compared with scikit-learn, and your backpropagation checked
# by your central differences.

# %% nbgrader={"grade": false, "grade_id": "together_numbers", "locked": true, "schema_version": 3, "solution": false, "task": false}
x1, y1 = np.array([2.0]), np.array([4.0])
print("loss at w = 0:          ", mse_loss(0.0 * x1, y1))
print("dL/dw at w = 0:         ", linear_grads(0.0, 0.0, x1, y1)[1])
print("central difference:     ", numerical_gradient(lambda p: mse_loss(p[0] * x1, y1), np.array([0.0]))[0])

# %% nbgrader={"grade": false, "grade_id": "together_regression", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
from sklearn.linear_model import LinearRegression

x_train, y_train, x_val, y_val = data.linear_regression()
a_fit, b_fit, losses = gradient_descent(x_train, y_train, 0.0, 0.0, 0.1, 1000)
reference = LinearRegression().fit(x_train, y_train)
print(f"gradient descent: a = {a_fit:.4f}, b = {b_fit:.4f}")
print(f"scikit-learn:     a = {reference.intercept_[0]:.4f}, b = {reference.coef_[0, 0]:.4f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
left.semilogy(losses)
left.set_xlabel("epoch")
left.set_ylabel("training MSE")
right.scatter(x_train, y_train, s=12, label="training")
right.scatter(x_val, y_val, s=12, marker="x", label="validation")
right.plot([0, 1], [a_fit, a_fit + b_fit], color="black", label="your fit")
right.legend()
plt.show()

# %% nbgrader={"grade": false, "grade_id": "together_network", "locked": true, "schema_version": 3, "solution": false, "task": false}
example = ch01.NETWORK_EXAMPLE
by_hand = tanh_network_grads(*example.values())
W1_check = numerical_gradient(lambda W: ch01.network_loss(W, *list(example.values())[1:]), example["W1"])
print("dL/dW1 by backpropagation:\n", by_hand[0])
print("dL/dW1 by central differences:\n", W1_check)
print(f"largest difference: {np.max(np.abs(by_hand[0] - W1_check)):.1e}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart Kernel and Run All Cells…* and make sure every test cell finishes without an
# error. Stretch further (ungraded): plot `losses` for learning rates 0.01, 0.1 and 1.0 on the regression
# data, and find the largest learning rate that still converges. What does it have to do with the data's
# $x$ values? And train the two-layer network of exercise 5 with your gradients on a curve a line cannot
# fit, such as $y = \sin 3x$.

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# [Contents](../../notebooks/contents.ipynb) · next: [Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`)](../ch02/ch02_autograd_basics.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch01_gradients_by_hand.ipynb) · [the next chapter's](../../notebooks/ch02_autograd_basics.ipynb)
