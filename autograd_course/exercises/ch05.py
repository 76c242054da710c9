"""Visible tests of chapter 5's assignment: Himmelblau's function, SGD with momentum and Adam written by
hand, a minimiser that records its path, and a training loop with a validation loss.

Each ``check_<exercise>`` raises ``AssertionError`` with a message for the learner. The optimizers are
compared with ``torch.optim`` (captured when this module is imported, before any answer runs) step by
step; the other exercises are checked by watching what they do (which gradients the optimizer sees,
whether a graph is built through the validation data), not only by their final numbers.
"""

import contextlib
import math
import sys
import warnings
import weakref

import torch
import torch._dynamo  # noqa: F401  (the first optimizer created imports it, which takes seconds: do it here,
#                       in the imports cell, not inside a timed test cell)
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves

from autograd_course import checks
from autograd_course.optim_guard import forbid_optimizer_code, prepare
from autograd_course.thermometer import loss_fn as _loss_fn
from autograd_course.thermometer import model as _model

# Captured before any answer runs: the references and the tools the checks rely on.
TORCH_SGD, TORCH_ADAM, OPTIMIZER = torch.optim.SGD, torch.optim.Adam, torch.optim.Optimizer
_Tensor, _no_grad, _grad = torch.Tensor, torch.no_grad, torch.autograd.grad
_abs, _max, _type, _isinstance, _len = abs, max, type, isinstance, len

__all__ = ["check_himmelblau", "check_my_sgd", "check_my_adam", "check_minimize", "check_train_with_validation",
           "compare_with_torch", "torch_steps", "expect_steps", "himmelblau_hessian", "Scenario", "SignDescent", "booth", "watch_validation", "recording",
           "made_up_line"]


# --- small tools ----------------------------------------------------------------------------------

def _max_diff(a, b):
    """Largest absolute difference between two tensors of the same shape, as a Python float (inf if
    either holds a non-finite number where the other does not)."""
    a, b = a.detach().double(), b.detach().double()
    if not (torch.isfinite(a).all() and torch.isfinite(b).all()):
        return 0.0 if torch.equal(a, b) else math.inf
    return float((a - b).abs().max()) if a.numel() else 0.0


def _close(a, b, rtol, atol):
    a, b = a.detach().double(), b.detach().double()
    if a.shape != b.shape:
        return False
    if not (torch.isfinite(a).all() and torch.isfinite(b).all()):
        return bool(torch.equal(a, b))
    return bool(((a - b).abs() <= atol + rtol * b.abs()).all())


def _tolerance(dtype):
    """(rtol, atol) for comparing two correct implementations that round differently."""
    return (1e-9, 1e-11) if dtype == torch.float64 else (2e-5, 2e-6)


def _describe_tensor(t):
    return f"shape {tuple(t.shape)}, {t.dtype}"


# --- exercise 1: Himmelblau ------------------------------------------------------------------------

def _himmelblau_call(fn, xy, what):
    before = xy.detach().clone()
    result = fn(xy)
    if _type(result) in (float, int) or (_type(result).__module__ == "numpy"):
        raise AssertionError(f"{what} returned {_type(result).__name__} {result!r}, a plain number: return a "
                             "tensor, computed with tensor operations, so that autograd can differentiate it "
                             "(no .item(), float(...) or NumPy).")
    checks.expect_tensor(result, what)
    if tuple(result.shape) != ():
        hint = (" Two numbers: are the two squared terms added?" if result.numel() == 2 else
                " A one-element tensor is not 0-dim: reduce with a sum of scalars, not a stack.")
        raise AssertionError(f"{what} should be a 0-dim tensor (shape ()), but it has shape {tuple(result.shape)}."
                             + hint)
    checks.expect_tensor(result, what, shape=(), dtype=xy.dtype)
    if xy.requires_grad and not result.requires_grad:
        raise AssertionError(f"{what} does not require grad although xy does: the result is cut off from xy's graph. "
                             "A tensor rebuilt from numbers (torch.tensor(...), .item(), NumPy, .detach()) has no "
                             "history; compute with tensor operations on xy itself.")
    checks.expect_unchanged(xy, before, "xy", hint="Computing f must not change its input.")
    return result


def himmelblau_hessian(value, xy, what):
    """The second derivatives of ``value`` (a result of himmelblau at ``xy``, which requires grad) that
    autograd finds through its graph, as a 2x2 tensor. A value computed elsewhere (NumPy, numbers) with a
    gradient attached by hand has a gradient that does not depend on xy: all its second derivatives are 0."""
    grad, = _grad(value, xy, create_graph=True)
    if not grad.requires_grad:
        raise AssertionError(f"The gradient autograd finds through the result of {what} does not depend on xy: "
                             "its second derivatives are all 0, and f's are not. Was f computed outside autograd "
                             "(NumPy, .item()) and a gradient attached by hand? Compute f with tensor operations "
                             "on xy, so that its whole graph is autograd's.")
    rows = []
    for i in range(2):
        row, = _grad(grad[i], xy, retain_graph=True, allow_unused=True)
        rows.append(torch.zeros_like(xy) if row is None else row)
    return torch.stack(rows).detach()


def _expect_hessian(fn, point, dtype, expected, rtol):
    xy = torch.tensor(point, dtype=dtype, requires_grad=True)
    what = f"himmelblau(tensor({point}, dtype={dtype}))"
    hessian = himmelblau_hessian(_himmelblau_call(fn, xy, what), xy, what)
    checks.expect_close(hessian, expected, f"the second derivatives of f at {tuple(point)}", rtol=rtol, atol=rtol,
                        hints=[checks.Hint([[0.0, 0.0], [0.0, 0.0]],
                                           "They are all 0: the result's gradient does not depend on xy. Was f "
                                           "computed outside autograd and a gradient attached by hand?")])


def check_himmelblau(fn):
    """Values and gradients of ``fn`` at known points, float32 and float64."""
    checks.expect_callable(fn, "himmelblau")
    xy = torch.tensor([0.0, 0.0], requires_grad=True)
    value = _himmelblau_call(fn, xy, "himmelblau(tensor([0., 0.]))")
    checks.expect_close(value, 170.0, "f(0, 0)", rtol=1e-6, hints=[
        checks.Hint(72.0, "That is the first square minus the second: f adds them."),
        checks.Hint(-18.0, "That is (x² + y − 11) + (x + y² − 7): each bracket is squared before adding."),
        checks.Hint(170.0 ** 0.5, "That is the square root of f: f is the sum of the squares itself."),
    ])
    grad, = _grad(value, xy)
    checks.expect_close(grad, [-14.0, -22.0], "the gradient of f at (0, 0)", rtol=1e-6)

    xy = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    value = _himmelblau_call(fn, xy, "himmelblau(tensor([1., 1.], dtype=torch.float64))")
    checks.expect_close(value, 106.0, "f(1, 1)", rtol=1e-12, hints=[
        checks.Hint((1 + 1 - 11) ** 2 + (1 + 1 - 7), "Only the first bracket is squared: square both."),
    ])
    grad, = _grad(value, xy)
    checks.expect_close(grad, [-46.0, -38.0], "the gradient of f at (1, 1)", rtol=1e-12, hints=[
        checks.Hint([-38.0, -46.0], "The two partial derivatives are swapped: is x the first entry of xy and y "
                                    "the second?"),
    ])

    # The second derivatives, through the graph of the result: 12x² + 4y − 42, 4x + 4y and 4x + 12y² − 26.
    _expect_hessian(fn, [0.0, 0.0], torch.float32, [[-42.0, 0.0], [0.0, -26.0]], rtol=1e-6)
    _expect_hessian(fn, [1.0, 1.0], torch.float64, [[-26.0, 8.0], [8.0, -10.0]], rtol=1e-12)

    for point in ([3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]):
        what = f"himmelblau(tensor({point}, dtype=torch.float64))"
        value = _himmelblau_call(fn, torch.tensor(point, dtype=torch.float64), what)
        checks.expect_close(value, 0.0, f"f at the minimum {tuple(point)}", rtol=0, atol=1e-9)


# --- exercises 2 and 3: optimizers compared with torch.optim --------------------------------------

def _builtin_optimizer_classes():
    return [obj for obj in vars(torch.optim).values()
            if _isinstance(obj, type) and issubclass(obj, OPTIMIZER) and obj is not OPTIMIZER]


def _builtin_update_functions():
    """torch.optim's functional updates (``torch.optim.adam.adam``, ``_single_tensor_adam``, ...)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("torch.optim.") or module is None:
            continue
        short = name.rsplit(".", 1)[1]
        for attr, obj in list(vars(module).items()):
            if (callable(obj) and not _isinstance(obj, type) and getattr(obj, "__module__", None) == name
                    and (attr == short or attr.startswith(("_single_tensor_", "_multi_tensor_", "_fused_")))):
                found[id(obj)] = (f"{name}.{attr}", obj)
    for attr in ("_fused_adam_", "_fused_adamw_", "_fused_sgd_"):
        if hasattr(torch, attr):
            found[id(getattr(torch, attr))] = (f"torch.{attr}", getattr(torch, attr))
    return found


class _Forbidden(AssertionError):
    pass


_TRIPWIRE_TARGETS = []


def _tripwire_targets():
    """(owner, attribute, label) for every built-in optimizer's __init__ and step and every functional update
    of torch.optim, wherever torch.optim's modules expose it. Found once; the values are read on each use."""
    if not _TRIPWIRE_TARGETS:
        for cls in _builtin_optimizer_classes():
            for attr in ("__init__", "step"):
                if attr in vars(cls):
                    _TRIPWIRE_TARGETS.append((cls, attr, f"torch.optim.{cls.__name__}.{attr}"))
        functions = _builtin_update_functions()
        for name, module in list(sys.modules.items()):
            if module is None or not (name in ("torch", "torch.optim") or name.startswith("torch.optim.")):
                continue
            for attr, obj in list(vars(module).items()):
                if id(obj) in functions and functions[id(obj)][1] is obj:
                    _TRIPWIRE_TARGETS.append((module, attr, functions[id(obj)][0]))
    return _TRIPWIRE_TARGETS


# torch.optim's own files whose code may run inside an answer: the base class and the package's __init__.
# Code from any other file of torch.optim (adam.py, sgd.py, _functional.py, ...) is an optimizer of its own.
_OPTIM_FILES_ALLOWED = ("optimizer.py", "__init__.py")
prepare(_OPTIM_FILES_ALLOWED)  # before the tripwires below ever replace torch.optim's functions


@contextlib.contextmanager
def _builtins_forbidden(exercise):
    """While active, creating or stepping any torch.optim optimizer, calling torch.optim's functional
    updates, running a copy of their code, or any fused or multi-tensor optimizer kernel raises with a
    message; everything is put back on exit.

    Two guards: the public names are replaced by tripwires (for a message that names them), and
    ``optim_guard.forbid_optimizer_code`` watches what runs: any code of torch.optim's optimizer files, or
    code with the same bytecode (a copy), seen by a profile hook, and every ATen operation, seen by a
    dispatch mode, which refuses torch's fused optimizer kernels and the ``_foreach_*`` kernels."""
    message = ("{exercise} used {label}: the exercise is to write the update yourself, with elementwise tensor "
               "operations. Subclass torch.optim.Optimizer only; do not create, subclass or call torch.optim's "
               "own optimizers or their functional updates (nor a copy of their code), nor torch's fused or "
               "_foreach_ optimizer kernels.")

    def tripwire(label):
        def refuse(*args, **kwargs):
            raise _Forbidden(message.format(exercise=exercise, label=label))
        return refuse

    patches = []
    for owner, attr, label in _tripwire_targets():
        patches.append((owner, attr, vars(owner)[attr]))
        setattr(owner, attr, tripwire(label))
    try:
        with forbid_optimizer_code(message.replace("{exercise}", exercise), allowed_files=_OPTIM_FILES_ALLOWED,
                                   what=exercise):
            yield
    finally:
        for owner, attr, original in reversed(patches):
            setattr(owner, attr, original)


def _check_class(cls, name):
    if not _isinstance(cls, type):
        raise AssertionError(f"{name} should be a class (a subclass of torch.optim.Optimizer), but it is "
                             f"{_type(cls).__name__}.")
    if not issubclass(cls, OPTIMIZER):
        raise AssertionError(f"{name} should be a subclass of torch.optim.Optimizer, so that zero_grad, "
                             "param_groups and state work as for every optimizer.")
    builtin = [k.__name__ for k in cls.__mro__ if k in _builtin_optimizer_classes()]
    if builtin:
        raise AssertionError(f"{name} subclasses torch.optim.{builtin[0]}: subclass torch.optim.Optimizer itself and "
                             "write the update yourself.")


class Scenario:
    """One side-by-side run: the same parameters and losses, the student's optimizer and torch.optim's.

    ``groups``: None to pass a plain list of tensors, or a list of ``(indices, overrides)`` that become
    param-group dicts. ``skip``: ``{parameter index: steps}`` at which that parameter takes no part in the
    loss (so its ``.grad`` is None, or zero after ``zero_grad(set_to_none=False)``). ``lr_changes``:
    ``{step: factor}``, every group's lr is multiplied by factor before that step, as a scheduler does.
    """

    def __init__(self, what, kwargs, shapes, dtypes, n_steps, seed, groups=None, skip=None, set_to_none=True,
                 lr_changes=None, scale=1.0, generator=False):
        self.what, self.kwargs, self.shapes, self.n_steps, self.seed = what, dict(kwargs), list(shapes), n_steps, seed
        self.dtypes = list(dtypes) if _isinstance(dtypes, (list, tuple)) else [dtypes] * _len(self.shapes)
        self.groups, self.skip, self.set_to_none = groups, dict(skip or {}), set_to_none
        self.lr_changes, self.scale, self.generator = dict(lr_changes or {}), scale, generator

    def make(self):
        gen = torch.Generator().manual_seed(self.seed)
        values, centres, weights = [], [], []
        for shape, dtype in zip(self.shapes, self.dtypes):
            values.append(torch.randn(shape, generator=gen, dtype=torch.float64).to(dtype))
            centres.append(torch.randn(shape, generator=gen, dtype=torch.float64).to(dtype))
            weights.append((0.5 + 1.5 * torch.rand(shape, generator=gen, dtype=torch.float64)).to(dtype))
        return values, centres, weights

    def argument(self, params):
        if self.groups is None:
            return (p for p in params) if self.generator else list(params)
        return [{"params": [params[i] for i in indices], **overrides} for indices, overrides in self.groups]

    def loss(self, params, centres, weights, step):
        total = 0.0
        for i, (p, c, w) in enumerate(zip(params, centres, weights)):
            if step in self.skip.get(i, ()):
                continue
            total = total + self.scale * (w * (p - c) ** 2 + 0.05 * p ** 4).sum().double()
        return total

    def settings_of(self, i):
        """The hyperparameters parameter ``i`` is trained with (its group's overrides on the defaults)."""
        settings = dict(self.kwargs)
        for indices, overrides in self.groups or ():
            if i in indices:
                settings.update(overrides)
        return settings


_FIRST_STEP_MESSAGES = {
    "no bias correction": "On its first step it moved as Adam without bias correction: m and v start at 0 and "
                          "must be divided by 1 - beta ** t.",
    "eps inside the square root": "On its first step it moved as if eps were added inside the square root: "
                                  "torch adds eps to the square root of v̂.",
    "eps squared inside the square root": "On its first step it moved as if eps ** 2 were added inside the square "
                                          "root (sqrt(v̂ + eps²)): torch adds eps to the square root of v̂, "
                                          "sqrt(v̂) + eps, which is not the same.",
    "eps before the bias correction": "On its first step it moved as if eps were added to the square root of v "
                                      "before the bias correction (the Adam paper's 'eps hat' form, with the "
                                      "corrections folded into the step size): torch adds eps to the square "
                                      "root of v̂, after the correction.",
    "plain gradient step": "On its first step it moved by -lr * grad, a plain gradient step: Adam divides by "
                           "the square root of v̂.",
}


def _first_step_candidates_adam(before, grad, settings, lr):
    """Where a parameter's first step with a gradient takes it under the classic mistakes (t = 1)."""
    (beta1, beta2), eps = settings.get("betas", (0.9, 0.999)), settings.get("eps", 1e-8)
    g = grad.double()
    b = before.double()
    return {
        "no bias correction": b - lr * (1 - beta1) * g / ((1 - beta2) ** 0.5 * g.abs() + eps),
        "eps inside the square root": b - lr * g / torch.sqrt(g * g + eps),
        "eps squared inside the square root": b - lr * g / torch.sqrt(g * g + eps * eps),
        "eps before the bias correction": b - lr * g / (g.abs() + eps / (1 - beta2) ** 0.5),
        "plain gradient step": b - lr * g,
    }


def _lr_at(sc, i, step):
    """The learning rate parameter ``i``'s group has at ``step`` (0-based), after the scenario's changes."""
    lr = sc.settings_of(i).get("lr", 1e-3)
    for k, factor in sorted(sc.lr_changes.items()):
        if k <= step:
            lr *= factor
    return lr


def _float32_bias_correction(beta, t):
    """``1 - beta ** t`` as it comes out when ``t`` is a float32 tensor (torch's own step counter): in float32."""
    return float(1 - beta ** torch.tensor(float(t)))


_HISTORY_MESSAGES = {
    "AMSGrad": "It moved as AMSGrad does: the denominator used the largest v so far (a running maximum) instead "
               "of the current v. The exercise's Adam, like torch.optim.Adam by default (amsgrad=False), divides "
               "by the square root of the current v̂.",
    "float32 bias correction": "It moved as Adam does with 1 - beta ** t computed in float32: is the step count a "
                               "float32 tensor? With a tensor t, beta ** t has t's dtype, too coarse for float64 "
                               "parameters. torch keeps its count as a float32 tensor too, but reads it as a "
                               "Python number (.item()) before the bias correction: keep t a Python int, or do "
                               "the same.",
}


def _history_candidates_adam(before, history, settings, lr):
    """Where this step would have taken the parameter, from its values ``before`` the step and the gradients
    of all its steps (``history``, None where it had none), for Adam's classic variants: AMSGrad (from
    the second step on) and the bias correction computed in float32. Moments in float64, as the exercise's
    formulas."""
    (beta1, beta2), eps = settings.get("betas", (0.9, 0.999)), settings.get("eps", 1e-8)
    m = v = v_max = None
    t = 0
    for g in history:
        if g is None:
            continue
        g = g.double()
        t += 1
        if m is None:
            m, v = torch.zeros_like(g), torch.zeros_like(g)
            v_max = torch.zeros_like(g)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        v_max = torch.maximum(v_max, v)
    if m is None:
        return {}
    b = before.double()
    bias1, bias2 = 1 - beta1 ** t, 1 - beta2 ** t
    found = {}
    if t > 1 and not torch.equal(v_max, v):
        found["AMSGrad"] = b - lr * (m / bias1) / ((v_max / bias2).sqrt() + eps)
    bias1_f32, bias2_f32 = _float32_bias_correction(beta1, t), _float32_bias_correction(beta2, t)
    if (bias1_f32, bias2_f32) != (bias1, bias2):
        found["float32 bias correction"] = b - lr * (m / bias1_f32) / ((v / bias2_f32).sqrt() + eps)
    return found


def _first_step_update(kind, before, grad, settings):
    """Where a parameter's first step with a gradient takes it, by the exercise's formulas."""
    b, g = before.double(), grad.double()
    if kind == "MySGD":
        return b - settings["lr"] * g
    lr, eps = settings.get("lr", 1e-3), settings.get("eps", 1e-8)
    return b - lr * g / (g.abs() + eps)


def _diagnose(kind, sc, step, i, before, got, expected, grad, history):
    """The message for the first step at which parameter ``i`` left torch.optim's path."""
    settings = sc.settings_of(i)
    reference = "torch.optim.SGD" if kind == "MySGD" else "torch.optim.Adam"
    head = (f"{sc.what}: after step {step + 1}, parameter {i} ({_describe_tensor(got)}) differs from {reference}'s "
            f"by up to {_max_diff(got, expected):.3g}.")
    rtol, atol = _tolerance(got.dtype)
    if not torch.isfinite(got).all():
        tail = (" It holds inf or NaN: a division by zero? In Adam, 1 - beta ** t is 0 when t is 0 — is the "
                "step count advanced before it is used?" if kind == "MyAdam" else " It holds inf or NaN.")
        return head + tail
    if grad is None:  # a parameter that moved without a gradient is refused before the comparison
        return head + " Its .grad was None at this step."
    first_step = sum(1 for g in history if g is not None) == 1
    skipped_before = any(g is None for g in history[:-1])
    own_settings = settings != dict(sc.kwargs)
    groups_hint = (f" Its param group has its own settings ({settings}): read the hyperparameters from each "
                   "param group, not from self.defaults or the constructor's arguments.")
    if own_settings and first_step and _close(got, _first_step_update(kind, before, grad, sc.kwargs), rtol, atol):
        return head + groups_hint
    if kind == "MyAdam":
        for name, value in _history_candidates_adam(before, history, settings, _lr_at(sc, i, step)).items():
            if _close(got, value, rtol, atol):
                return head + " " + _HISTORY_MESSAGES[name]
    scale = float(expected.detach().double().abs().max()) if expected.numel() else 0.0
    if got.dtype == torch.float64 and _max_diff(got, expected) <= 1e-6 * _max(1.0, scale):
        return head + (" That is a small difference, the size float32 rounding makes: is part of the update "
                       "computed in float32 for this float64 parameter (state made with torch.zeros(shape), "
                       "which is float32 whatever p is, or a float32 tensor as the step count)? Make the state "
                       "with p's dtype (torch.zeros_like(p)) and keep counts as Python numbers.")
    if kind == "MySGD":
        momentum = settings.get("momentum", 0.0)
        if momentum and first_step:
            return head + (" This was this parameter's first step with a gradient: with momentum, the first step "
                           "moves exactly as plain SGD does. How does the momentum buffer start?")
        plain = before.double() - settings["lr"] * grad.double()
        if momentum and _close(got, plain, rtol, atol):
            return head + (" It moved like plain SGD (no momentum): is the momentum buffer used for the update, and "
                           "kept between steps (in self.state[p])?")
    elif first_step:
        if skipped_before:
            return head + (" This was this parameter's first step with a gradient (it had none at the earlier "
                           "steps, and was skipped then), so its own step count is 1: is the count kept per "
                           "parameter, and advanced only on the parameter's own steps?")
        for name, value in _first_step_candidates_adam(before, grad, settings, _lr_at(sc, i, step)).items():
            if _close(got, value, rtol, atol):
                return head + " " + _FIRST_STEP_MESSAGES[name]
        return head + (" This was this parameter's first step with a gradient; recheck the update against the "
                       "formulas in the exercise, for t = 1.")
    elif skipped_before:
        return head + (" This parameter had no gradient at some earlier steps, and was skipped then. Its state, "
                       "step count included, advances only on its own steps: is the count kept per parameter?")
    if not sc.set_to_none:
        return head + (" This run clears gradients with zero_grad(set_to_none=False), which zeroes each p.grad in "
                       "place: does something you keep between steps share memory with p.grad?")
    if any(k <= step for k in sc.lr_changes):
        return head + (" The learning rate of the groups was changed before this step, as a scheduler does: read the "
                       "hyperparameters from each param group at every step, and apply the current one to the "
                       "whole update.")
    if own_settings:
        return head + groups_hint
    if kind == "MyAdam" and _len(sc.shapes) > 1:
        return head + (" Recheck the update against the formulas in the exercise. Each parameter keeps its own "
                       "moments and step count: is some state shared between parameters, or advanced more than "
                       "once per step()?")
    return head + " Recheck the update against the formulas in the exercise."


def _run_student_steps(student_cls, kind, sc, compare):
    """Run ``student_cls`` (exercise ``kind``, "MySGD" or "MyAdam") on scenario ``sc`` under the watch of
    ``_builtins_forbidden`` (no torch.optim code, no optimizer kernel), checking after every step that
    each parameter is still a leaf that requires grad, that a parameter without a gradient did not move,
    and that every move was seen by autograd's version counter. ``compare(step, i, after, before, grad,
    history)`` checks parameter ``i``'s values after each step against the reference; it sees the
    parameter's values before the step, the gradient the step used (None when there was none) and the
    gradients of all its steps so far. Returns the student's parameters."""
    values, centres, weights = sc.make()
    mine = [v.clone().requires_grad_() for v in values]
    with _builtins_forbidden(kind):
        optimizer = student_cls(sc.argument(mine), **sc.kwargs)
    if not _isinstance(optimizer, OPTIMIZER):
        raise AssertionError(f"{kind}(...) should create a torch.optim.Optimizer.")
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if held != {id(p) for p in mine}:
        raise AssertionError(f"{sc.what}: the optimizer's param_groups do not hold the very tensors it was given "
                             "(copies cannot update the caller's parameters): pass them on to "
                             "torch.optim.Optimizer.__init__ as they are.")
    histories = [[] for _ in mine]
    for step in range(sc.n_steps):
        if step in sc.lr_changes:
            for group in optimizer.param_groups:
                group["lr"] *= sc.lr_changes[step]
        optimizer.zero_grad(set_to_none=sc.set_to_none)
        loss = sc.loss(mine, centres, weights, step)
        if _isinstance(loss, _Tensor):
            loss.backward()
        before = [p.detach().clone() for p in mine]
        versions = [p._version for p in mine]
        grads = [None if p.grad is None else p.grad.detach().clone() for p in mine]
        grad_objects = [p.grad for p in mine]
        for history, g in zip(histories, grads):
            history.append(g)
        with _builtins_forbidden(kind):
            optimizer.step()
        for i, p in enumerate(mine):
            if not (p.is_leaf and p.requires_grad) or p.grad_fn is not None:
                raise AssertionError(f"{sc.what}: after step {step + 1}, parameter {i} is no longer a leaf that "
                                     "requires grad: the update was recorded by autograd. Update in place with "
                                     "autograd switched off.")
            if grads[i] is None and not torch.equal(p.detach(), before[i]):
                raise AssertionError(f"{sc.what}: at step {step + 1}, parameter {i} had no gradient (.grad was None: "
                                     "it took no part in the loss), yet it moved. A parameter without a gradient is "
                                     "skipped entirely, its state included. Treating None as a zero gradient is not "
                                     "the same: a zero gradient still takes a momentum step.")
            compare(step, i, p.detach(), before[i], grads[i], histories[i])
            if grads[i] is not None and not (_isinstance(p.grad, _Tensor) and torch.equal(p.grad, grads[i])):
                how = ("is None" if p.grad is None else "was changed in place" if p.grad is grad_objects[i] else
                       "was replaced by a tensor with other values")
                raise AssertionError(f"{sc.what}: after step {step + 1}, parameter {i}'s .grad {how}: step() should "
                                     "leave the gradient it was given as it was (was p.grad used as scratch space, or "
                                     "is something you keep sharing its memory?). torch.optim's optimizers read "
                                     ".grad and leave it alone: whoever called step() may still need it. Compute the "
                                     "update in tensors of your own.")
            if grads[i] is not None and not torch.equal(p.detach(), before[i]) and p._version == versions[i]:
                raise AssertionError(f"{sc.what}: parameter {i} changed without autograd's version counter noticing: "
                                     "the update went around autograd (through .data?). A graph that saved the "
                                     "parameter would silently use the new values. Update the tensor itself, in "
                                     "place, with autograd switched off.")
    return mine


def compare_with_torch(student_cls, reference_cls, sc):
    """Run ``student_cls`` on scenario ``sc`` next to ``reference_cls`` (torch.optim's run of the same
    scenario, ``torch_steps``); raise at the first difference, with a diagnosis. Returns the student's
    final parameters."""
    kind = "MySGD" if reference_cls is TORCH_SGD else "MyAdam"
    expected = torch_steps(reference_cls, sc)

    def compare(step, i, after, before, grad, history):
        rtol, atol = _tolerance(after.dtype)
        if not _close(after, expected[step][i], rtol, atol):
            raise AssertionError(_diagnose(kind, sc, step, i, before, after, expected[step][i], grad, history))

    mine = _run_student_steps(student_cls, kind, sc, compare)
    for i, (p, q) in enumerate(zip(mine, expected[-1])):
        rtol, atol = _tolerance(p.dtype)
        checks.expect_close(p, q, f"{sc.what}: parameter {i} after {sc.n_steps} steps", rtol=rtol, atol=atol)
    return mine


def torch_steps(reference_cls, sc):
    """A hidden test's reference: the parameters after each step of torch.optim's ``reference_cls`` on
    scenario ``sc`` (a list with one entry per step, each a list of tensors). It uses the scenario only,
    so it belongs in a ``with checks.reference():`` block."""
    values, centres, weights = sc.make()
    params = [v.clone().requires_grad_() for v in values]
    optimizer = reference_cls(sc.argument(params), **sc.kwargs)
    after = []
    for step in range(sc.n_steps):
        if step in sc.lr_changes:
            for group in optimizer.param_groups:
                group["lr"] *= sc.lr_changes[step]
        optimizer.zero_grad(set_to_none=sc.set_to_none)
        loss = sc.loss(params, centres, weights, step)
        if _isinstance(loss, _Tensor):
            loss.backward()
        optimizer.step()
        after.append([p.detach().clone() for p in params])
    return after


def _step_hints(kind, sc, step, i, before, grad, history):
    """Hints for parameter ``i`` after a step, from the learner's own run (where it was, its gradient, its
    history): what the classic mistakes would have produced from there."""
    if grad is None:
        return []
    settings = sc.settings_of(i)
    first_step = sum(1 for g in history if g is not None) == 1
    if kind == "MySGD":
        plain = before.double() - settings["lr"] * grad.double()
        if settings.get("momentum", 0.0) and not first_step:
            return [checks.Hint(plain, "It moved like plain SGD (no momentum): is the momentum buffer used for the "
                                       "update, and kept between steps (in self.state[p])?")]
        return []
    hints = [checks.Hint(value, _HISTORY_MESSAGES[name]) for name, value in
             _history_candidates_adam(before, history, settings, _lr_at(sc, i, step)).items()]
    if not first_step:
        return hints
    return hints + [checks.Hint(value, _FIRST_STEP_MESSAGES[name]) for name, value in
                    _first_step_candidates_adam(before, grad, settings, _lr_at(sc, i, step)).items()]


def expect_steps(student_cls, kind, sc, expected):
    """Run ``student_cls`` (exercise ``kind``, "MySGD" or "MyAdam") on scenario ``sc`` under the same watch
    as ``compare_with_torch`` and check every parameter after every step against ``expected``, the
    reference from ``torch_steps``, which this function only hands on to the checks."""

    def compare(step, i, after, before, grad, history):
        rtol, atol = _tolerance(after.dtype)
        checks.expect_close(after, expected[step][i], f"{sc.what}: parameter {i} ({_describe_tensor(after)}) after "
                            f"step {step + 1}", rtol=rtol, atol=atol,
                            hints=_step_hints(kind, sc, step, i, before, grad, history))

    return _run_student_steps(student_cls, kind, sc, compare)


def _check_optimizer_class(cls, name, reference_cls, scenarios):
    _check_class(cls, name)
    for sc in scenarios:
        compare_with_torch(cls, reference_cls, sc)


def check_my_sgd(MySGD):
    """MySGD against torch.optim.SGD: plain and with momentum, float32 and float64, several groups, a
    parameter without gradient, a learning rate changed between steps."""
    _check_optimizer_class(MySGD, "MySGD", TORCH_SGD, [
        Scenario("MySGD(params, lr=0.1), plain SGD", dict(lr=0.1), [(3,), (2, 4)], torch.float32, 5, seed=501),
        Scenario("MySGD(params, 0.05, momentum=0.9)", dict(lr=0.05, momentum=0.9), [(5,), (), (3, 2)],
                 torch.float64, 25, seed=502, skip={1: {0, 3, 4, 10}}),
        Scenario("MySGD(model.parameters(), lr=0.02, momentum=0.5)", dict(lr=0.02, momentum=0.5), [(4, 3), (4,)],
                 torch.float32, 12, seed=503, generator=True),
        Scenario("MySGD with momentum 0.8 and zero_grad(set_to_none=False)", dict(lr=0.05, momentum=0.8),
                 [(3,), (2,)], torch.float64, 10, seed=504, set_to_none=False, skip={1: {2, 3}}),
        Scenario("MySGD with two param groups (the second with lr=0.01, momentum=0.5) and the lr halved before "
                 "step 6", dict(lr=0.05, momentum=0.9), [(3,), (2, 2), (4,)], torch.float64, 12, seed=505,
                 groups=[([0, 2], {}), ([1], {"lr": 0.01, "momentum": 0.5})], lr_changes={5: 0.5}),
    ])


def check_my_adam(MyAdam):
    """MyAdam against torch.optim.Adam: default settings, other betas and a large eps with small gradients,
    several groups, a parameter without gradient, a learning rate changed between steps."""
    _check_optimizer_class(MyAdam, "MyAdam", TORCH_ADAM, [
        Scenario("MyAdam(params), default settings", {}, [(4,), (2, 3)], torch.float32, 20, seed=511),
        Scenario("MyAdam(params, lr=0.05, betas=(0.8, 0.99), eps=1e-3) with small gradients",
                 dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3), [(5,), (3, 2)], torch.float64, 25, seed=512,
                 scale=1e-3),
        Scenario("MyAdam(params, lr=0.1) with a parameter that has no gradient at some steps", dict(lr=0.1),
                 [(3,), (), (2, 2)], torch.float64, 20, seed=513, skip={1: {0, 1, 5, 6, 7}}),
        Scenario("MyAdam with two param groups (the second with lr=0.01, betas=(0.5, 0.9)), the lr halved before "
                 "step 6 and zero_grad(set_to_none=False)", dict(lr=0.05), [(3,), (2, 2), (4,)], torch.float64,
                 12, seed=514, groups=[([0, 2], {}), ([1], {"lr": 0.01, "betas": (0.5, 0.9)})],
                 lr_changes={5: 0.5}, set_to_none=False),
    ])


# --- exercise 4: minimize ---------------------------------------------------------------------------

def booth(p):
    """Booth's function, (x + 2y - 7)^2 + (2x + y - 5)^2, minimum 0 at (1, 3): the test landscape."""
    return (p[0] + 2 * p[1] - 7) ** 2 + (2 * p[0] + p[1] - 5) ** 2


class SignDescent(OPTIMIZER):
    """Move every number by ``lr`` against the sign of its gradient. Its step() takes no closure."""

    def __init__(self, params, lr):
        super().__init__(params, dict(lr=lr))

    @_no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.sub_(group["lr"] * torch.sign(p.grad))


def _unhooked(step):
    """``step`` without torch's hook wrapper. The first instance of an optimizer class has
    ``Optimizer._patch_step_function`` wrap its class's ``step`` in a function that runs the step hooks
    (``register_step_pre_hook``, ``register_step_post_hook``); a subclass that overrides ``step`` is
    wrapped again, so calling the base class's wrapped ``step`` from it would run every hook twice."""
    return step.__wrapped__ if getattr(step, "hooked", False) else step


def recording(cls):
    """A subclass of optimizer class ``cls`` that records, at each step, the point and gradient it saw.
    The step hooks an answer registers on it run once per step, as on ``cls`` itself."""

    class Recording(cls):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.seen = []

        def _record(self):
            params = [p for group in self.param_groups for p in group["params"]]
            self.seen.append([(p.detach().clone(), None if p.grad is None else p.grad.detach().clone())
                              for p in params])

        def step(self, closure=None):
            base_step = _unhooked(cls.step)  # this class's own step runs the hooks; the base's must not
            if closure is None:
                self._record()
                return base_step(self)

            # step(closure): the optimizer calls the closure, which computes the gradient; what the
            # update sees is the point and the gradient as the closure leaves them.
            def recorded_closure():
                loss = closure()
                self._record()
                return loss

            return base_step(self, recorded_closure)

    Recording.__name__ = Recording.__qualname__ = cls.__name__
    return Recording


def _minimize_call(fn, f, start, cls, n_steps, what, **kwargs):
    start_before = start.detach().clone()
    start_flag = start.requires_grad
    with warnings.catch_warnings():  # a warning would reach stderr, which nbgrader grades as a failure
        warnings.simplefilter("ignore")
        try:
            result = fn(f, start, cls, n_steps, **kwargs)
        except TypeError as err:
            if "step()" in str(err) and "positional argument" in str(err):
                raise AssertionError(f"{what} raised TypeError: {err}\nThis optimizer's step() takes no closure: "
                                     "call step() without arguments, after backward(), as in the four-step loop "
                                     "(a closure works with torch.optim's optimizers, not with every "
                                     "Optimizer).") from err
            raise
        except ValueError as err:
            if "non-leaf" in str(err):
                raise AssertionError(f"{what} raised ValueError: {err}\nThe tensor handed to the optimizer is the "
                                     "result of a computation, not a leaf: when start requires grad, start.clone() "
                                     "is a node of start's graph. Make the point a new leaf with start's values: "
                                     "cut it from start's graph before it requires grad of its own.") from err
            raise
    if _type(result) is not tuple or _len(result) != 2:
        raise AssertionError(f"{what} should return a tuple (point, trajectory), but it returned "
                             f"{_type(result).__name__}.")
    point, trajectory = result
    checks.expect_tensor(point, f"the point returned by {what}", shape=(2,), dtype=start.dtype, requires_grad=False)
    checks.expect_tensor(trajectory, f"the trajectory returned by {what}", shape=(n_steps + 1, 2), dtype=start.dtype,
                         requires_grad=False)
    checks.expect_unchanged(start, start_before, "start",
                            hint="Optimise a new tensor with start's values; start itself stays as it was.")
    if start.requires_grad != start_flag or start.grad is not None:
        raise AssertionError(f"{what} changed start's requires_grad or gave it a gradient: optimise a new tensor "
                             "made from start's values, and leave start alone.")
    if n_steps > 1 and torch.equal(trajectory, trajectory[-1].expand_as(trajectory)) and not torch.equal(
            trajectory[-1], start_before):
        raise AssertionError(f"Every row of the trajectory of {what} is the final point: the rows share memory "
                             "with the tensor being optimised, so each later step changed them all. Store copies.")
    checks.expect_close(trajectory[0], start_before, f"the first row of the trajectory of {what}", rtol=0, atol=0)
    checks.expect_close(point, trajectory[-1], f"the point returned by {what} (against the trajectory's last row)",
                        rtol=0, atol=0)
    return point, trajectory


def _check_recorded_steps(optimizer_cls, f, n_steps, what):
    """The optimizer was created once, stepped ``n_steps`` times, each time with f's gradient at the point."""
    instances = optimizer_cls.instances
    if _len(instances) != 1:
        raise AssertionError(f"{what} created {_len(instances)} optimizers: create one, from optimizer_cls, and use "
                             "it for every step (it remembers state between steps).")
    seen = instances[0].seen
    if _len(seen) != n_steps:
        raise AssertionError(f"{what} called step() {_len(seen)} times for n_steps = {n_steps}: one step per "
                             "iteration.")
    previous = None
    for k, entries in enumerate(seen):
        if _len(entries) != 1 or tuple(entries[0][0].shape) != (2,):
            raise AssertionError(f"{what} gave the optimizer {_len(entries)} tensors: give it the one point being "
                                 "optimised, shape (2,).")
        point, grad = entries[0]
        if grad is None:
            raise AssertionError(f"At step {k + 1} of {what}, the optimizer found no gradient (.grad is None): "
                                 "was step() called before backward()?")
        probe = point.clone().requires_grad_()
        expected, = _grad(f(probe), probe)
        rtol, atol = _tolerance(point.dtype)
        if not _close(grad, expected, rtol, atol * 10):
            if previous is not None and _close(grad, expected + previous, rtol, atol * 10):
                raise AssertionError(f"At step {k + 1} of {what}, the gradient the optimizer used is the sum of this "
                                     "step's and earlier ones: gradients accumulate in .grad, so clear them every "
                                     "step.")
            raise AssertionError(f"At step {k + 1} of {what}, the gradient the optimizer used is not f's gradient at "
                                 "the current point.")
        previous = expected if previous is None else previous + expected


def _instrumented(cls):
    """``recording(cls)`` that also remembers its instances."""
    base = recording(cls)

    class Instrumented(base):
        instances = []

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            type(self).instances.append(self)

    Instrumented.__name__ = Instrumented.__qualname__ = cls.__name__
    Instrumented.instances = []
    return Instrumented


# Adam on Booth's function from (0, 0), lr 0.1, float64: rows 1, 2, 10 and 50 of the trajectory.
_BOOTH_ADAM_ROWS = {
    1: [0.09999999997058823, 0.09999999997368421],
    2: [0.19982135734816936, 0.19984415937058084],
    10: [0.9732568852762553, 0.9772619446828236],
    50: [1.7464521409314941, 2.3895681165711844],
}


def check_minimize(fn):
    """minimize with torch.optim.SGD (the gradient seen at each step), a custom optimizer whose step() takes
    no closure, and Adam against known values; start left unchanged."""
    checks.expect_callable(fn, "minimize")
    sgd = _instrumented(TORCH_SGD)
    start = torch.tensor([0.0, 0.0])
    what = "minimize(booth, start, torch.optim.SGD, 20, lr=0.01)"
    point, trajectory = _minimize_call(fn, booth, start, sgd, 20, what, lr=0.01)
    _check_recorded_steps(sgd, booth, 20, what)
    for k in range(20):
        probe = trajectory[k].clone().requires_grad_()
        g, = _grad(booth(probe), probe)
        checks.expect_close(trajectory[k + 1], trajectory[k] - 0.01 * g, f"row {k + 1} of the trajectory of {what}",
                            rtol=1e-5, atol=1e-6, hints=[
                                checks.Hint(trajectory[k], "It equals the row before: is each row a copy of the point "
                                                           "taken right after that step?")])

    sign = _instrumented(SignDescent)
    start = torch.tensor([4.0, -1.0], dtype=torch.float64, requires_grad=True)
    what = "minimize(booth, start, SignDescent, 5, lr=0.25), start requiring grad"
    point, trajectory = _minimize_call(fn, booth, start, sign, 5, what, lr=0.25)
    _check_recorded_steps(sign, booth, 5, what)
    checks.expect_close(point, [3.25, 0.25], f"the point returned by {what}", rtol=0, atol=1e-12)

    start = torch.tensor([0.0, 0.0], dtype=torch.float64)
    what = "minimize(booth, start, torch.optim.Adam, 50, lr=0.1) in float64"
    point, trajectory = _minimize_call(fn, booth, start, TORCH_ADAM, 50, what, lr=0.1)
    for row, expected in _BOOTH_ADAM_ROWS.items():
        checks.expect_close(trajectory[row], expected, f"row {row} of the trajectory of {what}", rtol=1e-9,
                            atol=1e-12, hints=[checks.Hint(_BOOTH_ADAM_ROWS.get(row - 1, [0.0, 0.0]),
                                                           "That is the row expected one step earlier: does the "
                                                           "trajectory start with start, and does every step "
                                                           "run backward() before step()?")])


# --- exercise 5: train_with_validation -----------------------------------------------------------

class watch_validation(TorchFunctionMode):
    """Record every PyTorch operation that takes the validation data (or anything computed from it) and
    returns a tensor that requires grad, i.e. every piece of graph built through the validation data; and,
    through saved-tensor hooks, every graph that keeps the validation numbers for backward, even on a copy
    of the data this mode could not follow."""

    def __init__(self, *roots):
        super().__init__()
        # The roots themselves, and any tensor viewing exactly their memory (the same start, shape and
        # strides), even one made without an operation this mode sees. Another part of the same base
        # tensor (the training part, when both are slices of one tensor) is not the validation data.
        self.footprints = {(r.data_ptr(), tuple(r.shape), r.stride()) for r in roots}
        self.roots = [r.detach().double() for r in roots]
        self.derived = {}
        self.graph_ops = []
        # A copy of the data made where this mode cannot follow it (from .tolist(), through NumPy) is
        # another tensor with the same numbers. A graph built on it still saves it for backward (w * x
        # keeps x, to compute the gradient of w): saved-tensor hooks see every tensor a graph keeps.
        self._saving = torch.autograd.graph.saved_tensors_hooks(self._pack, lambda packed: packed)

    def _pack(self, t):
        if not self.graph_ops and _isinstance(t, _Tensor) and t.dtype.is_floating_point:
            for root in self.roots:
                # The same shape and the same numbers (to float32's precision, for a copy made in float32).
                if t.shape == root.shape and t.numel() > 0 and torch.allclose(t.detach().double(), root,
                                                                              rtol=1e-6, atol=0.0):
                    self.graph_ops.append("autograd saved the validation numbers, or a copy of them, for a "
                                          "backward pass")
                    break
        return t

    def __enter__(self):
        self._saving.__enter__()
        return super().__enter__()

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)
        finally:
            self._saving.__exit__(*exc)

    def _from_validation(self, t):
        if not _isinstance(t, _Tensor):
            return False
        ref = self.derived.get(id(t))
        if ref is not None and ref() is t:
            return True
        return t.numel() > 0 and (t.data_ptr(), tuple(t.shape), t.stride()) in self.footprints

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if any(self._from_validation(t) for t in tree_leaves((args, kwargs))):
            for o in tree_leaves(out):
                if _isinstance(o, _Tensor):
                    self.derived[id(o)] = weakref.ref(o)
                    if o.requires_grad:
                        self.graph_ops.append(f"{getattr(func, '__name__', repr(func))} on it returned a tensor "
                                              "that requires grad")
        return out


def made_up_line(n_train, n_val, dtype, seed, slope, intercept, spread):
    """A noisy line ``y = slope * x + intercept + noise``, ``x`` uniform in ``[0, spread)``, split in order
    into a training and a validation part: ``(train_x, val_x, train_y, val_y)`` in ``dtype``."""
    gen = torch.Generator().manual_seed(seed)
    x = spread * torch.rand(n_train + n_val, generator=gen, dtype=torch.float64)
    y = slope * x + intercept + 0.5 * torch.randn(n_train + n_val, generator=gen, dtype=torch.float64)
    x, y = x.to(dtype), y.to(dtype)
    return x[:n_train], x[n_train:], y[:n_train], y[n_train:]


def _loss_at(point, t_u, t_c):
    with _no_grad():
        return float(_loss_fn(_model(t_u, *point), t_c))


def _gradient_at(point, t_u, t_c):
    probe = point.clone().requires_grad_()
    g, = _grad(_loss_fn(_model(t_u, *probe), t_c), probe)
    return g


def run_train_with_validation(fn, optimizer_cls, n_epochs, data, what, **settings):
    """Call ``fn`` with a recording optimizer under the validation watch; check types and the mechanism
    (one step per epoch, each with the training gradient at the current params, no validation graph,
    both losses at the params before the step). Returns (train_losses, val_losses, params)."""
    train_t_u, val_t_u, train_t_c, val_t_c = data
    params = torch.tensor([1.0, 0.0], dtype=train_t_u.dtype, requires_grad=True)
    optimizer = recording(optimizer_cls)([params], **settings)
    copies = [t.clone() for t in data]
    # A warning a correct answer may raise (float() of a loss that requires grad) would reach stderr,
    # which nbgrader grades as a failure.
    with watch_validation(val_t_u, val_t_c) as watch, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = fn(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c)
    for original, copy, name in zip(data, copies, ("train_t_u", "val_t_u", "train_t_c", "val_t_c")):
        checks.expect_unchanged(original, copy, name)
    if _type(result) is not tuple or _len(result) != 2:
        raise AssertionError(f"{what} should return a tuple (train_losses, val_losses), but it returned "
                             f"{_type(result).__name__}.")
    for name, losses in zip(("train_losses", "val_losses"), result):
        if _type(losses) is list and any(_isinstance(item, _Tensor) for item in losses):
            raise AssertionError(f"{name} from {what} holds tensors: record each loss as a Python float. A loss "
                                 "tensor kept in a list keeps its graph alive, epoch after epoch.")
    train_losses = checks.expect_list_of_floats(result[0], f"train_losses from {what}", n_epochs)
    val_losses = checks.expect_list_of_floats(result[1], f"val_losses from {what}", n_epochs)
    if watch.graph_ops:
        raise AssertionError(f"{what} built a graph through the validation data ({watch.graph_ops[0]}). The "
                             "validation loss is only measured, never "
                             "back-propagated: compute it with autograd switched off.")
    seen = optimizer.seen
    if _len(seen) != n_epochs:
        raise AssertionError(f"{what} stepped the given optimizer {_len(seen)} times in {n_epochs} epochs: use the "
                             "optimizer you are given (do not create another), one step per epoch.")
    previous = None
    for k, entries in enumerate(seen):
        point, grad = entries[0]
        if grad is None:
            raise AssertionError(f"At epoch {k + 1} of {what}, the optimizer found no gradient (.grad is None): was "
                                 "step() called before backward(), or zero_grad() between them?")
        expected = _gradient_at(point, train_t_u, train_t_c)
        if not _close(grad, expected, 1e-5, 1e-5 * float(expected.abs().max()) + 1e-9):
            val_grad = _gradient_at(point, val_t_u, val_t_c)
            if previous is not None and _close(grad, expected + previous, 1e-5, 1e-4):
                raise AssertionError(f"At epoch {k + 1} of {what}, the optimizer used the sum of this epoch's "
                                     "gradient and earlier ones: gradients accumulate in .grad, so clear them every "
                                     "epoch.")
            if _close(grad, val_grad, 1e-5, 1e-4):
                raise AssertionError(f"At epoch {k + 1} of {what}, the optimizer used the gradient of the validation "
                                     "loss: train on the training part (check the order of the arguments).")
            if _close(grad, expected + val_grad, 1e-5, 1e-4):
                raise AssertionError(f"At epoch {k + 1} of {what}, the optimizer used the gradient of the training "
                                     "plus the validation loss: only the training loss is back-propagated.")
            raise AssertionError(f"At epoch {k + 1} of {what}, the gradient the optimizer used is not the training "
                                 "loss's gradient at the current params.")
        previous = expected if previous is None else previous + expected
    after = [entries[0][0] for entries in seen[1:]] + [params.detach().clone()]
    for k, entries in enumerate(seen):
        point = entries[0][0]
        train_now, val_now = _loss_at(point, train_t_u, train_t_c), _loss_at(point, val_t_u, val_t_c)
        train_after, val_after = _loss_at(after[k], train_t_u, train_t_c), _loss_at(after[k], val_t_u, val_t_c)
        checks.expect_close(train_losses[k], train_now, f"train_losses[{k}] from {what}", rtol=1e-5, hints=[
            checks.Hint(val_now, "That is the validation loss: are the two lists swapped?"),
            checks.Hint(train_after, "That is the training loss after this epoch's step: record the loss the "
                                     "gradient was computed from, at the params before the step."),
        ])
        checks.expect_close(val_losses[k], val_now, f"val_losses[{k}] from {what}", rtol=1e-5, hints=[
            checks.Hint(train_now, "That is the training loss: are the two lists swapped?"),
            checks.Hint(val_after, "That is the validation loss after this epoch's step: measure both losses at "
                                   "the same params, before the step."),
        ])
    return train_losses, val_losses, params


def check_train_with_validation(fn):
    """train_with_validation on two made-up noisy lines (not the walk-through's thermometer): SGD on 15 + 5
    float32 points, Adam on 12 + 4 float64 points with inputs up to 50, as large as raw readings."""
    checks.expect_callable(fn, "train_with_validation")
    small = made_up_line(15, 5, torch.float32, seed=5055, slope=-1.5, intercept=4.0, spread=4.0)
    what = "train_with_validation(100, SGD(lr=0.02), ...) on 15 + 5 float32 points"
    run_train_with_validation(fn, TORCH_SGD, 100, small, what, lr=0.02)
    large = made_up_line(12, 4, torch.float64, seed=5056, slope=0.4, intercept=-6.0, spread=50.0)
    what = "train_with_validation(40, Adam(lr=0.1), ...) on 12 + 4 float64 points with x up to 50"
    run_train_with_validation(fn, TORCH_ADAM, 40, large, what, lr=0.1)
