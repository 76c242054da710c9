"""Visible tests of chapter 3's assignment: accumulation, switching tracking off, freezing.

Each ``check_<exercise>(fn)`` runs the visible tests of one exercise and raises ``AssertionError`` with a
message for the learner when something is off. The ``call_*`` and ``expect_*`` helpers are shared with
the hidden tests, which keep their own inputs and references in the assignment's source.
"""

import torch
import torch.nn as nn

from autograd_course import checks, data

# Captured on import (by the assignment's locked imports cell), before any student cell runs.
_saved_tensors_hooks = torch.autograd.graph.saved_tensors_hooks
_version = torch._C.TensorBase._version.__get__  # autograd's version counter, read through the base class
_is_leaf = torch._C.TensorBase.is_leaf.__get__
_requires_grad = torch._C.TensorBase.requires_grad.__get__
_grad = torch._C.TensorBase.grad.__get__
_storage_ptr = lambda t: t.untyped_storage().data_ptr()  # noqa: E731
_Tensor, _Parameter = torch.Tensor, torch.nn.Parameter
_is_grad_enabled = torch.is_grad_enabled

# Deep Learning with PyTorch, chapter 5: the thermometer's gradient at w = 1, b = 0.
BOOK_GRADIENT = [4517.2969, 82.6000]


def thermometer_design():
    """``(x, t_c)``: the thermometer readings as an (11, 2) design matrix (a reading and a 1 per row)."""
    t_c, t_u = (torch.from_numpy(a) for a in data.thermometer())
    return torch.stack([t_u, torch.ones_like(t_u)], dim=1), t_c


# --- Exercise 1: microbatch_gradient ----------------------------------------------------------------

class _PassRecorder:
    """Records, through saved-tensor hooks, what autograd saves in forward passes and reads in backward
    passes while the function runs. A backward pass reads saved tensors, a forward pass saves them, so
    the number of runs of reads between saves is the number of backward passes, whatever tensor the
    gradients end up in (``w.grad``, a copy's ``.grad`` or ``torch.autograd.grad``'s result)."""

    def __init__(self):
        self.events = []  # ("save", shape) or ("read", None), in order

    def _pack(self, tensor):
        self.events.append(("save", tuple(tensor.shape)))
        return tensor

    def _unpack(self, tensor):
        self.events.append(("read", None))
        return tensor

    def hooks(self):
        return _saved_tensors_hooks(self._pack, self._unpack)

    def saved_shapes(self):
        return [shape for kind, shape in self.events if kind == "save"]

    def backward_passes(self):
        runs, previous = 0, None
        for kind, _ in self.events:
            if kind == "read" and previous != "read":
                runs += 1
            previous = kind
        return runs


def _expect_micro_batches(recorder, n, n_micro, chunk_sizes, what):
    passes = recorder.backward_passes()
    if passes == 0:
        raise AssertionError(f"{what}: no backward pass ran through a recorded computation of the loss. The "
                             "gradient must come from autograd, one micro-batch at a time, not from a formula "
                             "derived by hand.")
    if n_micro > 1 and n not in chunk_sizes:
        whole = [shape for shape in recorder.saved_shapes() if n in shape]
        if whole:
            raise AssertionError(f"{what}: autograd saved a tensor of shape {whole[0]}, which holds all {n} examples: "
                                 f"the whole batch went through one forward pass instead of {n_micro} micro-batches.")
    if passes != n_micro:
        more = ("" if passes > n_micro else " If you built every micro-batch's loss before the first backward, "
                "all their graphs were alive at once, which is what micro-batching avoids: finish one micro-batch "
                "(forward and backward) before starting the next.")
        raise AssertionError(f"{what}: {passes} backward pass(es) ran where n_micro = {n_micro} asks for one per "
                             f"micro-batch.{more}")


def call_microbatch_gradient(fn, w, x, y, n_micro, what):
    """Call ``fn(w, x, y, n_micro)``, check everything but the value (including one forward and one
    backward pass per micro-batch), and return the result."""
    w_before = w.detach().clone()
    x_before, y_before = x.clone(), y.clone()
    recorder = _PassRecorder()
    try:
        with recorder.hooks():
            result = fn(w, x, y, n_micro)
    except RuntimeError as err:
        if "saved tensor hooks" in str(err):
            raise AssertionError(f"{what} used torch.func, which these tests cannot watch: the exercise asks for "
                                 "backward passes that you can see, backward() or torch.autograd.grad, one per "
                                 "micro-batch.") from None
        raise
    checks.expect_tensor(result, what, shape=tuple(w.shape), dtype=w.dtype, requires_grad=False)
    grad = _grad(w)
    if grad is not None and _storage_ptr(result) == _storage_ptr(grad):
        raise AssertionError(f"{what} shares its memory with w.grad: the caller's next backward (or zero_) would "
                             "silently change your result. Return a tensor of your own.")
    checks.expect_unchanged(w, w_before, "w", hint="Compute a gradient; do not update w.")
    checks.expect_unchanged(x, x_before, "x")
    checks.expect_unchanged(y, y_before, "y")
    if not (_is_leaf(w) and _requires_grad(w)):
        raise AssertionError(f"After {what}, w should still be a leaf tensor that requires grad.")
    sizes = {len(chunk) for chunk in torch.tensor_split(x, n_micro)}
    _expect_micro_batches(recorder, x.shape[0], n_micro, sizes, what)
    return result


def expect_restored(w, entry, result, what):
    """Check that ``w.grad`` is back to ``entry`` (None, or a copy of the gradient it held on entry)."""
    grad = _grad(w)
    if entry is None:
        if grad is not None:
            raise AssertionError(f"After {what}, w.grad should be None again, as it was on entry, but it holds a "
                                 "tensor: the caller's w.grad is not yours to change.")
        return
    if grad is None:
        raise AssertionError(f"After {what}, w.grad is None, but it held a gradient on entry that the caller "
                             "expects to find again.")
    hints = [checks.Hint(result, "w.grad now holds your micro-batch gradient instead of the caller's: what you "
                                 "kept on entry was another name for w.grad itself (an alias, not a copy), so the "
                                 "accumulation changed it too.")]
    if _close(grad, entry):
        return
    checks.expect_close(grad, entry, f"w.grad after {what}", rtol=0, atol=0, hints=hints)


def _close(a, b):
    try:
        checks.expect_close(a, b, "", rtol=0, atol=0)
    except AssertionError:
        return False
    return True


def check_microbatch_gradient_whole_batch(fn):
    """n_micro = 1: the one micro-batch is the whole thermometer batch."""
    checks.expect_callable(fn, "microbatch_gradient")
    x, t_c = thermometer_design()
    twice = [2 * v for v in BOOK_GRADIENT]
    w = torch.tensor([1.0, 0.0], requires_grad=True)
    g = call_microbatch_gradient(fn, w, x, t_c, 1, "microbatch_gradient(w, x, y, 1)")
    checks.expect_close(g, BOOK_GRADIENT, "the thermometer gradient with n_micro = 1", rtol=1e-5, hints=[
        checks.Hint(twice, "Twice the expected gradient: are the same examples back-propagated twice?")])


def check_microbatch_gradient_three_chunks(fn):
    """n_micro = 3: micro-batches of 4, 4 and 3 readings give the same gradient."""
    x, t_c = thermometer_design()
    twice = [2 * v for v in BOOK_GRADIENT]
    w = torch.tensor([1.0, 0.0], requires_grad=True)
    g = call_microbatch_gradient(fn, w, x, t_c, 3, "microbatch_gradient(w, x, y, 3)")
    checks.expect_close(g, BOOK_GRADIENT, "the thermometer gradient with n_micro = 3", rtol=1e-5, hints=[
        checks.Hint([4594.0376, 83.33889], "That is the average of the three chunks' mean gradients. The chunks "
                                           "hold 4, 4 and 3 readings, so a reading in the small chunk counts more "
                                           "than one in a big chunk: the pieces do not add up to the batch's mean."),
        checks.Hint([13782.112, 250.01668], "That is the sum of the chunks' mean gradients: each chunk counts as if "
                                            "it were the whole batch, so the result is about n_micro times too big."),
        checks.Hint(twice, "Twice the expected gradient: the gradient grows each call. What did w.grad hold "
                           "before the first micro-batch?")])


def check_microbatch_gradient_called_twice(fn):
    """Twice in a row on the same w: the same answer both times, and the first answer stays as it was."""
    x, t_c = thermometer_design()
    twice = [2 * v for v in BOOK_GRADIENT]
    w = torch.tensor([1.0, 0.0], requires_grad=True)
    first = call_microbatch_gradient(fn, w, x, t_c, 2, "the first of two calls")
    second = call_microbatch_gradient(fn, w, x, t_c, 2, "the second of two calls")
    checks.expect_close(second, BOOK_GRADIENT, "the second of two calls (n_micro = 2)", rtol=1e-5, hints=[
        checks.Hint(twice, "Twice the expected gradient on the second call: the gradient grows each call. What "
                           "did w.grad hold before the first micro-batch?")])
    checks.expect_close(first, BOOK_GRADIENT, "the first result, read again after the second call", rtol=1e-5,
                        hints=[checks.Hint(twice, "The first result changed when the function ran again: it "
                                                  "shares memory with w.grad.")])
    expect_restored(w, None, second, "two calls")


def check_microbatch_gradient_keeps_callers_gradient(fn):
    """A gradient the caller left in w.grad is neither part of the result nor lost."""
    x, t_c = thermometer_design()
    w = torch.tensor([1.0, 0.0], requires_grad=True)
    w.grad = torch.tensor([-500.0, 7.0])
    entry = w.grad.clone()
    g = call_microbatch_gradient(fn, w, x, t_c, 3, "microbatch_gradient with (-500, 7) in w.grad on entry")
    checks.expect_close(g, BOOK_GRADIENT, "the result when w.grad held (-500, 7) on entry", rtol=1e-5, hints=[
        checks.Hint([BOOK_GRADIENT[0] - 500.0, BOOK_GRADIENT[1] + 7.0],
                    "That includes the gradient w.grad held on entry: the accumulation started on top of it.")])
    expect_restored(w, entry, g, "microbatch_gradient with (-500, 7) in w.grad on entry")


# --- Exercise 2: sgd_step_ --------------------------------------------------------------------------

def call_sgd_step_(fn, params, lr, what):
    """Call ``fn(params, lr)``, turning the errors of classic mistakes into hints; check it returns None."""
    try:
        out = fn(params, lr)
    except RuntimeError as err:
        if "leaf" in str(err) and "in-place" in str(err):
            raise AssertionError(f"{what} raised RuntimeError: {err} Autograd was recording, and it refuses to "
                                 "record an in-place change of a leaf that requires grad. A parameter update is "
                                 "not part of any computation you will differentiate.") from None
        raise
    except (AttributeError, TypeError) as err:
        if "NoneType" in str(err):
            raise AssertionError(f"{what} raised {type(err).__name__}: {err}. A tensor without a gradient "
                                 "(p.grad is None) took no part in the last backward and is left alone.") from None
        raise
    if out is not None:
        raise AssertionError(f"{what} should return None (it changes the tensors in place), "
                             f"but it returned {type(out).__name__}.")


def prepare_step(params):
    """What a step is checked against: the tensors themselves, their values, versions and gradients."""
    return (list(params), [p.detach().clone() for p in params], [_version(p) for p in params],
            [None if _grad(p) is None else _grad(p).clone() for p in params])


def expect_after_step(params, before, lr, expected, what):
    """Check each tensor of the list after a step: same object, still a leaf, its value, version and grad."""
    originals, values, versions, grads = before
    if len(params) != len(originals) or any(p is not q for p, q in zip(params, originals)):
        raise AssertionError(f"After {what}, the list holds other tensors than before: a model or an optimizer "
                             "still holds the old ones, which never move.")
    # ``expected`` holds one tensor per parameter, shaped like it. It is only indexed and handed to the checks
    # (the hint's arithmetic on it included), never looked at here: it may come from a hidden test's reference
    # block, which a grading kernel sees only as ``checks.UNKNOWN``.
    for i, (p, value, version, grad) in enumerate(zip(params, values, versions, grads)):
        name = f"params[{i}] after {what}"
        want = expected[i]
        checks.expect_tensor(p, name, shape=tuple(value.shape), dtype=value.dtype, requires_grad=True)
        if not _is_leaf(p):
            raise AssertionError(f"{name} is no longer a leaf: autograd recorded the update (the tensor now has a "
                                 "grad_fn), so the next backward would not fill its .grad.")
        rtol = 1e-6 if value.dtype == torch.float32 else 1e-9  # a few roundings of the dtype
        checks.expect_close(p, want, name, rtol=rtol, atol=1e-12, hints=[
            checks.Hint(value, "The tensor did not change. Binding a name to a new tensor leaves the list's tensor "
                               "as it was, and a gradient cleared before it is used leaves nothing to step with."),
            checks.Hint(-(want - 2 * value), "The tensor moved uphill, along the gradient instead of against it.")])
        if grad is None:
            if _grad(p) is not None:
                raise AssertionError(f"{name} had no gradient before the step, so it should be left alone "
                                     "(its .grad stays None).")
            continue
        if lr != 0 and _version(p) == version:
            raise AssertionError(f"{name} has the right values, but autograd's version counter did not see the "
                                 "change: the update went around autograd (that is what .data does), and a graph "
                                 "that saved p would silently use the new values.")
        # Cleared to None or to zeros, both right: one check either way, so that every correct answer makes
        # the same checks as the reference solution (the grading command compares them one by one).
        left = _grad(p) if _grad(p) is not None else torch.zeros(p.shape, dtype=grad.dtype)
        checks.expect_close(left, torch.zeros(p.shape, dtype=left.dtype), f"{name}: its .grad", atol=0.0,
                            hints=[checks.Hint(grad, "It still holds its gradient after the step, so the next "
                                                     "backward adds onto it.")])


def check_sgd_step_one_step(fn):
    """One step on the thermometer, from w = (1, 0) where the gradient is (4517.2969, 82.6000)."""
    checks.expect_callable(fn, "sgd_step_")
    x, t_c = thermometer_design()
    t_u = x[:, 0]
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    ((params[0] * t_u + params[1] - t_c) ** 2).mean().backward()
    plist = [params]
    before = prepare_step(plist)
    call_sgd_step_(fn, plist, 1e-4, "sgd_step_([params], 1e-4)")
    expect_after_step(plist, before, 1e-4, [torch.tensor([1.0 - 1e-4 * 4517.2969, -1e-4 * 82.6])],
                      "sgd_step_([params], 1e-4)")


def check_sgd_step_skips_missing_gradients(fn):
    """Two tensors, one without a gradient: it is left alone and keeps its None."""
    a = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = torch.tensor(3.0, requires_grad=True)
    (a ** 2).sum().backward()  # b takes no part: b.grad stays None
    plist = [a, b]
    before = prepare_step(plist)
    call_sgd_step_(fn, plist, 0.25, "sgd_step_([a, b], 0.25) with b.grad None")
    expect_after_step(plist, before, 0.25, [torch.tensor([0.25, -0.5, 1.0]), torch.tensor(3.0)],
                      "sgd_step_([a, b], 0.25)")


def check_sgd_step_book_loop(fn):
    """The book's loop: 5000 steps with lr = 1e-2 on t_un = 0.1 * t_u reach (5.3671, -17.3012)."""
    x, t_c = thermometer_design()
    t_u = x[:, 0]
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    t_un = 0.1 * t_u
    for epoch in range(5000):
        loss = ((params[0] * t_un + params[1] - t_c) ** 2).mean()
        loss.backward()
        call_sgd_step_(fn, [params], 1e-2, f"sgd_step_ at epoch {epoch + 1}")
    checks.expect_tensor(params, "params after 5000 steps", shape=(2,), requires_grad=True)
    checks.expect_close(params, [5.3671, -17.3012], "params after 5000 steps of the book's loop", rtol=0, atol=2e-3)
    checks.expect_close(loss.item(), 2.927647, "the loss at epoch 5000 of the book's loop", rtol=1e-5)


# --- Exercise 3: freeze_ ----------------------------------------------------------------------------

class Net(nn.Module):
    """A module with named parts: ``body.0``, ``body.2`` and ``head``."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 3))
        self.head = nn.Linear(3, 1)

    def forward(self, x):
        return self.head(self.body(x))


def call_freeze_(fn, module, names, what):
    """Call ``fn(module, names)``, check the module kept its parameters and values; return
    ``(result, sorted names of the frozen parameters)``."""
    before = dict(module.named_parameters())
    values = {k: p.detach().clone() for k, p in before.items()}
    result = fn(module, names)
    after = dict(module.named_parameters())
    if list(after) != list(before) or any(after[k] is not before[k] for k in before):
        raise AssertionError(f"After {what}, the module holds other parameter tensors than before: an optimizer "
                             "built on the old ones would no longer train them.")
    for k, p in after.items():
        checks.expect_unchanged(p, values[k], f"parameter {k}", hint="Freezing changes requires_grad, not values.")
    if type(result) is not list or any(type(item) is not str for item in result):
        kind = type(result).__name__
        raise AssertionError(f"{what} should return a list of str (parameter names), but it returned {kind}"
                             + (" holding something other than str" if kind == "list" else "") + ".")
    return list(result), sorted(k for k, p in after.items() if not _requires_grad(p))


def name_flags(names, module):
    """One number per parameter of ``module``, in its order: 1.0 when its name is in ``names``, else 0.0.

    A set of parameter names as numbers that ``checks.expect_close`` can compare, so that a hidden test
    can compute the names it expects inside its reference block and hand over only the flags.
    """
    return [1.0 if k in names else 0.0 for k, _ in module.named_parameters()]


def expect_frozen(module, frozen, expected, what, exact_name=None):
    """Check the names of the frozen parameters against ``expected``, the ``name_flags`` of the right ones;
    ``exact_name`` is what matching whole names would freeze."""
    hints = [checks.Hint(name_flags([], module),
                         "It is empty: no parameter stopped requiring grad. Dropping a gradient (p.grad = None) "
                         "does not change requires_grad, and a detached copy or a state_dict() entry is a different "
                         "tensor from the parameter.")]
    if exact_name is not None:
        hints.append(checks.Hint(name_flags(exact_name, module), "Only the parameters whose full name is in names "
                                                                 "were frozen: names holds prefixes."))
    try:
        checks.expect_close(name_flags(frozen, module), expected, f"After {what}, the set of frozen parameters",
                            rtol=0.0, atol=0.0, hints=hints)
    except AssertionError as failure:
        if any(hint.message in str(failure) for hint in hints):
            raise
        raise AssertionError(f"After {what}, the frozen parameters are {frozen}: those are not the parameters whose "
                             "names start with one of the prefixes.") from None


def expect_result(module, result, expected, frozen, what):
    """Check the names ``freeze_`` returned against ``expected``, the ``name_flags`` of the right ones."""
    known = [k for k, _ in module.named_parameters()]
    strangers = [k for k in result if k not in known]
    if strangers:
        raise AssertionError(f"{what} returned {strangers[0]!r}, which is not the name of a parameter of the module.")
    if len(set(result)) != len(result):
        raise AssertionError(f"{what} returned a name more than once: each parameter that still requires grad is "
                             "named once.")
    if result != sorted(result):
        raise AssertionError(f"{what} returned names that are not sorted: the docstring asks for them sorted.")
    hint = checks.Hint(name_flags(frozen, module), "It returned the frozen names, not those of the parameters that "
                                                    "still require grad.")
    try:
        checks.expect_close(name_flags(result, module), expected, f"the list {what} returned", rtol=0.0, atol=0.0,
                            hints=[hint])
    except AssertionError as failure:
        if hint.message in str(failure):
            raise
        extra = [k for k in result if k in frozen]
        raise AssertionError(f"{what} did not return the names of the parameters that still require grad"
                             + (f" ({extra[0]} does not)" if extra else "") + ". A parameter already frozen before "
                             "the call does not still require grad.") from None


def check_freeze_prefixes(fn):
    """A prefix and a full name: the whole first layer of a Sequential and its last bias."""
    checks.expect_callable(fn, "freeze_")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    what = 'freeze_(model, ["0.", "2.bias"])'
    result, frozen = call_freeze_(fn, model, ["0.", "2.bias"], what)
    expect_frozen(model, frozen, name_flags(["0.weight", "0.bias", "2.bias"], model), what, exact_name=["2.bias"])
    expect_result(model, result, name_flags(["2.weight"], model), frozen, what)


def check_freeze_named_parts(fn):
    """A module with named parts: freeze the body's first layer; four parameters still train, and a
    backward pass leaves the frozen ones without a gradient."""
    net = Net()
    what = 'freeze_(net, ("body.0",))'
    result, frozen = call_freeze_(fn, net, ("body.0",), what)
    expect_frozen(net, frozen, name_flags(["body.0.weight", "body.0.bias"], net), what, exact_name=[])
    expect_result(net, result, name_flags(["body.2.bias", "body.2.weight", "head.bias", "head.weight"], net), frozen,
                  what)
    net(torch.randn(5, 2)).sum().backward()
    if _grad(net.body[0].weight) is not None or _grad(net.head.weight) is None:
        raise AssertionError("After freeze_, backward should fill .grad only for the parameters that still "
                             "require grad.")


def check_freeze_already_frozen(fn):
    """A parameter frozen before the call does not still require grad."""
    net = Net()
    net.head.bias.requires_grad_(False)
    what = 'freeze_(net, ["body.2"]) with head.bias already frozen'
    result, frozen = call_freeze_(fn, net, ["body.2"], what)
    expect_frozen(net, frozen, name_flags(["body.2.weight", "body.2.bias", "head.bias"], net), what)
    expect_result(net, result, name_flags(["body.0.bias", "body.0.weight", "head.weight"], net), frozen, what)


# --- Exercise 4: train_and_validate -----------------------------------------------------------------

class _TrainingRecorder:
    """Watches a model while a training function runs: every forward pass (rows of its input, and whether
    autograd recorded it), and for every parameter the gradient each backward pass brings and what
    ``.grad`` holds once it has been accumulated."""

    def __init__(self, model):
        self.forwards = []  # (rows, recorded)
        self.arrived = {}  # name -> gradients computed by each backward pass
        self.accumulated = {}  # name -> .grad right after each accumulation
        self.handles = [model.register_forward_hook(self._forward)]
        for name, p in model.named_parameters():
            self.arrived[name], self.accumulated[name] = [], []
            self.handles.append(p.register_hook(self._arrive(name)))
            self.handles.append(p.register_post_accumulate_grad_hook(self._accumulate(name)))

    def _forward(self, module, inputs, output):
        rows = inputs[0].shape[0] if inputs and isinstance(inputs[0], _Tensor) and inputs[0].dim() else None
        self.forwards.append((rows, _is_grad_enabled() and _requires_grad(output)))

    def _arrive(self, name):
        def hook(gradient):
            self.arrived[name].append(gradient.detach().clone())
        return hook

    def _accumulate(self, name):
        def hook(p):
            self.accumulated[name].append(_grad(p).detach().clone())
        return hook

    def remove(self):
        for handle in self.handles:
            handle.remove()


def _tensor_losses(losses):
    return any(isinstance(item, _Tensor) for item in losses)


def call_train_and_validate(fn, model, optimizer, x_train, y_train, x_val, y_val, epochs, what):
    """Call the learner's function while watching the model; check the mechanism (one backward pass per
    epoch that starts from a cleared gradient, validation forward passes not recorded) and the types;
    return ``(train_losses, val_losses)`` as lists of Python floats."""
    recorder = _TrainingRecorder(model)
    try:
        result = fn(model, optimizer, x_train, y_train, x_val, y_val, epochs)
    finally:
        recorder.remove()
    if type(result) is not tuple or len(result) != 2:
        raise AssertionError(f"{what} should return a tuple (train_losses, val_losses), but it returned "
                             f"{type(result).__name__}.")
    for label, losses in zip(("train_losses", "val_losses"), result):
        if type(losses) is list and _tensor_losses(losses):
            raise AssertionError(f"{label} holds tensors. A loss kept as a tensor keeps the graph it came from "
                                 "alive (and with a validation loss recorded by autograd, a whole graph per "
                                 "epoch): the list should hold plain numbers.")
    train_losses = checks.expect_list_of_floats(result[0], f"train_losses from {what}", epochs)
    val_losses = checks.expect_list_of_floats(result[1], f"val_losses from {what}", epochs)
    n_val = x_val.shape[0]
    if any(rows == n_val and recorded for rows, recorded in recorder.forwards):
        raise AssertionError(f"{what}: a forward pass on the validation inputs was recorded by autograd. Nothing "
                             "will ever be differentiated through it, yet it builds a graph and saves tensors "
                             "for backward every epoch.")
    for name in recorder.arrived:
        arrived, accumulated = recorder.arrived[name], recorder.accumulated[name]
        if epochs and not accumulated:
            raise AssertionError(f"{what}: no backward pass reached the parameter {name}.")
        if len(accumulated) != epochs:
            raise AssertionError(f"{what}: {len(accumulated)} backward passes reached the parameter {name} in "
                                 f"{epochs} epochs; each epoch takes one.")
        for epoch, (new, held) in enumerate(zip(arrived, accumulated)):
            if not _close(held, new):
                raise AssertionError(f"{what}: in epoch {epoch + 1}, after backward, {name}.grad holds more than "
                                     "that epoch's gradient: it was added onto a gradient left from "
                                     + ("before the call" if epoch == 0 else "an earlier epoch")
                                     + ", so the step uses the sum.")
    return train_losses, val_losses


def _regression_split():
    return tuple(torch.from_numpy(v).float() for v in data.linear_regression())


def _line(a, b):
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(b)
        model.bias.fill_(a)
    return model


# Five epochs of plain SGD (lr 0.1) from a = 0.5, b = -0.3 on the seed-42 regression split.
_TRAIN_LOSSES = [3.0365369, 1.8164923, 1.1241732, 0.73014146, 0.50474638]
_VAL_LOSSES = [1.4944365, 0.8681531, 0.52217889, 0.33218259, 0.22853312]
_VAL_BEFORE_STEP = [2.6225412, 1.4944365, 0.8681531, 0.52217889, 0.33218259]
_TRAIN_NOT_CLEARED = [3.0365369, 1.8164923, 0.50662649, 0.31494173, 1.4026781]


def check_train_and_validate_sgd(fn):
    """Five epochs of SGD (lr 0.1) on the regression line of chapter 1, from a = 0.5, b = -0.3."""
    checks.expect_callable(fn, "train_and_validate")
    x_train, y_train, x_val, y_val = _regression_split()
    model = _line(0.5, -0.3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    what = "train_and_validate(model, SGD(lr=0.1), ..., epochs=5)"
    train, val = call_train_and_validate(fn, model, optimizer, x_train, y_train, x_val, y_val, 5, what)
    checks.expect_close(train, _TRAIN_LOSSES, f"train_losses from {what}", rtol=1e-5, hints=[
        checks.Hint(_TRAIN_NOT_CLEARED, "Each step used the sum of every gradient so far."),
        checks.Hint([_TRAIN_LOSSES[0]] * 5, "The loss never changes: the steps found no gradient to use.")])
    checks.expect_close(val, _VAL_LOSSES, f"val_losses from {what}", rtol=1e-5, hints=[
        checks.Hint(_VAL_BEFORE_STEP, "Each validation loss is one step late: it is measured before the epoch's "
                                      "step, not after it."),
        checks.Hint(_TRAIN_LOSSES, "Those are the training losses.")])
    checks.expect_close([model.bias.item(), model.weight.item()], [1.4547989, 0.33463892],
                        f"the model's (bias, weight) after {what}", rtol=1e-5)


def check_train_and_validate_stale_gradients(fn):
    """A model that arrives with gradients left in .grad by someone else's backward."""
    x_train, y_train, x_val, y_val = _regression_split()
    model = _line(0.5, -0.3)
    for p in model.parameters():
        p.grad = torch.full_like(p, 100.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    what = "train_and_validate on a model whose .grad held 100 on entry"
    train, val = call_train_and_validate(fn, model, optimizer, x_train, y_train, x_val, y_val, 5, what)
    checks.expect_close(train, _TRAIN_LOSSES, f"train_losses from {what}", rtol=1e-5)
    checks.expect_close(val, _VAL_LOSSES, f"val_losses from {what}", rtol=1e-5)


def check_train_and_validate_no_epochs(fn):
    """No epochs: two empty lists, and the model does not move."""
    x_train, y_train, x_val, y_val = _regression_split()
    model = _line(0.5, -0.3)
    train, val = call_train_and_validate(fn, model, torch.optim.SGD(model.parameters(), lr=0.1), x_train, y_train,
                                         x_val, y_val, 0, "train_and_validate with epochs=0")
    checks.expect_close([model.bias.item(), model.weight.item()], [0.5, -0.3], "the model after 0 epochs")
