"""Visible tests of chapter 6's assignment: modules, training steps, evaluation mode and devices.

Each ``check_*`` function runs a learner's answer on fixed inputs and raises ``AssertionError`` with a
message that names the classic mistake the result looks like. The test models carry a ``ModeProbe``, a
pass-through layer that records, at every call, whether the model was in training mode and whether
autograd was recording, so the tests observe the mechanism and not only the numbers.
"""

import builtins
import contextlib
import copy

import torch
import torch.nn as nn

from autograd_course import checks

__all__ = [
    "ModeProbe",
    "RecordingMSE",
    "probe_model",
    "check_parameters_registered",
    "check_initialisation",
    "check_forward",
    "check_train_step_updates",
    "check_train_step_mode",
    "check_evaluate",
    "check_leaf_parameter",
]

# Captured when the assignment's imports cell runs, before any student cell can rebind them.
_isinstance, _type, _len, _getattr, _hasattr = (builtins.isinstance, builtins.type, builtins.len, builtins.getattr,
                                                builtins.hasattr)
_list, _dict, _set, _sorted, _zip = builtins.list, builtins.dict, builtins.set, builtins.sorted, builtins.zip
_deepcopy = copy.deepcopy
_nullcontext = contextlib.nullcontext
_fork_rng, _manual_seed = torch.random.fork_rng, torch.manual_seed
_randn, _rand, _zeros, _tensor, _linspace = torch.randn, torch.rand, torch.zeros, torch.tensor, torch.linspace
_no_grad, _is_grad_enabled, _device = torch.no_grad, torch.is_grad_enabled, torch.device
_inference_mode, _is_inference_mode_enabled = torch.inference_mode, torch.is_inference_mode_enabled
_set_grad_enabled, _full_like, _equal = torch._C._set_grad_enabled, torch.full_like, torch.equal
_SGD, _Module, _Parameter, _Tensor = torch.optim.SGD, nn.Module, nn.Parameter, torch.Tensor
_Linear, _Sequential, _Dropout = nn.Linear, nn.Sequential, nn.Dropout
_named_parameters, _modules, _train = nn.Module.named_parameters, nn.Module.modules, nn.Module.train
_tolist, _detach, _clone = torch.Tensor.tolist, torch.Tensor.detach, torch.Tensor.clone
_float32 = torch.float32


class _SharedLog:
    """Where a ``ModeProbe`` writes. A deep copy of the probe (or of a model holding it) shares the same log,
    so the tests also see what happens in a copy, as when ``evaluate`` works on a copy of the model."""

    def __init__(self):
        self.calls = []
        self.last_output = None

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


class ModeProbe(_Module):
    """A layer that returns its input unchanged and records each call: ``(self.training, grad enabled)``.

    It also keeps the tensor it returned last, so that a loss can check it received the model's output.
    Copies of the probe record into the same ``calls`` and ``last_output``.
    """

    def __init__(self):
        super().__init__()
        self.log = _SharedLog()

    @property
    def calls(self):
        return self.log.calls

    @property
    def last_output(self):
        return self.log.last_output

    def forward(self, x):
        self.log.calls.append((self.training, _is_grad_enabled()))
        self.log.last_output = x
        return x


class RecordingMSE(_Module):
    """The mean squared error, recording for each call whether it got ``(model output, target)`` in order."""

    def __init__(self, probe):
        super().__init__()
        self.probe = [probe]  # in a list so that the probe is not registered as a submodule of the loss
        self.calls = []

    def forward(self, prediction, target):
        self.calls.append((prediction is self.probe[0].last_output, target))
        return ((prediction - target) ** 2).mean()


def probe_model(seed, n_in=3, dropout=0.0, nested=False):
    """``Sequential(Linear(n_in, 1), [Dropout], ModeProbe())`` with seeded weights; returns (model, probe).
    With ``nested``, the linear layer and the dropout sit in an inner ``Sequential``, one level deeper."""
    with _fork_rng(devices=[]):
        _manual_seed(seed)
        layers = [_Linear(n_in, 1)]
        if dropout:
            layers.append(_Dropout(dropout))
        probe = ModeProbe()
        model = _Sequential(_Sequential(*layers), probe) if nested else _Sequential(*layers, probe)
    return model, probe


def _data(seed, n, n_in):
    with _fork_rng(devices=[]):
        _manual_seed(seed)
        x = _randn(n, n_in)
        y = _randn(n, 1)
    return x, y


def _same(got, want, tolerance=1e-7):
    return _len(got) == _len(want) and all(abs(g - w) <= tolerance * (1 + abs(w)) for g, w in _zip(got, want))


def _values(params):
    return [v for p in params for v in _tolist(_detach(p).reshape(-1))]


# --- ManualLinearRegression ---------------------------------------------------------------------------

def _build(cls, seed):
    with _fork_rng(devices=[]):
        _manual_seed(seed)
        model = cls()
    if not _isinstance(model, _Module):
        raise checks.CheckFailure(f"ManualLinearRegression() should be an nn.Module, but it is a "
                                  f"{_type(model).__name__}: subclass nn.Module.")
    return model


def check_parameters_registered(cls):
    """Exactly two registered parameters ``a`` and ``b``, float32 leaves of shape (1,) that require grad."""
    model = _build(cls, 0)
    named = _dict(_named_parameters(model))
    for name in ("a", "b"):
        if not _hasattr(model, name):
            raise checks.CheckFailure(f"The model has no attribute {name!r}: store the {name} of a + b * x as "
                                      f"model.{name}.")
        value = _getattr(model, name)
        if name not in named:
            if _isinstance(value, _Tensor):
                raise checks.CheckFailure(
                    f"model.{name} is a plain tensor attribute, not registered as a parameter: parameters() and "
                    f"state_dict() leave it out, so an optimizer never updates it. What marks a tensor as a "
                    f"parameter of its module?")
            raise checks.CheckFailure(f"model.{name} should be a parameter, but it is a {_type(value).__name__}.")
        if named[name] is not value:
            raise checks.CheckFailure(f"model.{name} is not the tensor that parameters() lists under {name!r}.")
    if _sorted(named) != ["a", "b"]:
        raise checks.CheckFailure(f"parameters() lists {_sorted(named)}; the model should have exactly two "
                                  "parameters, a and b, and no layers holding others.")
    for name in ("a", "b"):
        value = named[name]
        if tuple(value.shape) == ():
            raise checks.CheckFailure(f"model.{name} has shape () (a zero-dimensional scalar); the exercise asks "
                                      "for shape (1,), a one-element vector.")
        checks.expect_tensor(value, f"model.{name}", shape=(1,), dtype=_float32, requires_grad=True)
        if not value.is_leaf:
            raise checks.CheckFailure(f"model.{name} is not a leaf tensor: it was computed from another tensor.")
    if _sorted(model.state_dict()) != ["a", "b"]:
        raise checks.CheckFailure(f"state_dict() holds {_sorted(model.state_dict())} instead of ['a', 'b'].")


def check_initialisation(cls, seeds=(0, 1, 2)):
    """``a`` and ``b`` are two standard-normal draws (``torch.randn(1)`` each) from the global generator."""
    seen = [_values([model.a, model.b]) for model in (_build(cls, seed) for seed in seeds)]
    if _len(seeds) > 1 and all(_same(got, seen[0]) for got in seen[1:]):
        raise checks.CheckFailure(f"a and b start at {seen[0]} whatever the global seed: draw them at random from "
                                  "the global random generator, without seeding inside the class.")
    for seed, got in _zip(seeds, seen):
        with _fork_rng(devices=[]):
            _manual_seed(seed)
            normal = _tolist(_randn(2))
            _manual_seed(seed)
            uniform = _tolist(_rand(2))
        if _same(got, normal) or _same(got, normal[::-1]):
            continue
        checks.expect_close(got, normal, f"(a, b) after torch.manual_seed({seed})", rtol=1e-7, atol=1e-7, hints=[
            checks.Hint(uniform, "These are uniform draws from [0, 1): the exercise asks for the standard normal "
                                 "distribution."),
            checks.Hint(uniform[::-1], "These are uniform draws from [0, 1): the exercise asks for the standard "
                                       "normal distribution."),
        ])


def check_forward(cls):
    """``model(x)`` is ``a + b * x`` with the shape of ``x``, and autograd reaches ``a`` and ``b``."""
    model = _build(cls, 0)
    with _no_grad():
        model.a.fill_(0.5)
        model.b.fill_(-2.0)
    x = _tensor([[0.0], [1.0], [2.0], [-1.5]])
    out = checks.expect_tensor(model(x), "model(x) for x of shape (4, 1)", shape=(4, 1), dtype=_float32)
    expected = [0.5 - 2.0 * v for v in (0.0, 1.0, 2.0, -1.5)]
    checks.expect_close(out, expected, "model(x) with a = 0.5, b = -2", rtol=1e-6, hints=[
        checks.Hint([-2.0 + 0.5 * v for v in (0.0, 1.0, 2.0, -1.5)],
                    "Intercept and slope are swapped: a is added on its own, b multiplies x."),
        checks.Hint([0.5 * v for v in (0.0, 1.0, 2.0, -1.5)], "a * x: which parameter is the slope?"),
    ])
    if not out.requires_grad or out.grad_fn is None:
        raise checks.CheckFailure("model(x) does not require grad: the forward pass must compute with the "
                                  "parameters themselves, not with numbers or copies taken out of them.")
    model.a.grad, model.b.grad = None, None
    out.sum().backward()
    grads = [model.a.grad, model.b.grad]
    if grads[0] is None or grads[1] is None:
        raise checks.CheckFailure("backward did not reach both a and b: the forward pass must compute with the "
                                  "parameters themselves.")
    checks.expect_close(_values(grads), [4.0, 1.5], "(a.grad, b.grad) after model(x).sum().backward()", rtol=1e-6)
    flat = _tensor([3.0, -1.0, 0.25])
    out = checks.expect_tensor(model(flat), "model(x) for x of shape (3,)", shape=(3,), dtype=_float32)
    checks.expect_close(out, [0.5 - 2.0 * v for v in (3.0, -1.0, 0.25)], "model(x) for x of shape (3,)", rtol=1e-6)
    # A zero-dimensional input: broadcasting with parameters of shape (1,) gives shape (1,).
    out = model(_tensor(2.0))
    if _isinstance(out, _Tensor) and tuple(out.shape) == ():
        raise checks.CheckFailure(
            "model(x) for a zero-dimensional x (shape ()) has shape (): a + b * x with parameters of shape (1,) "
            "broadcasts to shape (1,), and the exercise asks for that shape. Does forward reshape or squeeze its "
            "result?")
    out = checks.expect_tensor(out, "model(x) for a zero-dimensional x (shape ())", shape=(1,), dtype=_float32)
    checks.expect_close(out, [0.5 - 2.0 * 2.0], "model(x) for x = torch.tensor(2.0)", rtol=1e-6)


# --- make_train_step ----------------------------------------------------------------------------------

def _reference_trajectory(model, x, y, lr, steps, zero=True, step_first=False):
    """SGD steps on a copy of ``model``: losses before each step and parameter values after each step."""
    twin = _deepcopy(model)
    params = _list(twin.parameters())
    optimizer = _SGD(params, lr=lr)
    losses, after = [], []
    for _ in range(steps):
        if zero:
            optimizer.zero_grad()
        if step_first:
            optimizer.step()
        loss = ((twin(x) - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        if not step_first:
            optimizer.step()
        after.append(_values(params))
    return losses, after


class _CountingSGD(_SGD):
    """Plain SGD that counts its ``step()`` calls, so that the tests see whether the optimizer did the update."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.steps = 0

    def step(self, closure=None):
        self.steps += 1
        return super().step(closure)


def check_train_step_updates(make_train_step, steps=3, lr=0.1):
    """Three calls of ``train_step`` follow plain SGD exactly: loss before each step, parameters after it, and
    each call lets the optimizer it was given do the update (one ``optimizer.step()`` per call)."""
    model, probe = probe_model(60, n_in=2)
    x, y = _data(61, 8, 2)
    start = _values(model.parameters())
    losses, after = _reference_trajectory(model, x, y, lr, steps)
    _, accumulated = _reference_trajectory(model, x, y, lr, steps, zero=False)
    _, stepped_first = _reference_trajectory(model, x, y, lr, steps, step_first=True)
    optimizer = _CountingSGD(model.parameters(), lr=lr)
    train_step = checks.expect_callable(make_train_step(model, RecordingMSE(probe), optimizer),
                                        "make_train_step(model, loss_fn, optimizer)")
    for i in range(steps):
        loss = checks.expect_float(train_step(x, y), f"train_step(x, y), call {i + 1}")
        if optimizer.steps != i + 1:
            raise checks.CheckFailure(
                f"After {i + 1} call(s) of train_step, optimizer.step() ran {optimizer.steps} time(s): each call "
                "must let the optimizer it was given update the parameters, once. An update written by hand "
                "does plain SGD whatever the optimizer is (Adam, momentum and weight decay keep their own state "
                "and rules), and it bypasses what the optimizer keeps.")
        late = [checks.Hint(losses[i + 1], "That is the loss after this call's step: return the loss the step "
                                           "was computed from.")] if i + 1 < steps else []
        checks.expect_close(loss, losses[i], f"the loss returned by call {i + 1}", rtol=1e-5, hints=late)
        checks.expect_close(_values(model.parameters()), after[i], f"the parameter values after call {i + 1}",
                            rtol=1e-5, atol=1e-7, hints=[
            checks.Hint(start, "The parameters did not move: when step() ran (if it ran), .grad held no gradient. "
                               "Was it computed yet, or already cleared?"),
            checks.Hint(stepped_first[i], "The step used the previous call's gradient: step() ran before this "
                                          "call's backward()."),
            checks.Hint(accumulated[i], "The previous call's gradient was added to this one: gradients accumulate "
                                        "until something clears them, and each call must start from none."),
        ])


def check_train_step_mode(make_train_step):
    """The step runs the model in training mode (set inside the step), and the loss gets (output, target)."""
    model, probe = probe_model(70, n_in=2)
    x, y = _data(71, 5, 2)
    loss_fn = RecordingMSE(probe)
    train_step = make_train_step(model, loss_fn, _SGD(model.parameters(), lr=0.01))
    _train(model, False)  # a caller evaluated the model between two steps
    train_step(x, y)
    if not probe.calls:
        raise checks.CheckFailure("train_step never ran the model's forward pass.")
    if probe.calls[-1][0] is not True:
        raise checks.CheckFailure("The model was in evaluation mode during train_step: a model left in eval "
                                  "mode by the caller trains without dropout. Set the mode in every call.")
    if not loss_fn.calls:
        raise checks.CheckFailure("train_step never called loss_fn.")
    got_output_first, target = loss_fn.calls[-1]
    if not got_output_first or target is not y:
        raise checks.CheckFailure("loss_fn was not called as loss_fn(model(x), y): the prediction comes first, "
                                  "the target second (many losses are not symmetric).")


# --- evaluate ------------------------------------------------------------------------------------------

# The situations evaluate is called in: the model's mode, whether its dropout layer is in the other mode
# (a model may mix modes, as when a frozen layer stays in evaluation mode while the rest trains), and the
# caller's own recording mode around the call.
_EVALUATE_CALLS = [(True, False, None), (False, False, None), (True, True, None), (False, True, None),
                   (True, False, "no_grad"), (False, False, "inference_mode"), (True, "nested", None),
                   (False, "nested", None)]


def _caller_context(caller):
    if caller == "no_grad":
        return _no_grad()
    if caller == "inference_mode":
        return _inference_mode()
    return _nullcontext()


def check_evaluate(evaluate, seed=80):
    """Evaluation mode and no recording during the call, the right loss, and afterwards every submodule in
    the mode it had, the parameters and their gradients (none, then some being accumulated) untouched, and
    the caller's recording mode (recording, ``no_grad``, ``inference_mode``) exactly as before the call."""
    for start_in_training, mixed, caller in _EVALUATE_CALLS:
        model, probe = probe_model(seed, n_in=3, dropout=0.5, nested=mixed == "nested")
        x, y = _data(seed + 1, 6, 3)
        _train(model, start_in_training)
        if mixed:
            dropout_layer = [m for m in _modules(model) if _isinstance(m, _Dropout)][0]
            _train(dropout_layer, not start_in_training)
        if not start_in_training:
            for p in model.parameters():  # a caller in the middle of accumulating gradients
                p.grad = _full_like(p, 0.25)
        grads_before = [None if p.grad is None else _clone(p.grad) for p in model.parameters()]
        before = _values(model.parameters())
        modes_before = [m.training for m in _modules(model)]
        with _no_grad():
            _train(model, False)
            reference = ((model(x) - y) ** 2).mean().item()
        for m, mode in _zip(_modules(model), modes_before):
            m.training = mode
        probe.calls.clear()
        loss_fn = RecordingMSE(probe)
        mode = "training" if start_in_training else "evaluation"
        where = f"a model in {mode} mode" + (" whose dropout layer is in the other mode" if mixed else "") + (
            ", one level down inside an inner Sequential" if mixed == "nested" else "") + (
            f", called inside the caller's torch.{caller}()" if caller else "")
        with _caller_context(caller):
            recording_before, inference_before = _is_grad_enabled(), _is_inference_mode_enabled()
            result = evaluate(model, loss_fn, x, y)
            recording_after, inference_after = _is_grad_enabled(), _is_inference_mode_enabled()
        if not _is_grad_enabled():
            _set_grad_enabled(True)  # so that the cells after this one record again
            raise checks.CheckFailure("After evaluate, autograd stayed switched off for everything that follows, "
                                      "so the caller's next training step would build no graph: switch recording "
                                      "off for the evaluation only.")
        if (recording_after, inference_after) != (recording_before, inference_before):
            now = "inference mode off" if inference_before and not inference_after else (
                "autograd recording" if recording_after else "recording off")
            raise checks.CheckFailure(f"evaluate, called inside the caller's torch.{caller}(), came back with {now}: "
                                      "it switched recording on for the caller instead of putting back the mode "
                                      "the caller had. Switch recording off with a with block, which restores "
                                      "whatever was there before.")
        result = checks.expect_float(result, f"evaluate(...) on {where}")
        if not probe.calls:
            raise checks.CheckFailure("evaluate never ran the model's forward pass.")
        training, recording = probe.calls[-1]
        if training:
            raise checks.CheckFailure("The model was in training mode during evaluate: dropout was still "
                                      "dropping units, so the loss is random.")
        if recording:
            raise checks.CheckFailure("Grad mode was on during evaluate's forward pass (torch.is_grad_enabled() "
                                      "was True): autograd records every operation on a tensor that requires grad, "
                                      "a graph that nobody will back-propagate through. Switch grad mode off around "
                                      "it with torch.no_grad() or torch.inference_mode() (turning the parameters' "
                                      "requires_grad off instead changes the caller's parameters and leaves grad "
                                      "mode on).")
        if not loss_fn.calls or not loss_fn.calls[-1][0] or loss_fn.calls[-1][1] is not y:
            raise checks.CheckFailure("loss_fn was not called as loss_fn(model(x), y).")
        checks.expect_close(result, reference, f"evaluate(...) on {where}", rtol=1e-6)
        modes_after = [m.training for m in _modules(model)]
        if modes_after != modes_before:
            if mixed == "nested" and _set(modes_after) == _set(modes_before):
                raise checks.CheckFailure(
                    f"On {where}, the modes came back as {modes_after} instead of {modes_before} (model.modules() "
                    "order): a submodule deeper than the model's children lost its own mode. Remember the mode of "
                    "every module inside the model, at any depth, and put each one back.")
            if mixed and _set(modes_after) != _set(modes_before):
                raise checks.CheckFailure(
                    f"The model mixed modes (its dropout layer in the other mode than the rest) and came back with "
                    f"every submodule in {'training' if modes_after[0] else 'evaluation'} mode: one mode for the "
                    "whole model is not the mode each submodule had. Remember each submodule's mode (model.modules()"
                    ") and put each one back.")
            now = "training" if modes_after[0] else "evaluation"
            raise checks.CheckFailure(f"The model was in {mode} mode before evaluate and came back in {now} mode: "
                                      "leave it in the mode it had when the call began.")
        for p, grad in _zip(model.parameters(), grads_before):
            if grad is None and p.grad is not None:
                raise checks.CheckFailure("evaluate left gradients in .grad: it must not back-propagate.")
            if grad is not None and (p.grad is None or not _equal(p.grad, grad)):
                raise checks.CheckFailure("evaluate changed the gradients that the caller had accumulated in .grad "
                                          "(cleared or added to them): it must leave .grad as it found it.")
        checks.expect_unchanged(_values(model.parameters()), before, f"the model's parameters ({where})")


# --- leaf_parameter ------------------------------------------------------------------------------------

def check_leaf_parameter(leaf_parameter, shape=(2, 3), seed=5):
    """A standard-normal float32 leaf that requires grad, on the CPU (seeded) and on the ``meta`` device."""
    for device in ("cpu", _device("cpu")):
        with _fork_rng(devices=[]):
            _manual_seed(seed)
            result = leaf_parameter(shape, device)
            _manual_seed(seed)
            normal = _randn(shape)
            _manual_seed(seed)
            uniform = _rand(shape)
        what = f"leaf_parameter({shape}, {device!r})"
        checks.expect_tensor(result, what, shape=shape, dtype=_float32)
        if result.device.type != "cpu":
            raise checks.CheckFailure(f"{what} is on {result.device}, not on the device it was given.")
        _check_leaf(result, what)
        checks.expect_close(result, normal, f"{what} after torch.manual_seed({seed})", rtol=1e-6, hints=[
            checks.Hint(uniform, "These are uniform draws from [0, 1): the exercise asks for the standard normal "
                                 "distribution."),
            checks.Hint(_zeros(shape), "All zeros: the values should be random standard-normal draws."),
        ])
    # meta: a device without storage that every PyTorch build has; it shows where the tensor really went.
    what = f"leaf_parameter({shape}, 'meta')"
    result = checks.expect_tensor(leaf_parameter(shape, "meta"), what, shape=shape, dtype=_float32)
    if result.device.type != "meta":
        raise checks.CheckFailure(f"{what} is on {result.device}: the tensor must live on the device it was given.")
    _check_leaf(result, what)
    _SGD([result], lr=0.1)


def _check_leaf(result, what):
    if not result.requires_grad:
        raise checks.CheckFailure(f"{what} does not require grad.")
    if not result.is_leaf:
        name = _type(result.grad_fn).__name__ if result.grad_fn is not None else "an operation"
        raise checks.CheckFailure(
            f"{what} is not a leaf (grad_fn={name}): a tensor that already required grad was moved or converted, "
            "and autograd recorded the copy. Its .grad will stay None and optimizers refuse it.")
