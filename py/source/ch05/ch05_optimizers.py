# %% [markdown] navigation="header" nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Autograd, from NumPy to PyTorch** · Chapter 5: Optimizers (SGD and Adam) · [Contents](../../notebooks/contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/release/ch05/ch05_optimizers.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/release/ch05/ch05_optimizers.ipynb)

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Chapter 5 assignment: write your own optimizers
#
# The walk-through (`notebooks/ch05_optimizers.ipynb`) used `torch.optim`'s SGD, SGD with momentum and
# Adam on the thermometer and along Rosenbrock's curved valley. Here you build them yourself and take
# them somewhere new: Himmelblau's function, a landscape with four valleys; SGD with momentum and Adam
# as `torch.optim.Optimizer` subclasses that must match PyTorch's own step after step; a minimiser that
# records the path any optimizer takes from one point; and a training loop that also measures a
# validation loss.
#
# **How this works.** Replace each `raise NotImplementedError()` with your code, then run the test cell
# below it. When the visible tests pass, the cell prints one line starting with ✔; when they fail, the
# error says what your answer looks like and where to look. When you submit, hidden tests also try your
# code on fresh inputs. Before submitting, use *Kernel → Restart Kernel and Run All Cells…* and check
# that every cell runs.
#
# | exercise | points |
# |---|---|
# | 1. `himmelblau` | 1 |
# | 2. `MySGD` | 4 |
# | 3. `MyAdam` | 4 |
# | 4. `minimize` | 3 |
# | 5. `train_with_validation` | 3 |

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

from autograd_course import checks
from autograd_course.exercises import ch05
from autograd_course.thermometer import loss_fn, model


# %% [markdown] nbgrader={"grade": false, "grade_id": "ex1_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 1: Himmelblau's function (1 point)
#
# $$f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$$
#
# The walk-through's `rosenbrock(x, y)` took the two coordinates as separate arguments (numbers, grids,
# or the columns of a batch of points). Write `himmelblau(xy)` for **one** point `xy`, a tensor of shape
# `(2,)` holding $x$ then $y$. It returns
# $f$ as a **0-dim tensor** of `xy`'s dtype, computed with tensor operations so that autograd can
# differentiate it: when `xy` requires grad, `backward` on the result fills `xy.grad` with
# $(\partial f/\partial x, \partial f/\partial y)$. It does not change `xy`.
#
# The whole computation must be autograd's graph: the tests also differentiate the gradient again (the
# second derivatives), so a value computed elsewhere (NumPy, Python numbers) with a gradient attached to
# it by hand does not pass.
#
# Check yourself: $f(0, 0) = 170$ with gradient $(-14, -22)$, and $f = 0$ at each of the four minima.

# %% nbgrader={"grade": false, "grade_id": "himmelblau", "locked": false, "schema_version": 3, "solution": true, "task": false}
def himmelblau(xy):
    """Himmelblau's function at one point.

    Parameters
    ----------
    xy : torch.Tensor
        Shape ``(2,)``, floating point (float32 or float64): ``x = xy[0]``, ``y = xy[1]``. May require grad.

    Returns
    -------
    torch.Tensor
        0-dim, the dtype of ``xy``: ``(x**2 + y - 11)**2 + (x + y**2 - 7)**2``, connected to ``xy``'s graph.
    """
    ### BEGIN SOLUTION
    x, y = xy[0], xy[1]
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_himmelblau", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch05

ch05.check_himmelblau(himmelblau)
checks.passed("himmelblau")
### BEGIN HIDDEN TESTS
import torch

gen = torch.Generator().manual_seed(50501)
for dtype in (torch.float64, torch.float32):
    for _ in range(5):
        xy = (6 * torch.rand(2, generator=gen, dtype=torch.float64) - 3).to(dtype).requires_grad_()
        with checks.reference():
            x, y = xy.detach().double()
            expected = (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2
            expected_grad = torch.stack([4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
                                         2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)])
            expected_hessian = torch.stack([torch.stack([12 * x * x + 4 * y - 42, 4 * x + 4 * y]),
                                            torch.stack([4 * x + 4 * y, 4 * x + 12 * y * y - 26])])
        where = f"{xy.tolist()} ({dtype})"
        value = ch05._himmelblau_call(himmelblau, xy, f"himmelblau at {where}")
        rtol = 1e-12 if dtype == torch.float64 else 1e-5
        checks.expect_close(value, expected, f"f at {where}", rtol=rtol, atol=rtol)
        grad, = torch.autograd.grad(value, xy, retain_graph=True)
        checks.expect_close(grad, expected_grad, f"the gradient of f at {where}", rtol=rtol, atol=10 * rtol)
        hessian = ch05.himmelblau_hessian(value, xy, f"himmelblau at {where}")
        checks.expect_close(hessian, expected_hessian, f"the second derivatives of f at {where}", rtol=rtol,
                            atol=100 * rtol)
# A point that is a strided view into a bigger tensor, and one that does not require grad.
grid = torch.tensor([[1.5, 9.0, -2.0], [0.5, 9.0, 4.0]], dtype=torch.float64)
value = ch05._himmelblau_call(himmelblau, grid[:, 0], "himmelblau on a column of a matrix")
with checks.reference():
    expected = (1.5 ** 2 + 0.5 - 11) ** 2 + (1.5 + 0.25 - 7) ** 2
checks.expect_close(value, expected, "f(1.5, 0.5)", rtol=1e-12)
value = ch05._himmelblau_call(himmelblau, torch.tensor([-4.0, 4.0]), "himmelblau(tensor([-4., 4.]))")
with checks.reference():
    expected = (16 + 4 - 11) ** 2 + (-4 + 16 - 7) ** 2
checks.expect_close(value, expected, "f(-4, 4)", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "optimizer_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How a `torch.optim.Optimizer` subclass works
#
# Every optimizer in `torch.optim` is built on the base class `torch.optim.Optimizer`, and so are the
# two you write next. The base class does the bookkeeping:
#
# * `Optimizer.__init__(self, params, defaults)` accepts what every optimizer accepts: an iterable of
#   tensors, or of **param groups** (dicts with a `"params"` list and, optionally, their own settings).
#   It stores them in `self.param_groups`, a list of dicts, filling in each group's missing settings
#   from `defaults`. The tensors stored are the caller's tensors themselves.
# * `self.state` maps each parameter tensor to a dict of your own: whatever the optimizer must remember
#   about that parameter from one step to the next. It is a `collections.defaultdict(dict)`, empty at
#   first: `self.state[p]` gives `p`'s dict, and the first time `p` is looked up it creates an empty one
#   (so "has `p` any state yet?" is `len(self.state[p]) == 0`, or `p in self.state` before the lookup).
# * `zero_grad()` is inherited and clears every `.grad` (to `None` by default).
#
# What is left to a subclass is `step()`. An example of the pattern, with a different update rule:
# *sign descent* moves every number by the learning rate against the sign of its gradient.
#
# ```python
# class SignDescent(torch.optim.Optimizer):
#     def __init__(self, params, lr):
#         super().__init__(params, dict(lr=lr))
#
#     @torch.no_grad()          # the update itself must not be recorded by autograd
#     def step(self):
#         for group in self.param_groups:
#             for p in group["params"]:
#                 if p.grad is not None:
#                     p.sub_(group["lr"] * torch.sign(p.grad))
# ```
#
# The rules for your two optimizers, which the tests check:
#
# * They subclass `torch.optim.Optimizer` and pass the parameters on to its `__init__` as given.
# * `step()` updates each parameter **in place**, with autograd switched off (`torch.no_grad()`), so
#   every parameter stays the same leaf tensor that requires grad. Not through `.data`: an update that
#   autograd's version counter does not see is refused.
# * Hyperparameters are read from each **param group, at every step**: groups may have their own, and
#   a learning-rate scheduler changes `group["lr"]` between steps.
# * A parameter whose `.grad` is `None` (it took no part in the last `backward`) is skipped entirely:
#   it does not move and its state does not change. A gradient of zeros, as left by
#   `zero_grad(set_to_none=False)`, is a gradient like any other.
# * `step()` reads each `p.grad` and leaves it as it was, as `torch.optim`'s optimizers do: whoever
#   called `step()` may still need it. Do not use it as scratch space, and keep nothing that shares
#   its memory and that you change later.
# * You write the update yourself, with elementwise tensor operations: `add_`, `sub_`, `mul_`,
#   `addcmul_`, `addcdiv_`, `lerp_`, `sqrt`, `torch.where`, arithmetic operators, one parameter at a
#   time. `torch.optim`'s own optimizers (`torch.optim.SGD`, `torch.optim.Adam`, ...), their functional
#   updates (`torch.optim.adam.adam`, `torch.optim._functional`, ...) and torch's optimizer kernels (the
#   fused `torch._fused_sgd_`, `torch._fused_adam_`, ... and the multi-tensor `torch._foreach_*`
#   functions `torch.optim` is built on) do not count, and using them scores 0.
#
# What the tests observe while your constructor and each `step()` run:
#
# * a profile hook (`sys.setprofile`) sees every Python function called in the thread that runs your
#   code, however it was reached (a name, a reference kept from earlier, a method of a class you
#   derived), and (`threading.setprofile`) in every thread started through `threading` while it runs.
#   It refuses any function from `torch.optim`'s files other than the base class's (`optimizer.py`) and
#   the package's `__init__.py`, and any function with the same bytecode and names as one of those (a
#   copy made from its code object, or its source run with `exec`);
# * a dispatch mode (`TorchDispatchMode`) sees every ATen operation that runs in that thread, however
#   it was reached, and refuses the fused optimizer kernels and the `_foreach_*` kernels;
# * work taken out of the profile hook's sight is refused: switching the hook off or replacing it
#   (the dispatch mode checks at every operation that it is still in place, and the tests check again
#   at the end), starting a thread other than through `threading`, or starting a process;
# * the `__init__` and `step` of `torch.optim`'s optimizers, and their functional updates, are replaced
#   for the duration by stand-ins that fail with a message naming them;
# * your class must subclass `torch.optim.Optimizer` itself, not one of its optimizers.
#
# The tests run your optimizer and `torch.optim`'s side by side on the same losses (several parameter
# shapes, float32 and float64, several groups, a parameter that has no gradient at some steps,
# `zero_grad(set_to_none=False)`, a learning rate changed mid-run) and compare every parameter after
# every step; they also check that every `p.grad` is, after the step, the gradient it was before.
# Two correct implementations round differently, so float64 parameters must agree to about
# $10^{-9}$ relative, float32 ones to about $2 \cdot 10^{-5}$.

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex2_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 2: SGD with momentum (4 points)
#
# `MySGD(params, lr, momentum=0.0)` does what `torch.optim.SGD(params, lr=lr, momentum=momentum)` does
# (no dampening, no Nesterov, no weight decay). For each parameter $p$ with a gradient $g$:
#
# * with `momentum` $\mu = 0$: $\; p \leftarrow p - \eta\, g$;
# * with $\mu > 0$, a velocity buffer $b$ per parameter: on that parameter's first step with a gradient
#   $b \leftarrow g$, on later ones $b \leftarrow \mu\, b + g$; then $p \leftarrow p - \eta\, b$.
#
# $\eta$ and $\mu$ are the parameter's group's `lr` and `momentum` at the time of the step.

# %% nbgrader={"grade": false, "grade_id": "MySGD", "locked": false, "schema_version": 3, "solution": true, "task": false}
class MySGD(torch.optim.Optimizer):
    """Stochastic gradient descent with optional momentum, as torch.optim.SGD computes it.

    Parameters
    ----------
    params : iterable of torch.Tensor, or of dicts (param groups)
        The leaf tensors to optimise (float32 or float64), as for any torch.optim optimizer.
    lr : float
        The learning rate (a group may override it).
    momentum : float, default 0.0
        The momentum factor mu (a group may override it); 0 means plain SGD.

    ``step()`` updates every parameter that has a gradient, in place, and returns None.
    """

    def __init__(self, params, lr, momentum=0.0):
        ### BEGIN SOLUTION
        super().__init__(params, dict(lr=lr, momentum=momentum))
        ### END SOLUTION

    def step(self, closure=None):
        ### BEGIN SOLUTION
        with torch.no_grad():
            for group in self.param_groups:
                lr, momentum = group["lr"], group["momentum"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    update = p.grad
                    if momentum != 0:
                        state = self.state[p]
                        if "velocity" not in state:
                            state["velocity"] = p.grad.clone()
                        else:
                            state["velocity"].mul_(momentum).add_(p.grad)
                        update = state["velocity"]
                    p.add_(update, alpha=-lr)
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_MySGD", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch05

ch05.check_my_sgd(MySGD)
checks.passed("MySGD")
### BEGIN HIDDEN TESTS
import torch

hidden = [
    ch05.Scenario("MySGD(params, 0.3), float64", dict(lr=0.3), [(7,), (2, 3, 2)], torch.float64, 30, seed=50521),
    ch05.Scenario("MySGD, momentum 0.99, float32", dict(lr=0.01, momentum=0.99), [(6,), (3, 3), ()],
                  torch.float32, 40, seed=50522, skip={2: {1, 2, 3, 20}}),
    ch05.Scenario("MySGD, mixed dtypes in two groups", dict(lr=0.02, momentum=0.3), [(4,), (5,), (2, 2)],
                  [torch.float32, torch.float64, torch.float64], 30, seed=50523,
                  groups=[([0], {}), ([1, 2], {"momentum": 0.0, "lr": 0.1})], lr_changes={3: 2.0, 10: 0.1}),
    ch05.Scenario("MySGD with a parameter that never gets a gradient", dict(lr=0.05, momentum=0.9),
                  [(3,), (3,)], torch.float64, 15, seed=50524, skip={1: set(range(15))}, set_to_none=False),
    ch05.Scenario("MySGD with momentum, a parameter without gradient on its first steps", dict(lr=0.04, momentum=0.7),
                  [(2,), (3,)], torch.float64, 20, seed=50525, skip={0: {0, 1, 2, 7}}, generator=True),
]
for scenario in hidden:
    with checks.reference():
        # torch.optim.SGD itself on the same parameters and losses: the parameters after every step.
        expected = ch05.torch_steps(torch.optim.SGD, scenario)
    ch05.expect_steps(MySGD, "MySGD", scenario, expected)
# Positional lr, and momentum left at its default: plain SGD.
p = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
opt = MySGD([p], 0.5)
(p ** 2).sum().backward()
opt.step()
with checks.reference():
    expected = [1.0 - 0.5 * 2 * 1.0, -2.0 - 0.5 * 2 * -2.0]
checks.expect_close(p, expected, "MySGD([p], 0.5) after one step on sum(p**2)", rtol=0, atol=1e-15)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex3_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 3: Adam (4 points)
#
# `MyAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)` does what `torch.optim.Adam` does with the same
# arguments (no weight decay, no AMSGrad). Each parameter $p$ has its own state: a step count $t$
# (0 at first) and two running averages $m$ and $v$ of the parameter's shape (zero at first). At each
# step where $p$ has a gradient $g$, with $\eta$, $(\beta_1, \beta_2)$ and $\epsilon$ from its group:
#
# $$t \leftarrow t + 1, \qquad m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad
#   v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
#
# $$\hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
#   p \leftarrow p - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon} .$$
#
# All operations are elementwise. The divisions by $1 - \beta^t$ (the *bias correction*) undo the pull
# towards the zeros that $m$ and $v$ start from: on a parameter's first step, $\hat m = g$ and
# $\hat v = g^2$ (up to rounding), whatever $\beta_1$ and $\beta_2$ are. Note where $\epsilon$ goes:
# outside the square root.
#
# Keep $t$ a Python number. `torch.optim.Adam` stores its count as a float32 tensor, `state["step"]`,
# but reads it out with `.item()` before it computes $1 - \beta^t$; with a tensor `t`, `beta ** t` is
# computed in float32, which is too coarse for float64 parameters (the tests compare those to about
# $10^{-9}$), so if you keep a tensor, do the same. And keep $m$ and $v$ in the parameter's dtype
# (`torch.zeros_like(p)`).

# %% nbgrader={"grade": false, "grade_id": "MyAdam", "locked": false, "schema_version": 3, "solution": true, "task": false}
class MyAdam(torch.optim.Optimizer):
    """Adam, as torch.optim.Adam computes it (no weight decay, no AMSGrad).

    Parameters
    ----------
    params : iterable of torch.Tensor, or of dicts (param groups)
        The leaf tensors to optimise (float32 or float64), as for any torch.optim optimizer.
    lr : float, default 1e-3
    betas : tuple of two floats, default (0.9, 0.999)
        The decay rates of the running averages of the gradient and of its square.
    eps : float, default 1e-8
        Added to the square root of the corrected second moment.

    Any of them may be overridden by a param group. ``step()`` updates every parameter that has a
    gradient, in place, and returns None.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        ### BEGIN SOLUTION
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
        ### END SOLUTION

    def step(self, closure=None):
        ### BEGIN SOLUTION
        with torch.no_grad():
            for group in self.param_groups:
                lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    state = self.state[p]
                    if not state:
                        state["t"] = 0
                        state["m"] = torch.zeros_like(p)
                        state["v"] = torch.zeros_like(p)
                    state["t"] += 1
                    t, m, v = state["t"], state["m"], state["v"]
                    m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                    v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                    m_hat = m / (1 - beta1 ** t)
                    v_hat = v / (1 - beta2 ** t)
                    p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_MyAdam", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch05

ch05.check_my_adam(MyAdam)
checks.passed("MyAdam")
### BEGIN HIDDEN TESTS
import torch

hidden = [
    ch05.Scenario("MyAdam(params, lr=0.2, betas=(0.95, 0.9)), float64", dict(lr=0.2, betas=(0.95, 0.9)),
                  [(7,), (2, 3, 2)], torch.float64, 40, seed=50531),
    ch05.Scenario("MyAdam, eps=0.1, tiny gradients, float32", dict(lr=0.01, eps=0.1), [(6,), (3, 3), ()],
                  torch.float32, 30, seed=50532, scale=1e-2, skip={2: {0, 4, 5}}),
    ch05.Scenario("MyAdam, mixed dtypes in two groups", dict(lr=0.02), [(4,), (5,), (2, 2)],
                  [torch.float32, torch.float64, torch.float64], 30, seed=50533,
                  groups=[([0], {"eps": 1e-4}), ([1, 2], {"betas": (0.0, 0.5), "lr": 0.1})],
                  lr_changes={3: 2.0, 10: 0.1}),
    ch05.Scenario("MyAdam with a parameter that never gets a gradient", dict(lr=0.05), [(3,), (3,)],
                  torch.float64, 15, seed=50534, skip={1: set(range(15))}, set_to_none=False),
    ch05.Scenario("MyAdam from model.parameters(), a parameter skipped on many steps", dict(lr=0.03, eps=1e-2),
                  [(2,), (3,), (2, 2)], torch.float64, 25, seed=50535, generator=True, scale=0.05,
                  skip={0: {0, 2, 4, 6, 8, 9, 10}, 2: {3, 4}}),
]
for scenario in hidden:
    with checks.reference():
        # torch.optim.Adam itself on the same parameters and losses: the parameters after every step.
        expected = ch05.torch_steps(torch.optim.Adam, scenario)
    ch05.expect_steps(MyAdam, "MyAdam", scenario, expected)
# Every default as torch's: lr 1e-3 moves a fresh parameter by 1e-3 against the sign of its gradient.
p = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
opt = MyAdam([p])
(p ** 2).sum().backward()
opt.step()
with checks.reference():
    expected = [1.0 - 1e-3, -2.0 + 1e-3]
checks.expect_close(p, expected, "MyAdam([p]) after one step on sum(p**2)", rtol=0, atol=1e-11)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex4_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 4: follow an optimizer across a landscape (3 points)
#
# `minimize(f, start, optimizer_cls, n_steps, **opt_kwargs)` runs `n_steps` steps of an optimizer on a
# function `f` of one point (a tensor of shape `(2,)`, like your `himmelblau`) and records where it went.
#
# * It optimises a new leaf tensor with `start`'s values and dtype; `start` itself is left exactly as
#   it was (it may or may not require grad).
# * It creates **one** optimizer, `optimizer_cls([point], **opt_kwargs)`, and uses it for every step:
#   any `torch.optim` optimizer whose `step()` needs no closure (`SGD`, `Adam`, `RMSprop`, ...), your
#   `MySGD` and `MyAdam`, or any other `Optimizer` subclass. Call `step()` **without arguments**: some
#   optimizers' `step()` takes none. (The walk-through's race handed its optimizers a closure, on a
#   stack of starts, and recorded each point's distance to the minimum inside it; that works for `torch.optim`'s optimizers
#   only. Here the loop is yours, for one point, and any way of recording works.)
# * Each step is the four-step loop on `f(point)`.
# * It returns `(point, trajectory)`: the final point, shape `(2,)`, and the points visited, shape
#   `(n_steps + 1, 2)`, row 0 being `start`'s values and row $k$ the point after step $k$; both of
#   `start`'s dtype and neither requiring grad. Rows written earlier must not change when the point
#   moves on.

# %% nbgrader={"grade": false, "grade_id": "minimize", "locked": false, "schema_version": 3, "solution": true, "task": false}
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    """Run ``n_steps`` steps of ``optimizer_cls`` on ``f`` from ``start``, recording the path.

    Parameters
    ----------
    f : callable
        Maps a tensor of shape ``(2,)`` to a 0-dim tensor.
    start : torch.Tensor
        Shape ``(2,)``, float32 or float64; not modified.
    optimizer_cls : type
        A torch.optim.Optimizer subclass, created once as ``optimizer_cls([point], **opt_kwargs)``.
    n_steps : int
        Number of optimizer steps, ``>= 0``.
    **opt_kwargs
        Passed on to ``optimizer_cls`` (``lr=...``, ``momentum=...``).

    Returns
    -------
    (torch.Tensor, torch.Tensor)
        The final point, shape ``(2,)``, and the trajectory, shape ``(n_steps + 1, 2)``, row 0 = start;
        both with ``start``'s dtype, not requiring grad.
    """
    ### BEGIN SOLUTION
    point = start.detach().clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = [point.detach().clone()]
    for _ in range(n_steps):
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_minimize", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch05

ch05.check_minimize(minimize)
checks.passed("minimize")
### BEGIN HIDDEN TESTS
import torch


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


for cls, settings, dtype, n_steps, start in [
        (torch.optim.RMSprop, dict(lr=0.01), torch.float64, 40, [-1.0, 1.5]),
        (torch.optim.SGD, dict(lr=1e-3, momentum=0.9), torch.float64, 60, [0.5, -0.5]),
        (torch.optim.Adam, dict(lr=0.05, betas=(0.8, 0.9)), torch.float32, 30, [2.0, 2.0]),
        (torch.optim.Adagrad, dict(lr=0.3), torch.float64, 1, [0.0, 0.0]),
        (torch.optim.SGD, dict(lr=0.1), torch.float64, 0, [3.0, -3.0])]:
    start_tensor = torch.tensor(start, dtype=dtype)
    with checks.reference():
        # The four-step loop with torch.optim, from the same start.
        ref_point = start_tensor.clone().requires_grad_()
        ref_opt = cls([ref_point], **settings)
        ref_rows = [ref_point.detach().clone()]
        for _ in range(n_steps):
            ref_opt.zero_grad()
            rosenbrock(ref_point).backward()
            ref_opt.step()
            ref_rows.append(ref_point.detach().clone())
        expected = torch.stack(ref_rows)
    what = f"minimize(rosenbrock, {start}, {cls.__name__}, {n_steps}, **{settings}) in {dtype}"
    point, trajectory = ch05._minimize_call(minimize, rosenbrock, start_tensor, cls, n_steps, what, **settings)
    rtol, atol = (1e-9, 1e-11) if dtype == torch.float64 else (1e-5, 1e-6)
    checks.expect_close(trajectory, expected, f"the trajectory of {what}", rtol=rtol, atol=atol)
# A custom optimizer whose step() takes no closure, recorded: one optimizer, the right gradients.
sign = ch05._instrumented(ch05.SignDescent)
start = torch.tensor([-3.0, 2.5], requires_grad=True)
point, trajectory = ch05._minimize_call(minimize, rosenbrock, start, sign, 7, "minimize with SignDescent", lr=0.125)
ch05._check_recorded_steps(sign, rosenbrock, 7, "minimize with SignDescent")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ex5_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Exercise 5: training with a validation loss (3 points)
#
# Chapter 4 measured validation losses without an optimizer: inside the loop for the line, and afterwards,
# from recorded coefficients, for the quadratic and the cubic. Here the optimizer is
# handed to you, already built, and the data can be any inputs and targets of chapter 4's line model:
# the visible tests use two made-up noisy lines (20 points in float32, 16 in float64), the hidden tests
# others, the assignment's last cells a data set of 100 points.
# `train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c)` trains
# the model (`model(t_u, *params)` and `loss_fn`, from the imports cell) on the training part, and
# measures the validation part as it goes. In each of the `n_epochs` epochs:
#
# * it computes the training loss and the validation loss, both at the current `params` (before this
#   epoch's step);
# * the validation loss is only measured: it is computed **without building a graph**, and nothing is
#   learned from it;
# * it makes **one step** of the given `optimizer` (already built on `params`) from the gradient of
#   that epoch's training loss alone: `optimizer.step()` after `backward`, or `optimizer.step(closure)`
#   with a closure that clears the gradients, computes the training loss, back-propagates it and
#   returns it.
#
# It returns two lists of `n_epochs` Python floats, `(train_losses, val_losses)`. Losses kept as
# tensors would keep their graphs alive; floats do not.
#
# The tests hand you an optimizer that records what it sees at each step, and watch whether the
# validation part builds any graph at all: an operation on the validation data that returns a tensor
# requiring grad, or a graph that keeps the validation numbers for its backward pass (they see every
# tensor autograd saves), even when they are a copy of the data or the graph is built on a copy of
# `params`.

# %% nbgrader={"grade": false, "grade_id": "train_with_validation", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    """Train on the training part with ``optimizer``, recording both losses every epoch.

    Parameters
    ----------
    n_epochs : int
        Number of epochs, one optimizer step each.
    optimizer : torch.optim.Optimizer
        Already built on ``params``.
    params : torch.Tensor
        Leaf tensor ``[w, b]`` that requires grad; trained in place by ``optimizer``.
    train_t_u, val_t_u : torch.Tensor
        Readings of the training and validation parts, 1-D, the dtype of ``params``.
    train_t_c, val_t_c : torch.Tensor
        The matching Celsius temperatures.

    Returns
    -------
    (list of float, list of float)
        ``train_losses`` and ``val_losses``: for each epoch, the two losses at the params before its step.
    """
    ### BEGIN SOLUTION
    train_losses, val_losses = [], []
    for _ in range(n_epochs):
        with torch.no_grad():
            val_losses.append(loss_fn(model(val_t_u, *params), val_t_c).item())
        train_loss = loss_fn(model(train_t_u, *params), train_t_c)
        optimizer.zero_grad()
        train_loss.backward()
        optimizer.step()
        train_losses.append(train_loss.item())
    return train_losses, val_losses
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_train_with_validation", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
from autograd_course import checks
from autograd_course.exercises import ch05

ch05.check_train_with_validation(train_with_validation)
checks.passed("train_with_validation")
### BEGIN HIDDEN TESTS
import torch
from autograd_course.thermometer import loss_fn as ref_loss, model as ref_model

gen = torch.Generator().manual_seed(50551)
for cls, settings, n_train, n_val, n_epochs in [(torch.optim.Adam, dict(lr=0.05), 12, 4, 30),
                                                 (torch.optim.SGD, dict(lr=0.01, momentum=0.9), 7, 3, 25),
                                                 (torch.optim.SGD, dict(lr=0.02), 5, 1, 1)]:
    t_u = 4 * torch.rand(n_train + n_val, generator=gen, dtype=torch.float64)
    t_c = 3 * t_u - 1 + 0.3 * torch.randn(n_train + n_val, generator=gen, dtype=torch.float64)
    parts = (t_u[:n_train], t_u[n_train:], t_c[:n_train], t_c[n_train:])
    with checks.reference():
        # The loop written out with torch.optim, from the same start.
        ref_params = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
        ref_opt = cls([ref_params], **settings)
        ref_train, ref_val = [], []
        for _ in range(n_epochs):
            loss = ref_loss(ref_model(parts[0], *ref_params), parts[2])
            with torch.no_grad():
                ref_val.append(ref_loss(ref_model(parts[1], *ref_params), parts[3]).item())
            ref_train.append(loss.item())
            ref_opt.zero_grad()
            loss.backward()
            ref_opt.step()
    what = f"train_with_validation({n_epochs}, {cls.__name__}(**{settings}), ...) on fresh float64 data"
    train_losses, val_losses, params = ch05.run_train_with_validation(train_with_validation, cls, n_epochs, parts,
                                                                      what, **settings)
    checks.expect_close(train_losses, ref_train, f"train_losses from {what}", rtol=1e-9, atol=1e-12)
    checks.expect_close(val_losses, ref_val, f"val_losses from {what}", rtol=1e-9, atol=1e-12)
    checks.expect_close(params, ref_params, f"params after {what}", rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your optimizers at work (not graded)
#
# Once the tests pass, these cells repeat the chapter's published examples with your code: your
# `MyAdam` on the book's thermometer (lr 0.1, 2000 epochs on the raw readings; `torch.optim.Adam`
# reaches $w \approx 0.5367$, $b \approx -17.3021$); your `train_with_validation` with your `MySGD` on
# the 80/20 split of the noisy line $y = 1 + 2x + \text{noise}$ of chapter 1, whose least-squares fit on
# the training part is intercept 1.0235, slope 1.9690; and your `minimize` with your optimizers on your
# `himmelblau`, from four starts, with the points they converge to printed to six decimals.

# %% nbgrader={"grade": false, "grade_id": "together_thermometer", "locked": true, "schema_version": 3, "solution": false, "task": false}
from autograd_course import data

t_c_all, t_u_all = (torch.from_numpy(a) for a in data.thermometer())
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = MyAdam([params], lr=1e-1)
for epoch in range(1, 2001):
    loss = loss_fn(model(t_u_all, *params), t_c_all)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 500 == 0:
        print(f"epoch {epoch}, loss {loss.item():.6f}")
print("MyAdam, lr 0.1, 2000 epochs on raw t_u:", params.detach())

# %% nbgrader={"grade": false, "grade_id": "together_validation", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

x_train, y_train, x_val, y_val = (torch.from_numpy(a).flatten() for a in data.linear_regression())
params = torch.tensor([0.0, 0.0], dtype=torch.float64, requires_grad=True)
train_losses, val_losses = train_with_validation(
    500, MySGD([params], lr=0.1, momentum=0.5), params, x_train, x_val, y_train, y_val)
slope, intercept = params.tolist()
print(f"{len(x_train)} training and {len(x_val)} validation points; after 500 epochs: train loss "
      f"{train_losses[-1]:.6f}, validation loss {val_losses[-1]:.6f}")
print(f"fitted line: intercept {intercept:.4f}, slope {slope:.4f}")
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.plot(train_losses, label="training loss")
ax.plot(val_losses, label="validation loss")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE")
ax.set_title("train_with_validation with MySGD (lr 0.1, momentum 0.5)")
ax.legend()
plt.tight_layout()
plt.show()

# %% nbgrader={"grade": false, "grade_id": "together_himmelblau", "locked": true, "schema_version": 3, "solution": false, "task": false}
from autograd_course import himmelblau as landscape

# The seed article's run: plain gradient descent, lr 0.001, from (0, 0), in float32. The article takes
# 30000 steps; 1000 are enough here, because the point stops moving long before (printed below).
point, path = minimize(himmelblau, torch.zeros(2), MySGD, 1000, lr=0.001)
print("MySGD, lr 0.001, from (0, 0), float32, 1000 steps: ({:.6f}, {:.6f})".format(*point.tolist()))
moved = (path[1:] != path[:-1]).any(dim=1).nonzero().flatten()
print("  the last step that moved the point:", int(moved[-1]) + 1 if len(moved) else None)
probe = point.clone().requires_grad_()
grad, = torch.autograd.grad(himmelblau(probe), probe)
print("  there lr * grad is", (0.001 * grad).tolist(), "and float32's spacing near 3 is",
      (torch.nextafter(torch.tensor(3.0), torch.tensor(4.0)) - 3.0).item())

starts = torch.tensor([[0.0, 0.0], [0.0, -1.0], [-4.0, 0.0], [1.0, -4.0]], dtype=torch.float64)
runs = {"MySGD, lr 0.01": (MySGD, dict(lr=0.01), 300),
        "MySGD, momentum 0.9, lr 0.001": (MySGD, dict(lr=0.001, momentum=0.9), 500),
        "MyAdam, lr 0.1": (MyAdam, dict(lr=0.1), 500)}
fig, axes = plt.subplots(1, 3, figsize=(15, 5.2))
for ax, (name, (cls, settings, n_steps)) in zip(axes, runs.items()):
    landscape.draw_contours(ax)
    print(f"{name}, {n_steps} steps, float64:")
    for start in starts:
        point, trajectory = minimize(himmelblau, start, cls, n_steps, **settings)
        ax.plot(trajectory[:, 0], trajectory[:, 1], "-", linewidth=1.2)
        ax.plot(start[0], start[1], "o", color="black", markersize=5)
        print("  from ({:g}, {:g}) to ({:.6f}, {:.6f}),".format(*start.tolist(), *point.tolist()),
              f"f = {himmelblau(point).item():.1e}")
    ax.set_title(f"{name}, {n_steps} steps")
plt.tight_layout()
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "together_minima", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The four minima, to six decimals, are $(3, 2)$, $(-2.805118, 3.131313)$, $(-3.779310, -3.283186)$
# and $(3.584428, -1.848127)$. The seed article lists them as $(-2.805118, 3.131312)$,
# $(-3.779310, -3.283186)$ and $(3.583328, -1.848126)$: two coordinates cut after six decimals rather
# than rounded, and 3.583328, a typo for 3.584428. The float32 run stops at
# $(2.999997, 2.000005)$, about $6 \cdot 10^{-6}$ short of $(3, 2)$, long before step 1000 (the cell
# prints the last step that moved it), so the article's 30000 steps end at the same point: there
# `lr * grad` has become smaller than half the gap between neighbouring float32 numbers, so each step
# rounds back to the point it started from. Which valley a start ends in depends on the optimizer as well as on the
# start.

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Before you submit
#
# Run *Kernel → Restart Kernel and Run All Cells…* and make sure every test cell finishes without an
# error. Stretch further (ungraded): add Nesterov momentum to `MySGD` and check it against
# `torch.optim.SGD(..., nesterov=True)`; add decoupled weight decay to `MyAdam` and compare it with
# `torch.optim.AdamW`; then race your `MyAdam` against your `MySGD` on the thermometer's raw readings.

# %% [markdown] navigation="footer" nbgrader={"grade": false, "grade_id": "footer", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ---
#
# ← previous: [Chapter 4: A training loop by hand](../ch04/ch04_training_loop.ipynb) · [Contents](../../notebooks/contents.ipynb) · next: [Chapter 6: Modules and devices](../ch06/ch06_modules_and_devices.ipynb) →
#
# Walk-throughs: [this chapter's](../../notebooks/ch05_optimizers.ipynb) · [the next chapter's](../../notebooks/ch06_modules_and_devices.ipynb)
