"""Visible tests of chapter 2's assignment, "Autograd: requires_grad, backward, .grad".

Each ``check_*`` function runs one group of a visible test cell: it calls the learner's function on
fixed inputs, checks the type and shape of what comes back, then the values, and when a value looks
like a classic mistake, says which one. The ``expect_*`` helpers (and ``call_one_hot``) are shared with
the hidden tests, which compute their own references.

Two exercises say "use autograd". What every autograd route has in common is a call that starts a
backward pass: ``Tensor.backward``, ``torch.autograd.backward`` or ``torch.autograd.grad`` (which
``torch.autograd.functional`` and ``torch.func`` call in turn). ``_call`` watches for those calls with
a ``TorchFunctionMode`` while the learner's function runs; a formula evaluated without autograd makes
none.
"""

import torch
from torch.overrides import TorchFunctionMode

from autograd_course import checks

Hint = checks.Hint
CheckFailure = checks.CheckFailure
_type, _len, _bool, _id = type, len, bool, id
# Captured when the assignment's imports cell runs, before any cell a learner writes.
_autograd_grad, _autograd_backward, _tensor_backward = torch.autograd.grad, torch.autograd.backward, torch.Tensor.backward
_Tensor = torch.Tensor
_tolist, _detach, _mul = torch.Tensor.tolist, torch.Tensor.detach, torch.mul


def _numbers(t):
    """The numbers in tensor ``t`` as a flat list of Python floats, read with functions captured at import."""
    return _tolist(_detach(t).reshape(-1))


# --- shared helpers ---------------------------------------------------------------------------------

class _BackwardPasses(TorchFunctionMode):
    """Counts the calls that start a backward pass while it is active."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if func is _autograd_grad or func is _autograd_backward or func is _tensor_backward:
            self.count += 1
        return func(*args, **(kwargs or {}))


_KNOWN_ERRORS = [
    ("only for scalar outputs",
     "backward() started from a tensor with several elements, and autograd does not know how to weigh them "
     "(section 11 of the walk-through). Think about which scalar has the derivatives you want as its gradient."),
    ("does not require grad",
     "autograd was asked for a gradient with respect to (or of) something that does not require grad. The "
     "inputs may arrive without requires_grad, as in this call: differentiate with respect to tensors of your "
     "own that do require grad, and leave the caller's as they are."),
    ("backward through the graph a second time",
     "a second backward pass ran through a graph whose saved values the first pass had already freed. Each "
     "pass but the last must ask autograd to keep them (or build the graph again)."),
    ("more than one value is ambiguous",
     "a tensor was used as a truth value: `==`, `in` and `list.index` compare tensors element by element. "
     "To ask whether two names refer to the same tensor object, compare identities."),
]


def _call(fn, args, what):
    """``fn(*args)``, with the classic autograd errors turned into a hint, and the backward passes counted."""
    watch = _BackwardPasses()
    try:
        with watch:
            result = fn(*args)
    except RuntimeError as error:
        for fragment, message in _KNOWN_ERRORS:
            if fragment in str(error):
                raise CheckFailure(f"{what} raised RuntimeError: {message}") from None
        raise
    return result, watch.count


def _snapshot(named):
    return {name: (t.detach().clone(), t.requires_grad, None if t.grad is None else t.grad.clone())
            for name, t in named.items()}


def _expect_as_found(named, before, what):
    """The caller's tensors must come back as they were: values, ``requires_grad`` and ``.grad``."""
    for name, t in named.items():
        value, tracked, grad = before[name]
        checks.expect_unchanged(t, value, name)
        if t.requires_grad != tracked:
            raise CheckFailure(f"{what} switched requires_grad of the caller's {name} to {t.requires_grad}. The "
                               "caller's tensors must come back as they were: compute on tensors of your own.")
        if t.grad is not None and grad is None:
            raise CheckFailure(f"{what} left a gradient in {name}.grad, which held None before the call. backward() "
                               "writes into the .grad of the leaves it reaches: the caller's tensors must not be "
                               "among them.")
        if t.grad is None and grad is not None:
            raise CheckFailure(f"{what} emptied {name}.grad, which held a gradient before the call: the caller's "
                               "tensors must come back as they were.")
        if grad is not None:
            checks.expect_unchanged(t.grad, grad, f"{name}.grad",
                                    hint="backward() adds into the .grad of the leaves it reaches.")


def _expect_backward_ran(passes, what, exercise):
    if passes == 0:
        raise CheckFailure(f"{what} gave the right numbers, but no backward pass ran: neither backward() nor "
                           f"torch.autograd.grad was called. {exercise} asks autograd for the derivatives, "
                           "not a formula worked out by hand.")


def _expect_gradient(value, name, what, like):
    if value is None:
        raise CheckFailure(f"{name} from {what} is None. Is it the .grad of a non-leaf? backward() fills .grad only "
                           "on leaves, and a copy made by an operation on a tensor that requires grad (clone, * 1.0, "
                           ".to) is a non-leaf: it is part of that tensor's graph.")
    return checks.expect_tensor(value, f"{name} from {what}", shape=tuple(like.shape), dtype=like.dtype,
                                requires_grad=False)


# --- exercise 1: derivative_at ----------------------------------------------------------------------

def polynomial(x):
    return x ** 2 + x ** 3 + 5


def expect_derivative_at(derivative_at, f, xs, what, expected, hints=(), rtol=1e-6, atol=1e-9):
    """Run ``derivative_at(f, xs)``: the result's type, shape and dtype, its values, then that ``xs`` is as
    it was (values first, so that a gradient that accumulated into the caller's ``.grad`` is named as such)."""
    before = _snapshot({"xs": xs})
    result, _ = _call(derivative_at, (f, xs), what)
    result = _expect_gradient(result, "the result", what, xs)
    checks.expect_close(result, expected, what, rtol=rtol, atol=atol, hints=hints)
    _expect_as_found({"xs": xs}, before, what)


def check_derivative_at_polynomial(derivative_at):
    expect_derivative_at(derivative_at, polynomial, torch.tensor([2.0]), "the derivative of x^2 + x^3 + 5 at 2",
                         [16.0], hints=[Hint([17.0], "That is f(2) itself, not its derivative.")])
    xs = torch.tensor([-1.0, 0.0, 1.0, 2.0])
    expect_derivative_at(derivative_at, polynomial, xs, "the derivative of x^2 + x^3 + 5 at -1, 0, 1, 2",
                         [1.0, 0.0, 5.0, 16.0], hints=[
        Hint([0.25, 0.0, 1.25, 4.0], "Every derivative is divided by the number of points: how were f's outputs "
                                     "combined before the backward pass?"),
        Hint([5.0, 5.0, 7.0, 17.0], "Those are the values of f, not its derivatives."),
        Hint([22.0, 22.0, 22.0, 22.0], "Every point got the same number, the total of the derivatives: each point "
                                       "needs its own."),
    ])


def check_derivative_at_tracked_input(derivative_at):
    """A caller's ``xs`` that requires grad and already holds a gradient: both stay as they were."""
    xs = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    xs.grad = torch.full_like(xs, 7.0)
    expect_derivative_at(derivative_at, polynomial, xs, "derivative_at(polynomial) on an xs that requires grad",
                         [1.75, 1.0, 16.0], hints=[
        Hint([8.75, 8.0, 23.0], "The result includes the 7 that xs.grad held before the call: backward() adds "
                                "into .grad."),
    ])


def check_derivative_at_kinks(derivative_at):
    """At a kink autograd follows its convention (relu'(0) = 0, |x|'(0) = 0); a finite difference does not."""
    expect_derivative_at(derivative_at, torch.relu, torch.tensor([-1.5, 0.0, 0.5, 2.0]),
                         "the derivative of relu at -1.5, 0, 0.5, 2 (relu'(0) = 0)", [0.0, 0.0, 1.0, 1.0],
                         atol=1e-6, hints=[
        Hint([0.0, 0.5, 1.0, 1.0], "relu'(0) came out as 0.5: that is a central finite difference across the kink, "
                                   "not autograd."),
        Hint([0.0, 1.0, 1.0, 1.0], "relu'(0) came out as 1: that is a one-sided finite difference, not autograd."),
    ])
    expect_derivative_at(derivative_at, torch.abs, torch.tensor([-2.0, 0.0, 3.0]),
                         "the derivative of |x| at -2, 0, 3 (|x|'(0) = 0)", [-1.0, 0.0, 1.0], atol=1e-6, hints=[
        Hint([-1.0, 1.0, 1.0], "|x|'(0) came out as 1: that is a forward finite difference, not autograd."),
        Hint([-1.0, -1.0, 1.0], "|x|'(0) came out as -1: that is a backward finite difference, not autograd."),
    ])


def check_derivative_at_float64(derivative_at):
    xs = torch.linspace(-3.0, 3.0, 7, dtype=torch.float64)
    expect_derivative_at(derivative_at, torch.sin, xs, "the derivative of sin on float64 points", torch.cos(xs),
                         rtol=1e-12, atol=1e-12)


# --- exercise 2: one_hot ----------------------------------------------------------------------------

def call_one_hot(one_hot, labels, depth, what):
    """Run ``one_hot(labels, depth)``; check that ``labels`` is untouched and the result's type, shape, dtype."""
    labels_before = labels.clone()
    result = one_hot(labels, depth)
    if tuple(labels.shape) != tuple(labels_before.shape):
        raise CheckFailure(f"{what} changed the shape of labels to {tuple(labels.shape)}: an in-place operation "
                           "(one whose name ends in _) changed the caller's tensor.")
    checks.expect_unchanged(labels, labels_before, "labels")
    n = labels.shape[0]
    if _type(result) is _Tensor and tuple(result.shape) == (depth, n) and depth != n:
        raise CheckFailure(f"{what} has shape {(depth, n)}, the transpose of {(n, depth)}: one row per label, one "
                           "column per class.")
    if _type(result) is _Tensor and result.dim() == 2 and result.shape[0] == n and result.shape[1] != depth:
        raise CheckFailure(f"{what} has {result.shape[1]} columns instead of depth = {depth}: the number of columns "
                           "comes from depth, not from the largest label present.")
    if _type(result) is _Tensor and result.dtype == torch.int64:
        raise CheckFailure(f"{what} holds int64: the targets are compared with float probabilities, and the "
                           "docstring asks for float32.")
    return checks.expect_tensor(result, what, shape=(n, depth), dtype=torch.float32, requires_grad=False)


def check_one_hot_small(one_hot):
    got = call_one_hot(one_hot, torch.tensor([0, 1, 1]), 2, "one_hot([0, 1, 1], 2)")
    checks.expect_close(got, [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], "one_hot([0, 1, 1], 2)", atol=0.0, rtol=0.0,
                        hints=[Hint([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]],
                                    "The ones and zeros are swapped: the 1 goes in the label's column.")])


def check_one_hot_unused_classes(one_hot):
    got = call_one_hot(one_hot, torch.tensor([2, 0]), 4, "one_hot([2, 0], 4)")
    checks.expect_close(got, [[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]], "one_hot([2, 0], 4)", atol=0.0, rtol=0.0)


# --- exercise 3: softmax_mse_grads ------------------------------------------------------------------

def expect_softmax_mse_grads(softmax_mse_grads, x, w, b, y, what, expected, hints=(), rtol=1e-5, atol=1e-7):
    """Run ``softmax_mse_grads``: the pair's types, its values (flattened, grad_w then grad_b), then that the
    inputs are as they were, then the mechanism: a backward pass must have run."""
    named = {"x": x, "w": w, "b": b, "y": y}
    before = _snapshot(named)
    result, passes = _call(softmax_mse_grads, (x, w, b, y), what)
    if _type(result) not in (tuple, list) or _len(result) != 2:
        raise CheckFailure(f"{what} should return a pair (grad_w, grad_b), but it returned {_type(result).__name__}.")
    grad_w = _expect_gradient(result[0], "grad_w", what, w)
    grad_b = _expect_gradient(result[1], "grad_b", what, b)
    flat = _numbers(grad_w) + _numbers(grad_b)
    checks.expect_close(flat, expected, f"(grad_w, grad_b) from {what}", rtol=rtol, atol=atol, hints=hints)
    _expect_as_found(named, before, what)
    _expect_backward_ran(passes, what, "This exercise")


# Three examples with four features, two classes, labels [0, 1, 1].
_X = [[0.2, -0.4, 0.5, 1.0], [0.3, 0.8, -0.6, 0.1], [-0.7, 0.2, 0.4, -0.3]]
_W = [[0.5, -0.2], [0.1, 0.4], [-0.3, 0.6], [0.7, 0.2]]
_B = [0.1, -0.1]
_EXPECTED = [-0.01113196, 0.01113196, 0.110633071, -0.110633071, -0.071923692, 0.071923692, -0.061198671,
             0.061198671, 0.081398573, -0.081398573]
_SOFTMAX_HINTS = [
    Hint([-0.001250274, 0.032860699, 0.082065835, -0.069431117, -0.071395339, 0.045338894, -0.068786986,
          0.086651897, 0.0, 0.0],
         "That is a softmax down each column (dim=0): each example's probabilities are a row."),
    Hint([-0.066791763, 0.066791763, 0.663798426, -0.663798426, -0.431542153, 0.431542153, -0.367192028,
          0.367192028, 0.48839144, -0.48839144],
         "Six times too large with 3 x 2 elements: that is the sum of the squared differences; the loss is their mean."),
    Hint([-0.022263921, 0.022263921, 0.221266142, -0.221266142, -0.143847384, 0.143847384, -0.122397343,
          0.122397343, 0.162797147, -0.162797147],
         "Twice too large with 2 classes: that sums over the classes and averages over the examples only; the "
         "mean runs over all n * k elements."),
    Hint([0.031535201, -0.031535201, 0.007551828, -0.007551828, -0.017288125, 0.017288125, 0.030598282,
          -0.030598282, 0.017526527, -0.017526527],
         "That compares each row of probabilities with the label number itself: the targets are one-hot rows."),
    Hint([0.169333333, 0.058666667, 0.156, -0.388, -0.239, 0.176, -0.021333333, 0.097333333, -0.09, -0.56],
         "That is the MSE of the logits x @ w + b: the softmax comes first."),
    Hint([0.074202362, -0.074202362, -0.095529414, 0.095529414, 0.037347443, -0.037347443, 0.122395235,
          -0.122395235, -0.046345519, 0.046345519],
         "The targets are inverted: the 1 goes in the label's column."),
]


def _softmax_example(tracked):
    x = torch.tensor(_X)
    w = torch.tensor(_W, requires_grad=tracked)
    b = torch.tensor(_B, requires_grad=tracked)
    return x, w, b, torch.tensor([0, 1, 1])


def check_softmax_mse_grads_small(softmax_mse_grads):
    x, w, b, y = _softmax_example(tracked=True)
    expect_softmax_mse_grads(softmax_mse_grads, x, w, b, y, "softmax_mse_grads on 3 examples, 2 classes",
                             _EXPECTED, _SOFTMAX_HINTS)


def check_softmax_mse_grads_called_again(softmax_mse_grads):
    """With gradients already in w.grad and b.grad: the same answer each time, and those gradients stay."""
    x, w, b, y = _softmax_example(tracked=True)
    w.grad, b.grad = torch.ones_like(w), torch.ones_like(b)
    for attempt in ("first", "second", "third"):
        expect_softmax_mse_grads(softmax_mse_grads, x, w, b, y, f"softmax_mse_grads, {attempt} call", _EXPECTED, [
            Hint([e + 1.0 for e in _EXPECTED], "The result includes what w.grad and b.grad held before the call: "
                                               "backward() adds into .grad."),
        ] + _SOFTMAX_HINTS)


def check_softmax_mse_grads_untracked(softmax_mse_grads):
    """w and b that do not require grad: the function still works, and leaves them that way."""
    x, w, b, y = _softmax_example(tracked=False)
    expect_softmax_mse_grads(softmax_mse_grads, x, w, b, y, "softmax_mse_grads on w and b that do not require grad",
                             _EXPECTED, _SOFTMAX_HINTS)


# --- exercise 4: chain_rule_parts -------------------------------------------------------------------

_PARAMETER_NAMES = ("x1", "w1", "b1", "w2", "b2")


def expect_chain_rule_parts(chain_rule_parts, inputs, what, expected, hints=(), rtol=1e-6):
    """Run ``chain_rule_parts``: the triple's types, its values, that ``dy2_dw1 == dy2_dy1 * dy1_dw1``
    exactly, that the inputs are as they were, and that a backward pass ran."""
    named = dict(zip(_PARAMETER_NAMES, inputs))
    before = _snapshot(named)
    result, passes = _call(chain_rule_parts, inputs, what)
    if _type(result) not in (tuple, list) or _len(result) != 3:
        raise CheckFailure(f"{what} should return a triple (dy1_dw1, dy2_dy1, dy2_dw1), but it returned "
                           f"{_type(result).__name__}.")
    parts = [_expect_gradient(value, name, what, inputs[1])
             for name, value in zip(("dy1_dw1", "dy2_dy1", "dy2_dw1"), result)]
    numbers = [_numbers(p)[0] for p in parts]
    checks.expect_close(numbers, expected, f"(dy1_dw1, dy2_dy1, dy2_dw1) from {what}", rtol=rtol, hints=hints)
    if _numbers(_mul(_detach(parts[1]), _detach(parts[0])))[0] != numbers[2]:
        raise CheckFailure(f"{what}: dy2_dw1 is not exactly dy2_dy1 * dy1_dw1. Autograd multiplies the local "
                           "derivatives along the graph, so when all three come from autograd the equality holds "
                           "to the last bit.")
    _expect_as_found(named, before, what)
    _expect_backward_ran(passes, what, "This exercise")


def _chain_inputs(tracked):
    values = (0.5, 2.0, 0.25, -3.0, 1.0)
    return [torch.tensor([v], requires_grad=tracked and i > 0) for i, v in enumerate(values)]


_CHAIN_HINTS = [
    Hint([-3.0, 0.5, -1.5], "The first two are swapped: the order is (dy1_dw1, dy2_dy1, dy2_dw1)."),
    Hint([0.5, -2.0, -1.0], "Gradients from two backward passes were added together: .grad accumulates."),
    Hint([-1.0, -3.0, -1.0], "dy1_dw1 was changed by the second backward pass: .grad accumulates, in place, so a "
                             "tensor that is w1.grad itself changes with it."),
    Hint([0.5, -2.0, -1.5], "dy2_dy1 includes the 1 from a backward pass started at y1: .grad accumulates."),
    Hint([0.5, -3.0, -1.0], "dy2_dw1 includes dy1_dw1 from the earlier backward pass: .grad accumulates."),
    Hint([0.5, 1.25, -1.5], "That dy2_dy1 is dy2/dw2 = y1: the derivative asked for is with respect to y1."),
]


def check_chain_rule_parts_small(chain_rule_parts):
    """x1 is data; the four parameters require grad."""
    expect_chain_rule_parts(chain_rule_parts, _chain_inputs(tracked=True), "chain_rule_parts(0.5, 2, 0.25, -3, 1)",
                            [0.5, -3.0, -1.5], _CHAIN_HINTS)


def check_chain_rule_parts_untracked(chain_rule_parts):
    expect_chain_rule_parts(chain_rule_parts, _chain_inputs(tracked=False),
                            "chain_rule_parts on tensors that do not require grad", [0.5, -3.0, -1.5], _CHAIN_HINTS)


# --- exercise 5: receives_grad ----------------------------------------------------------------------

def expect_receives_grad(receives_grad, output, named, expected, what, reasons=None, unlisted=()):
    """Run ``receives_grad(output, tensors)``: one bool per tensor, each compared on its own so that a wrong
    one says which tensor (and, in the visible tests, what to look at); then that no ``.grad`` was filled
    (the ``unlisted`` leaves too, which the output uses but the learner is not asked about), no
    ``requires_grad`` switched, and that the caller can still run its backward pass."""
    tensors = list(named.values())
    leaves = {name: t for name, t in named.items() if t.is_leaf}
    before = _snapshot(leaves)
    result, _ = _call(receives_grad, (output, tensors), what)
    if _type(result) is not list or _len(result) != _len(tensors):
        raise CheckFailure(f"{what} should return a list of {_len(tensors)} bools, one per tensor, but it returned "
                           f"{_type(result).__name__}" + (f" of length {_len(result)}." if _type(result) in (list, tuple)
                                                          else "."))
    for name, answer in zip(named, result):
        if _type(answer) is not _bool:
            extra = " (a one-element tensor: turn it into a Python bool)" if _type(answer) is _Tensor else ""
            raise CheckFailure(f"the answer for {name} from {what} should be True or False, but it is "
                               f"{_type(answer).__name__}{extra}.")
    # One check per tensor, each handed its slice of ``expected`` as it is: ``expected`` may come from a hidden
    # test's reference block, which a grading kernel sees only as ``checks.UNKNOWN``.
    for i, (name, answer) in enumerate(zip(named, result)):
        try:
            checks.expect_close([answer], expected[i:i + 1], f"the answer for {name} from {what}", rtol=0.0, atol=0.0)
        except CheckFailure:
            reason = f" {reasons[name]}" if reasons else ""
            raise CheckFailure(f"{what}: the answer for {name} is {answer}, which is not right.{reason} "
                               f"(All answers: {_describe_answers(named, result)}.)") from None
    _expect_as_found(leaves, before, what)
    for name, t in named.items():
        if not t.is_leaf and t.retains_grad and t.grad is not None:
            raise CheckFailure(f"{what} left a gradient in {name}.grad: receives_grad must answer without filling "
                               "any .grad.")
    if any(t.grad is not None for t in unlisted):
        raise CheckFailure(f"{what} left a gradient in the .grad of a leaf it was not asked about (the output uses "
                           "more tensors than the list names): receives_grad must answer without filling any .grad.")
    _expect_graph_still_usable(output, what)


def _expect_graph_still_usable(output, what):
    """After the learner's call the caller can still run one backward pass through the graph."""
    try:
        output.backward()
    except RuntimeError as error:
        if "backward through the graph a second time" in str(error):
            raise CheckFailure(f"after {what}, the caller's output.backward() failed: a backward pass inside "
                               "receives_grad freed the graph's saved values. It must leave the graph usable.") from None
        raise


def _describe_answers(named, answers):
    return ", ".join(f"{name}: {answer}" for name, answer in zip(named, answers))



def _scene_with_traps():
    w = torch.tensor([0.5, -1.0], requires_grad=True)
    scale = torch.tensor([2.0, 2.0], requires_grad=True) * 0.5
    b = torch.tensor([1.0, 1.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    twin = torch.tensor([0.5, -1.0], requires_grad=True)
    h = w * x
    h.retain_grad()
    output = (h * scale + b.detach()).sum()
    named = {"w": w, "scale": scale, "b": b, "x": x, "twin": twin, "h": h, "output": output}
    expected = [True, False, False, False, False, True, False]
    reasons = {
        "w": "w is a leaf that requires grad, and the output depends on it through h.",
        "scale": "scale was made by multiplying a tensor that requires grad by 0.5: what kind of tensor is it?",
        "b": "b requires grad, but how does it enter the output?",
        "x": "x is data: it does not require grad.",
        "twin": "twin holds the same numbers as w, but the output was never computed from it: is it the same "
                "tensor as w?",
        "h": "h is not a leaf, but something was asked of it before the backward pass.",
        "output": "output is not a leaf, and nothing asked autograd to keep its gradient.",
    }
    return output, named, expected, reasons


def check_receives_grad_traps(receives_grad):
    output, named, expected, reasons = _scene_with_traps()
    expect_receives_grad(receives_grad, output, named, expected, "receives_grad on (h * scale + b.detach()).sum()",
                         reasons)


def _scene_with_history():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)
    (c * 2).sum().backward()               # an earlier pass left a gradient in c.grad
    e = torch.tensor([1.0, -1.0, 1.0], requires_grad=True)
    with torch.no_grad():
        shift = e * 10
    a64 = a.to(torch.float64)
    total = a64.sum()
    if total > 100:                        # not taken: c's branch is not recorded
        total = total * c.sum()
    weight = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)  # used, but not asked about
    output = (a64 ** 2 + shift).sum() * weight + total
    named = {"a": a, "c": c, "e": e, "shift": shift, "a64": a64}
    expected = [True, False, False, False, False]
    reasons = {
        "a": "a is a leaf that requires grad, and the output depends on it through a64.",
        "c": "c.grad already holds a gradient from an earlier pass, but was c used in this output's graph?",
        "e": "e requires grad, but how was shift computed from it?",
        "shift": "shift was computed with tracking switched off.",
        "a64": "a64 is a converted copy of a: what kind of tensor does .to with a new dtype make?",
    }
    return output, named, expected, reasons, [weight]


def check_receives_grad_history(receives_grad):
    output, named, expected, reasons, unlisted = _scene_with_history()
    expect_receives_grad(receives_grad, output, named, expected, "receives_grad on a graph with float64 copies, "
                         "no_grad and an if", reasons, unlisted)
