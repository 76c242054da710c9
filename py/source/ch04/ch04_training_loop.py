# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 4: A training loop by hand · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch04/ch04_training_loop.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch04/ch04_training_loop.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 4 assignment: a training loop by hand
#
# The walk-through (`notebooks/ch04_training_loop.ipynb`) trained the thermometer's line with a
# gradient derived by hand, and a quadratic and a cubic with autograd, each coefficient a tensor of its
# own and the gradients returned by `torch.autograd.grad`. Here you write the autograd loop for the
# line the way the book does: its two parameters in **one** tensor `params = [w, b]` that the caller
# hands you and keeps, and the gradient from `loss.backward()`, which delivers it through
# `params.grad`. Then you write the random train/validation split yourself: the walk-through called
# `torch.utils.data.random_split`; here you make the draw.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. When the visible tests pass, the cell prints one line starting with ✔; when they fail, the
# error says what your answer looks like and where to look. When you submit, hidden tests also try your
# function on fresh inputs. Before submitting, use *Kernel → Restart Kernel and Run All Cells…* and check
# that every cell runs.
#
# | exercise | points |
# |---|---|
# | 1. `training_loop` | 6 |
# | 2. `split_train_val` | 4 |

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

from autograd_course import checks, data
from autograd_course.exercises import ch04
from autograd_course.thermometer import loss_fn, model


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: the training loop, with autograd (6 points)
#
# The imports cell gave you the book's model and loss, the same as in the walk-through:
# `model(t_u, w, b)` returns `w * t_u + b` and `loss_fn(t_p, t_c)` the mean squared error.
# `model(t_u, *params)` unpacks `params` into `w` and `b`: two views of `params`, not leaves, so the
# gradient autograd computes lands on `params` itself.
#
# Write `training_loop(n_epochs, learning_rate, params, t_u, t_c)`: plain gradient descent on the
# line, where `params` is a leaf tensor `[w, b]` that requires grad. Each of the `n_epochs` epochs
#
# 1. computes the loss `loss_fn(model(t_u, *params), t_c)` on all the readings;
# 2. gets its gradient from autograd with `loss.backward()`, no formula by hand: `backward` *adds*
#    the gradient into `params.grad`;
# 3. updates `params` **in place** from `params.grad`, $\theta \leftarrow \theta - \eta\,\nabla L$,
#    without autograd recording the update.
#
# The gradient each update uses is the gradient of **that epoch's loss alone**: not the sum with the
# previous epochs' gradients, and not whatever `params.grad` held when your function was called. Since
# `backward` adds to what is there, keeping `params.grad` clean is your loop's job. (The walk-through's
# loops asked `torch.autograd.grad` for their gradients, which returns them and leaves `.grad` alone:
# they had nothing to clear. Here the gradient goes through `params.grad`, as in the book.)
# The function returns `params`, the very tensor it was given, trained. It need not print anything.
#
# The point is to write the update yourself: do not use `torch.optim` (chapter 5 does), nor torch's
# optimizer kernels (the fused `torch._fused_sgd_` and the like, the multi-tensor `torch._foreach_*`),
# and do not go through `.data`, which hides the update from autograd's checks. The tests watch how you
# train, not only where you end up:
#
# * one test makes the gradient autograd computes with respect to `params` a multiple of the true one
#   (it puts a factor inside the graph, where `backward` sees it) and checks that your updates follow
#   that gradient: a step computed some other way does not;
# * every epoch must back-propagate a loss to `params`, and `backward` must put its gradient in
#   `params.grad`: a hook on `params` (`register_post_accumulate_grad_hook`) counts the gradients
#   autograd accumulates there, which `torch.autograd.grad` and `torch.func.grad` never do;
# * `params`' version counter (the one autograd uses to detect in-place changes) must move with each
#   update;
# * while your loop runs (in every run of the tests but the book's 5000 epochs, which the hook would make
#   several times slower), a profile hook (`sys.setprofile`) sees every Python function called in the
#   thread that runs your function, and (`threading.setprofile`) in every thread started through
#   `threading` while it runs. The test fails when one of them comes from `torch.optim`'s files (an
#   optimizer, its functional update), or has the same bytecode and names as one of them (a copy, or
#   its source run with `exec`), and when a fused optimizer kernel or a `torch._foreach_*` function is
#   called from Python. It also fails when your code takes work out of the hook's sight: switching it
#   off or replacing it (the hook is checked at every PyTorch operation of that thread, and at the
#   end), starting a thread other than through `threading`, or starting a process.
#
# Check yourself with the book's numbers: on the raw readings at $w = 1, b = 0$ the gradient is
# $(4517.2969, 82.6000)$, so one epoch with $\eta = 10^{-4}$ moves `params` to about
# $(0.5483, -0.0083)$; 5000 epochs with $\eta = 10^{-2}$ on `t_un = 0.1 * t_u` end at
# $(5.3671, -17.3012)$.

# %% nbgrader={"grade": false, "grade_id": "training_loop", "locked": false, "schema_version": 3, "solution": true, "task": false}
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    """Plain gradient descent on ``model`` with ``loss_fn``, gradients from autograd.

    Parameters
    ----------
    n_epochs : int
        Number of epochs (``>= 0``); each epoch is one update on all the readings.
    learning_rate : float
        The step size.
    params : torch.Tensor
        Shape ``(2,)``, ``[w, b]``, a floating-point leaf tensor with ``requires_grad=True``. Updated in
        place; ``params.grad`` may hold a stale gradient on entry, which must not count.
    t_u, t_c : torch.Tensor
        Inputs and targets, 1-D of the same length and dtype as ``params``. Left unchanged.

    Returns
    -------
    torch.Tensor
        ``params`` itself, after ``n_epochs`` updates: still a leaf that requires grad.
    """
    ### BEGIN SOLUTION
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.zero_()
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_training_loop", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch04
from autograd_course.thermometer import loss_fn, model

ch04.check_training_loop_first_epoch(training_loop)      # one step along the book's gradient
ch04.check_training_loop_fresh_gradients(training_loop)  # each update uses its own epoch's gradient
ch04.check_training_loop_follows_autograd(training_loop)  # the step follows the gradient autograd computes
ch04.check_training_loop_book(training_loop)             # the book's 5000 epochs on t_un
checks.passed("training_loop")

### BEGIN HIDDEN TESTS
gen = torch.Generator().manual_seed(40401)
# (dtype, readings, epochs, learning rate, a stale params.grad on entry, the factor the test puts on
# autograd's gradient: a power of two, so that descent on it is SGD with that multiple of lr, exactly)
cases = [(torch.float64, 20, 60, 0.05, True, 1.0), (torch.float32, 7, 30, 0.02, True, 0.5),
         (torch.float64, 15, 0, 0.1, True, 1.0), (torch.float64, 12, 25, 0.0, True, 2.0),
         (torch.float64, 30, 300, 0.01, False, 0.5), (torch.float64, 1, 5, 0.1, False, 0.25)]
for dtype, n_samples, n_epochs, lr, stale, scale in cases:
    t_in = 1 + 4 * torch.rand(n_samples, generator=gen, dtype=dtype)
    t_out = 3 * t_in - 2 + 0.5 * torch.randn(n_samples, generator=gen, dtype=dtype)
    start = torch.randn(2, generator=gen, dtype=dtype)
    params = start.clone().requires_grad_()
    if stale:
        params.grad = 10 * torch.randn(2, generator=gen, dtype=dtype)
    with checks.reference():
        # torch.optim.SGD is the same plain gradient descent; on scale times the gradient, with scale * lr.
        reference = start.clone().requires_grad_()
        optimizer = torch.optim.SGD([reference], lr=scale * lr)
        for _ in range(n_epochs):
            optimizer.zero_grad()
            ((reference[0] * t_in + reference[1] - t_out) ** 2).mean().backward()
            optimizer.step()
        expected = reference.detach()
    what = (f"training_loop({n_epochs}, {lr}, params, t_u, t_c) on {n_samples} fresh {dtype} readings, autograd's "
            f"gradient scaled by {scale}")
    got = ch04.run_training_loop(training_loop, n_epochs, lr, params, t_in, t_out, what, scale=scale)
    tolerance = 1e-9 if dtype == torch.float64 else 1e-5
    checks.expect_close(got, expected, what, rtol=tolerance, atol=tolerance)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: a reproducible random split (4 points)
#
# Write `split_train_val(n_samples, val_fraction, seed)`. It splits the indices `0, 1, ..., n_samples - 1`
# at random into a training part and a validation part and returns them as `(train_idx, val_idx)`:
#
# * both are 1-D `torch.int64` tensors of indices (so `t_u[train_idx]` selects the training readings),
#   together holding every index exactly once;
# * the validation part has `int(val_fraction * n_samples)` indices (rounded down: 2 of 11 for 0.2), the
#   training part the rest; the order of the indices inside each part does not matter;
# * the same `seed` gives the same split on every call, and different seeds (almost always) give different
#   splits;
# * it draws from a random generator of its own, seeded with `seed` (`torch.Generator().manual_seed(seed)`,
#   NumPy's `np.random.default_rng(seed)`, or `random.Random(seed)`), and leaves the global random states
#   alone, torch's, NumPy's and Python's: calling `torch.manual_seed`, `np.random.seed` or `random.seed`
#   inside a function (or drawing from those global generators, as `random.shuffle` does) would silently
#   change every random draw the rest of the notebook makes (saving the global state and putting it back
#   afterwards avoids that, but a generator of its own is the way that cannot forget to);
# * you make the draw and the cut yourself: `torch.utils.data.random_split`, which the walk-through
#   used, does both for you, and so do scikit-learn's splitters (`train_test_split`, `ShuffleSplit`
#   and the rest of `sklearn.model_selection`), so they are off limits here (the tests notice when
#   their code runs);
# * the split is random: a fixed pattern that merely moves with the seed (`range(n)` rotated by `seed`,
#   a stride through it, one shuffle shifted or reversed) gives different seeds different splits, but it
#   is not random. The tests look at the splits of hundreds of seeds, as statistics would: every pair of
#   indices must share the validation part now and then, each index about as often as any other.

# %% nbgrader={"grade": false, "grade_id": "split_train_val", "locked": false, "schema_version": 3, "solution": true, "task": false}
def split_train_val(n_samples, val_fraction, seed):
    """A random, reproducible split of ``range(n_samples)`` into training and validation indices.

    Parameters
    ----------
    n_samples : int
        Number of samples, ``>= 1``.
    val_fraction : float
        Fraction for validation, ``0 <= val_fraction <= 1``; the validation part has
        ``int(val_fraction * n_samples)`` indices.
    seed : int
        Seeds a generator of the function's own; the global random state is left as it was.

    Returns
    -------
    tuple of torch.Tensor
        ``(train_idx, val_idx)``: disjoint 1-D int64 tensors that together hold each index once.
    """
    ### BEGIN SOLUTION
    generator = torch.Generator().manual_seed(seed)
    shuffled = torch.randperm(n_samples, generator=generator)
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_split_train_val", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from autograd_course import checks
from autograd_course.exercises import ch04

ch04.check_split_train_val(split_train_val)     # sizes, partition, reproducibility, seeds, global state
ch04.check_split_looks_random(split_train_val)  # over 200 seeds: random, not a pattern moved by the seed
checks.passed("split_train_val")

### BEGIN HIDDEN TESTS
# Edge cases: one sample, an empty validation part, an empty training part, large and odd sizes, a big seed.
for n_samples, val_fraction, seed in [(1, 0.5, 0), (10, 0.0, 1), (10, 1.0, 2), (1000, 0.1, 12345), (37, 0.33, 7),
                                      (5, 0.2, 2 ** 40)]:
    what = f"split_train_val({n_samples}, {val_fraction}, {seed})"
    train, val = ch04.split_parts(split_train_val, n_samples, val_fraction, seed, what)
    if ch04.split_parts(split_train_val, n_samples, val_fraction, seed, what + " called again") != (train, val):
        raise AssertionError(f"{what} is not reproducible: a second call with the same seed gave another split.")
    with checks.reference():
        sizes = [n_samples - int(val_fraction * n_samples), int(val_fraction * n_samples)]
        every_index = list(range(n_samples))
    checks.expect_close([len(train), len(val)], sizes, f"the sizes of the parts from {what}", rtol=0, atol=0)
    checks.expect_close(sorted(train + val), every_index, f"the indices of {what}, sorted", rtol=0, atol=0)
# Random, not a pattern moved by the seed: other sizes and seeds than the visible test's, and the three-gap
# test on big splits (a rotation or a stride through range(n) leaves at most three gap lengths).
ch04.check_split_looks_random(split_train_val, 12, 0.25, range(1000, 1300))
for seed in (3, 2024):
    ch04.check_split_not_a_progression(split_train_val, 1000, 0.1, seed)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your functions at work (not graded)
#
# Once the tests pass, these cells run your functions on the book's thermometer. First the book's run,
# next to the exact least-squares line; the book prints the loss of epoch 5000, computed before that
# epoch's update, as 2.927647. Then a seeded split, a line trained on the training part only, and both
# losses.

# %% nbgrader={"grade": false, "grade_id": "together_book", "locked": true, "schema_version": 3, "solution": false, "task": false}
from autograd_course.thermometer import least_squares, plot_fit

t_c, t_u = (torch.from_numpy(a) for a in data.thermometer())
t_un = 0.1 * t_u
torch.set_printoptions(precision=4, sci_mode=False)

params = training_loop(5000, 1e-2, torch.tensor([1.0, 0.0], requires_grad=True), t_un, t_c)
with torch.no_grad():
    final_loss = loss_fn(model(t_un, *params), t_c).item()
print("your params after 5000 epochs:", params.detach(), f" loss at them {final_loss:.6f}")
print("least squares on t_un:         w = {:.5f}, b = {:.5f}".format(*least_squares(t_un, t_c)))

# %% nbgrader={"grade": false, "grade_id": "together_split", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

train_idx, val_idx = split_train_val(len(t_u), 0.2, seed=2024)
print("validation readings: t_u =", t_u[val_idx], " t_c =", t_c[val_idx])
fitted = training_loop(3000, 1e-2, torch.tensor([1.0, 0.0], requires_grad=True), t_un[train_idx], t_c[train_idx])
with torch.no_grad():
    train_loss = loss_fn(model(t_un[train_idx], *fitted), t_c[train_idx]).item()
    val_loss = loss_fn(model(t_un[val_idx], *fitted), t_c[val_idx]).item()
print(f"trained on {len(train_idx)} readings: training loss {train_loss:.3f}, validation loss {val_loss:.3f}")

fig, ax = plt.subplots(figsize=(6, 4))
plot_fit(ax, t_u, t_c, curves=[("line trained on the training part", lambda t: model(0.1 * t, *fitted))])
ax.plot(t_u[val_idx].numpy(), t_c[val_idx].numpy(), "o", markersize=14, markerfacecolor="none", color="red",
        label="validation readings")
ax.legend()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart Kernel and Run All Cells…* and make sure every test cell finishes without an
# error. Stretch further (ungraded): find, to one significant digit, the largest learning rate at which
# `training_loop` still converges on `t_un`, and the smallest number of epochs at which it reaches a loss
# of 2.93 with it. Then run your split with seeds 0 to 9 and see how much the validation loss of the
# line varies from one split to the next: what does that say about a validation set of two readings?

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 3: Accumulation and switching tracking off](../ch03/ch03_accumulation_and_no_grad.ipynb) · [Contents](../../notebooks/contents.ipynb) · next: [Chapter 5: Optimizers (SGD and Adam)](../ch05/ch05_optimizers.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch04_training_loop.ipynb) · [the next chapter's](../../notebooks/ch05_optimizers.ipynb)
