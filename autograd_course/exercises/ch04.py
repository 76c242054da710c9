"""Visible tests of chapter 4's assignment: a training loop by hand, and a train/validation split.

The functions here run a learner's ``training_loop`` or ``split_train_val`` and raise AssertionError
with a diagnosis when the result (or the way it was computed) looks like a classic mistake. Expected
values come from the book (Deep Learning with PyTorch, chapter 5) or from a plain float64 gradient
descent with the gradient written out, computed here.

How the loop trains is observed, not only where it ends: while it runs, autograd's gradient with
respect to ``params`` can be made a known multiple of the true one (``_ScaledGradients``), which a step
computed any other way does not follow; a hook counts the gradients ``backward`` puts in ``params.grad``; torch.optim's code and optimizer kernels are refused
(``autograd_course.optim_guard``). The split is checked over hundreds of seeds for what a random
permutation does and a pattern moved by the seed does not, and it must be drawn by the answer itself:
``torch.utils.data.random_split``, the walk-through's tool, and scikit-learn's splitters are refused.
"""

import contextlib
import importlib.util
import os
import random
import sys

import numpy as np
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_map

from autograd_course import checks, data
from autograd_course.optim_guard import OptimizerCodeUsed, forbid_optimizer_code, prepare

BOOK_GRADIENT = [4517.2969, 82.6000]  # at w = 1, b = 0 on the raw readings
BOOK_PARAMS = [5.3671, -17.3012]  # 5000 epochs, learning rate 1e-2, on t_un = 0.1 * t_u
BOOK_LOSS = 2.927647  # the loss of epoch 5000, computed before its update

# Captured at import (the assignment's locked imports cell), so that a learner's cell cannot change them.
_Tensor = torch.Tensor
_get_rng_state, _np_get_state, _py_getstate = torch.get_rng_state, np.random.get_state, random.getstate
_equal = torch.equal
_is_grad_enabled = torch.is_grad_enabled
_functorch = torch._C._functorch
_getprofile, _setprofile = sys.getprofile, sys.setprofile
_RANDOM_SPLIT_CODE = torch.utils.data.random_split.__code__


def _sklearn_splitters_dir():
    """The folder of scikit-learn's model_selection package (train_test_split, ShuffleSplit, ...), found
    without importing scikit-learn; None when it is not installed."""
    try:
        spec = importlib.util.find_spec("sklearn")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(os.path.abspath(list(spec.submodule_search_locations)[0]), "model_selection") + os.sep


_SKLEARN_SPLITTERS = _sklearn_splitters_dir()
prepare()  # torch.optim's functions, read before any answer runs


def thermometer():
    """The book's data as float32 tensors ``(t_c, t_u)``."""
    return tuple(torch.from_numpy(a) for a in data.thermometer())


# --- training_loop ---------------------------------------------------------------------------------

def _line_gradient(t_u, t_c, w, b):
    """The mean squared error's gradient of the line, written out (float64 numbers in, out)."""
    n = len(t_u)
    errors = [w * x + b - y for x, y in zip(t_u, t_c)]
    return (sum(2.0 / n * e * x for e, x in zip(errors, t_u)), sum(2.0 / n * e for e in errors))


def descent(n_epochs, learning_rate, start, t_u, t_c, entry_grad=(0.0, 0.0), variant="correct"):
    """Plain gradient descent on the line in float64, or one of the classic slips (``variant``):

    * ``"correct"``: each update uses the gradient of its own epoch only;
    * ``"accumulated"``: the gradient is never cleared, so update k uses the sum of the first k
      gradients (and whatever the gradient held on entry);
    * ``"entry_leaks"``: cleared after each update, so the first update also adds the entry gradient;
    * ``"lagged"``: each update runs before backward and uses the previous epoch's gradient (the
      entry gradient for the first one);
    * ``"ascent"``: the update adds the gradient;
    * ``"frozen"``: every update uses the gradient at the start (the loss built once, before the loop).
    Returns ``[w, b]``.
    """
    t_u, t_c = [float(x) for x in t_u], [float(y) for y in t_c]
    w, b = (float(v) for v in start)
    held = [float(entry_grad[0]), float(entry_grad[1])]
    first = _line_gradient(t_u, t_c, w, b)
    for epoch in range(n_epochs):
        gw, gb = _line_gradient(t_u, t_c, w, b)
        if variant == "accumulated":
            held = [held[0] + gw, held[1] + gb]
            step = held
        elif variant == "entry_leaks":
            step = [gw + held[0], gb + held[1]] if epoch == 0 else [gw, gb]
        elif variant == "lagged":
            step, held = held, [gw, gb]
        elif variant == "ascent":
            step = [-gw, -gb]
        elif variant == "frozen":
            step = list(first)
        else:
            step = [gw, gb]
        w, b = w - learning_rate * step[0], b - learning_rate * step[1]
    return [w, b]


def _translate(err, what):
    """An AssertionError naming the classic mistake behind an exception raised by training_loop, or None."""
    text = f"{type(err).__name__}: {err}"
    if "leaf Variable that requires grad is being used in an in-place operation" in text:
        return (f"{what} raised {text}\nThe update changed params in place while autograd was recording: a leaf "
                "that requires grad cannot be modified like that. Updating parameters is not part of the model, "
                "so autograd must not record it: see chapter 3's torch.no_grad().")
    if "does not require grad and does not have a grad_fn" in text:
        return (f"{what} raised {text}\nAt some epoch the loss no longer depended on a tensor that requires grad: "
                "params was rebound to a new tensor (made under no_grad?). Update the tensor params in place, "
                "so that it stays the leaf autograd computes gradients for.")
    if isinstance(err, TypeError) and "NoneType" in text:
        return (f"{what} raised {text}\nA gradient was None when the update read it. Either params was rebound "
                "to the result of an expression (a non-leaf tensor, whose .grad backward does not fill), or the "
                "update runs before backward has filled params.grad. Update params in place, after backward.")
    if isinstance(err, AttributeError) and "'NoneType' object has no attribute" in text:
        return (f"{what} raised {text}\nparams.grad is None until the first backward: clearing it must handle "
                "that case.")
    if "backward through the graph a second time" in text:
        return (f"{what} raised {text}\nThe same graph was back-propagated twice: compute the loss inside the "
                "loop, once per epoch, so that each epoch has a graph of its own.")
    return None


class _Counter:
    """A plain object (not a list: torch.func would copy a list handed to a Function as one of its inputs)."""

    def __init__(self):
        self.n = 0


class _ScaleGradient(torch.autograd.Function):
    """The identity forward; backward multiplies the incoming gradient by ``factor`` and counts the call.
    Written in the form torch.func accepts (``setup_context``), so torch.func.grad sees it as well."""

    @staticmethod
    def forward(x, factor, counter):
        return x.clone()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.factor, ctx.counter = inputs[1], inputs[2]

    @staticmethod
    def backward(ctx, grad):
        ctx.counter.n += 1
        return grad * ctx.factor, None, None


_wrapped, _unwrap = _functorch.is_functorch_wrapped_tensor, _functorch.get_unwrapped
# Operations that change a tensor, or read one without computing: params passes through them untouched.
_PASS_THROUGH = {"__setitem__", "__set__", "__delete__", "__get__", "backward", "grad", "register_hook", "retain_grad"}


class _ScaledGradients(TorchFunctionMode):
    """While active, every operation that computes from ``params`` (or a view of it: ``w, b = params``,
    ``params[0]``) with autograd recording gets ``params``' values through ``_ScaleGradient``: values are
    unchanged, and any gradient autograd computes of a loss with respect to params, or to a view of it,
    is ``factor`` times the true one, however it is asked for (``backward``, ``torch.autograd.grad``,
    ``torch.func.grad``). ``delivered.n`` counts the gradients that went back through params.

    View operations (unbind, indexing, ``detach``) and in-place ones pass params through untouched, so
    that views stay views of params and updates reach it."""

    def __init__(self, params, factor):
        super().__init__()
        self.params = params
        # params' memory: a view of it (w, b = params), params.detach() (as torch.autograd.functional
        # makes), all start inside it.
        self.start = params.data_ptr()
        self.end = self.start + params.numel() * params.element_size()
        self.factor = factor
        self.delivered = _Counter()

    def _aliases(self, t):
        """Whether tensor ``t`` shares params' memory (through torch.func's wrappers, if any)."""
        while _wrapped(t):
            t = _unwrap(t)
        return t is self.params or (t.numel() > 0 and self.start <= t.data_ptr() < self.end)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if not _is_grad_enabled():
            return out
        name = getattr(func, "__name__", "")
        if name.endswith("_") or name.startswith("__i") or name in _PASS_THROUGH or "out" in kwargs:
            return out
        # Tensors among the arguments: directly, or in a list or tuple (torch.stack([w, b])).
        inputs = [t for a in (*args, *kwargs.values()) for t in (a if type(a) in (list, tuple) else (a,))
                  if isinstance(t, _Tensor)]
        if not any(self._aliases(t) for t in inputs):
            return out
        outputs = [o for o in (out if type(out) in (list, tuple) else (out,)) if isinstance(o, _Tensor)]
        if not any(o.requires_grad for o in outputs) or any(self._aliases(o) for o in outputs):
            return out  # nothing differentiable was computed, or it is a view of params
        # A computation from params: redo it (it has no side effects) from the gradient-scaling identity.
        scaled = {}

        def swap(t):
            if isinstance(t, _Tensor) and self._aliases(t):
                if id(t) not in scaled:
                    scaled[id(t)] = _ScaleGradient.apply(t, self.factor, self.delivered)
                return scaled[id(t)]
            return t

        args, kwargs = tree_map(swap, (args, kwargs))
        return func(*args, **kwargs)


def run_training_loop(training_loop, n_epochs, learning_rate, params, t_u, t_c, what, scale=1.0, watch=True):
    """Call ``training_loop`` and check how it trained, not only where it ended; return the final values.

    While it runs, any gradient autograd computes with respect to ``params`` is ``scale`` times the true
    one (``_ScaledGradients``): the caller compares the result with gradient descent on ``scale`` times
    the gradient, which an answer that computes its step some other way (a formula) does not follow.

    Checked here: no torch.optim code and no optimizer kernel runs (``forbid_optimizer_code``); ``params``
    itself is returned, still requiring grad, with its dtype and shape; a gradient went back through
    params in every epoch, and ``backward`` put it in ``params.grad`` (a post-accumulate-grad hook on
    params counts the gradients autograd accumulates there, which ``torch.autograd.grad`` never does); it
    was updated in place where autograd sees it (its version counter moved once per epoch at least);
    ``t_u`` and ``t_c`` are left alone. ``watch=False`` leaves out the gradient scaling and its count and the
    watch for torch.optim's code, which cost time per operation (the watch triples the time of a 5000-epoch
    run), for a long run whose other aspects the short runs of the same test cell check.
    """
    t_u_before, t_c_before = t_u.clone(), t_c.clone()
    dtype, version = params.dtype, params._version
    accumulated = _Counter()

    def count_accumulation(tensor):
        accumulated.n += 1

    # The hook exists from PyTorch 2.1 on; with an older torch the count is not checked.
    register = getattr(params, "register_post_accumulate_grad_hook", None)
    handle = register(count_accumulation) if register is not None else None
    message = (f"{what} built or called a torch.optim optimizer, or its update code ({{label}}). This exercise "
               "asks for the update written by hand: the gradient from autograd, the step under torch.no_grad().")
    scaling = _ScaledGradients(params, scale) if watch else contextlib.nullcontext()
    # kernels=False: the profile hook sees the kernels called from Python, at a fraction of the cost of a
    # dispatch mode (and without its first use importing torch._dynamo, which takes seconds).
    watching = forbid_optimizer_code(message, kernels=False, what=what) if watch else contextlib.nullcontext()
    try:
        with watching, scaling:
            result = training_loop(n_epochs, learning_rate, params, t_u, t_c)
    except OptimizerCodeUsed as err:
        raise AssertionError(str(err)) from None
    except Exception as err:  # noqa: BLE001 - turned into a diagnosis when it is a classic mistake
        message = _translate(err, what)
        if message is None:
            raise
        raise AssertionError(message) from err
    finally:
        if handle is not None:
            handle.remove()
    if result is not params:
        kind = "a tensor" if isinstance(result, _Tensor) else f"{type(result).__name__}"
        raise AssertionError(f"{what} returned {kind} other than the params it was given. The loop must update "
                             "params in place and return that very tensor: rebinding the name (params = params "
                             "- ...) makes a different tensor each epoch and leaves the caller's params behind.")
    checks.expect_tensor(result, f"the params returned by {what}", shape=(2,), dtype=dtype, requires_grad=True)
    delivered = scaling.delivered.n if watch else n_epochs
    if n_epochs > 0 and delivered == 0:
        raise AssertionError(f"{what} never back-propagated the loss to params: no gradient with respect to params "
                             "(or to w and b taken from it) came out of autograd. This exercise asks for the "
                             "gradient from autograd, with loss.backward(), not from a formula.")
    if delivered < n_epochs:
        raise AssertionError(f"In {what}, autograd computed a gradient with respect to params in {delivered} of "
                             f"{n_epochs} epochs: each epoch needs a forward pass and a backward pass of its own.")
    if handle is not None and accumulated.n < n_epochs:
        how = "never" if accumulated.n == 0 else f"in only {accumulated.n} of {n_epochs} epochs"
        raise AssertionError(f"In {what}, backward {how} put a gradient in params.grad. This exercise asks for "
                             "the book's loop: loss.backward() each epoch, which adds the gradient into "
                             "params.grad, the update read from there, and params.grad cleared before each "
                             "backward. torch.autograd.grad and torch.func.grad return the gradient and leave "
                             "params.grad alone: they are the walk-through's tools, not this exercise's.")
    if params._version - version < n_epochs:
        raise AssertionError(f"{what} changed params without autograd noticing (its version counter did not move "
                             "with the updates): was it updated through .data? That bypasses autograd's checks; "
                             "update params itself, in place, under torch.no_grad().")
    checks.expect_unchanged(t_u, t_u_before, "t_u", hint="The loop trains params; the data stays as it was.")
    checks.expect_unchanged(t_c, t_c_before, "t_c", hint="The loop trains params; the data stays as it was.")
    return params.detach().clone()


def expect_follows_autograd(got, expected, unscaled, scale, what, rtol, atol):
    """``got`` must be the descent on ``scale`` times autograd's gradient (``expected``); when it is instead
    the descent on the true gradient (``unscaled``, computed from the learner's inputs), say that the step
    did not come from autograd."""
    checks.expect_close(got, expected, what, rtol=rtol, atol=atol, hints=[checks.Hint(
        unscaled, f"For this test, the gradient autograd computes with respect to params was {scale} times the "
                  "true one (the test scales it inside the graph), and params did not follow the gradient "
                  "autograd computed: it moved along the true gradient, computed some other way. Was the step "
                  "taken from a formula? Update params with the gradient autograd gives you.")])


def check_training_loop_first_epoch(training_loop):
    """One epoch on the raw readings from w = 1, b = 0: a single step along the book's gradient."""
    t_c, t_u = thermometer()
    lr = 1e-4
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    got = run_training_loop(training_loop, 1, lr, params, t_u, t_c, "training_loop(1, 1e-4, params, t_u, t_c)")
    expected = [1.0 - lr * BOOK_GRADIENT[0], -lr * BOOK_GRADIENT[1]]
    checks.expect_close(got, expected, "params after one epoch from [1, 0]", rtol=1e-5, atol=1e-7, hints=[
        checks.Hint([1.0 + lr * BOOK_GRADIENT[0], lr * BOOK_GRADIENT[1]],
                    "That is a step up the gradient, which increases the loss: check the sign of the update."),
        checks.Hint([1.0, 0.0], "params did not move: did the update use the gradient of this epoch's loss?"),
        checks.Hint([1.0 - BOOK_GRADIENT[0], -BOOK_GRADIENT[1]],
                    "The step is the whole gradient: multiply it by the learning rate."),
    ])


def check_training_loop_fresh_gradients(training_loop):
    """Three epochs on t_un starting with a stale gradient in params.grad: each update must use only its own
    epoch's gradient (not the previous ones, nor what params.grad held on entry)."""
    t_c, t_u = thermometer()
    t_un = 0.1 * t_u
    start, stale, lr, n = [2.0, -3.0], [40.0, -25.0], 1e-2, 3
    params = torch.tensor(start, requires_grad=True)
    params.grad = torch.tensor(stale)
    got = run_training_loop(training_loop, n, lr, params, t_un, t_c,
                            "training_loop(3, 1e-2, params, t_un, t_c) with a stale params.grad")
    args = (n, lr, start, t_un.tolist(), t_c.tolist(), stale)
    checks.expect_close(got, descent(*args), "params after 3 epochs", rtol=1e-5, atol=1e-6, hints=[
        checks.Hint(descent(*args, variant="accumulated"), "The gradients add up from epoch to epoch: the "
                    "gradient grows each epoch — is it cleared before each backward?"),
        checks.Hint(descent(n, lr, start, t_un.tolist(), t_c.tolist(), variant="accumulated"),
                    "The gradients add up from epoch to epoch: the gradient grows each epoch — is it cleared "
                    "before each backward?"),
        checks.Hint(descent(*args, variant="entry_leaks"), "The first update also used the gradient params.grad "
                    "held when training_loop was called: clear the gradient before each backward, not after "
                    "the update."),
        checks.Hint(descent(*args, variant="lagged"), "Each update used the previous epoch's gradient: the update "
                    "must come after this epoch's backward."),
        checks.Hint(start, "params did not move: the update saw a cleared gradient. Does it run before backward?"),
        checks.Hint(descent(*args, variant="frozen"), "Every update used the gradient at the starting params: the "
                    "loss was computed once, before the loop. Each epoch needs a forward pass of its own, at the "
                    "current params."),
    ])


def check_training_loop_follows_autograd(training_loop):
    """Four epochs on t_un while the test makes autograd's gradient 0.25 times the true one: params must
    follow the gradient autograd computes, which a step computed any other way does not."""
    t_c, t_u = thermometer()
    t_un = (0.1 * t_u).double()
    start, lr, n, scale = [1.0, 0.0], 1e-2, 4, 0.25
    params = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    what = "training_loop(4, 1e-2, params, t_un, t_c) in float64, autograd's gradient scaled by 0.25"
    got = run_training_loop(training_loop, n, lr, params, t_un, t_c.double(), what, scale=scale)
    expected = descent(n, scale * lr, start, t_un.tolist(), t_c.tolist())
    expect_follows_autograd(got, expected, descent(n, lr, start, t_un.tolist(), t_c.tolist()), scale,
                            "params after 4 epochs", rtol=1e-9, atol=1e-9)


def check_training_loop_book(training_loop):
    """The book's run: 5000 epochs with learning rate 1e-2 on t_un, from w = 1, b = 0."""
    t_c, t_u = thermometer()
    t_un = 0.1 * t_u
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    # watch=False: scaling the gradients of 5000 epochs and watching every call for torch.optim's code
    # would cost seconds per submission; the shorter runs of the same test cell do both.
    got = run_training_loop(training_loop, 5000, 1e-2, params, t_un, t_c,
                            "training_loop(5000, 1e-2, params, t_un, t_c)", watch=False)
    # The book prints four decimals; float32 rounding over 5000 steps moves the fourth by a few units at most.
    checks.expect_close(got, BOOK_PARAMS, "params after the book's 5000 epochs", rtol=0, atol=5e-4)


# --- split_train_val -------------------------------------------------------------------------------

def _is_random_split(code):
    """Whether ``code`` is torch.utils.data.random_split's, or a copy of it: the same global and attribute
    names and the same local variables (a code object reused, its source run with exec, which may
    compile to other bytecode)."""
    return code is _RANDOM_SPLIT_CODE or (code.co_names == _RANDOM_SPLIT_CODE.co_names
                                          and code.co_varnames == _RANDOM_SPLIT_CODE.co_varnames)


@contextlib.contextmanager
def _refusing_random_split(what):
    """While active, a profile hook watches every Python function called; on exit, raise if
    torch.utils.data.random_split (or a copy of its code) or one of scikit-learn's splitters
    (``sklearn.model_selection``: train_test_split, ShuffleSplit, ...) ran, however it was reached."""
    seen = []

    def watch(frame, event, arg):
        if event == "call" and not seen:
            code = frame.f_code
            if _is_random_split(code):
                seen.append("torch.utils.data.random_split, the walk-through's tool,")
            elif _SKLEARN_SPLITTERS and code.co_filename.startswith(_SKLEARN_SPLITTERS) and code.co_name != "<module>":
                seen.append(f"scikit-learn's {getattr(code, 'co_qualname', code.co_name)} "
                            "(sklearn.model_selection),")

    previous = _getprofile()
    _setprofile(watch)
    try:
        yield
    finally:
        try:
            _setprofile(previous)
        except TypeError:  # a C-level profiler cannot be handed back through sys.setprofile
            _setprofile(None)
    if seen:
        raise AssertionError(f"{what} ran {seen[0]} which makes the whole split for you. This exercise asks for the "
                             "draw itself: a random permutation from a generator of your own, seeded with seed, cut "
                             "into the two parts.")


def split_parts(split_train_val, n_samples, val_fraction, seed, what, check_global_state=True):
    """Call split_train_val, check types, sizes, the partition and (unless told not to) that the global
    random states (torch's, NumPy's, Python's) are untouched; return (train, val) as Python lists. Refuses
    torch.utils.data.random_split and scikit-learn's splitters."""
    torch_state, np_state, py_state = _get_rng_state(), _np_get_state(), _py_getstate()
    with _refusing_random_split(what):
        result = split_train_val(n_samples, val_fraction, seed)
    torch_changed = not _equal(_get_rng_state(), torch_state)
    np_after = _np_get_state()
    np_changed = not (np.array_equal(np_after[1], np_state[1]) and np_after[2:] == np_state[2:])
    py_changed = _py_getstate() != py_state
    if type(result) not in (tuple, list) or len(result) != 2:
        raise AssertionError(f"{what} should return a pair (train_idx, val_idx), but it returned "
                             f"{type(result).__name__}" + (f" of length {len(result)}" if type(result) in (tuple, list)
                                                           else "") + ".")
    parts = []
    for name, part in zip(("train_idx", "val_idx"), result):
        if type(part) is not _Tensor:
            raise AssertionError(f"{name} from {what} should be a torch.Tensor of indices, but it is "
                                 f"{type(part).__module__}.{type(part).__qualname__}.")
        if part.dtype == torch.bool:
            raise AssertionError(f"{name} from {what} is a boolean mask: return index tensors (int64), the positions "
                                 "of the selected samples.")
        if part.dtype != torch.int64:
            raise AssertionError(f"{name} from {what} should hold int64 indices, but its dtype is {part.dtype}.")
        if part.dim() != 1:
            raise AssertionError(f"{name} from {what} should be 1-D, but it has shape {tuple(part.shape)}.")
        parts.append(part.tolist())
    train, val = parts
    n_val = int(val_fraction * n_samples)
    if len(val) != n_val or len(train) != n_samples - n_val:
        hint = ""
        if len(train) == n_val and len(val) == n_samples - n_val:
            hint = " The two parts look swapped: the training part comes first."
        elif len(val) == round(val_fraction * n_samples):
            hint = " That size is val_fraction * n_samples rounded to the nearest integer; the text asks for int(...), " \
                   "which rounds down."
        raise AssertionError(f"{what} gave {len(train)} training and {len(val)} validation indices; expected "
                             f"{n_samples - n_val} and {n_val}.{hint}")
    if len(set(train) | set(val)) != len(train) + len(val) or set(train) & set(val):
        raise AssertionError(f"{what} repeats an index (within a part, or in both parts): the parts must be disjoint, "
                             "each sample in exactly one of them. Drawing indices independently (with replacement) "
                             "gives repeats; shuffle the indices instead.")
    if sorted(train + val) != list(range(n_samples)):
        raise AssertionError(f"{what} does not cover range({n_samples}) exactly: every index from 0 to "
                             f"{n_samples - 1} must be in one part.")
    if check_global_state and (torch_changed or np_changed or py_changed):
        which, how = (("torch's", "torch.manual_seed") if torch_changed else ("NumPy's", "np.random.seed")
                      if np_changed else ("Python's", "random.seed, random.shuffle"))
        raise AssertionError(f"{what} changed {which} global random state ({how}, or another draw from the global "
                             "generator): every later random draw in the notebook would depend on it. Draw from a "
                             "generator of your own, seeded with seed.")
    return train, val


def check_split_train_val(split_train_val):
    """The book's sizes (11 readings, 20% for validation), reproducibility, seeds that differ, and rounding."""
    first = split_parts(split_train_val, 11, 0.2, 0, "split_train_val(11, 0.2, 0)", check_global_state=False)
    again = split_parts(split_train_val, 11, 0.2, 0, "split_train_val(11, 0.2, 0) called a second time",
                   check_global_state=False)
    if again != first:
        raise AssertionError("Two calls of split_train_val(11, 0.2, 0) gave different splits: the split must be "
                             "reproducible, the same for the same seed. Seed the random draws with seed.")
    split_parts(split_train_val, 11, 0.2, 0, "split_train_val(11, 0.2, 0)")
    vals = [sorted(split_parts(split_train_val, 100, 0.3, seed, f"split_train_val(100, 0.3, {seed})")[1])
            for seed in range(5)]
    if all(v == vals[0] for v in vals):
        raise AssertionError("split_train_val(100, 0.3, seed) gave the same split for every seed from 0 to 4: the "
                             "split must be random, drawn from a generator seeded with seed.")
    if any(vals[i] == vals[j] for i in range(5) for j in range(i + 1, 5)):
        raise AssertionError("Two different seeds gave the same split of 100 samples: is seed really used to seed "
                             "the generator?")
    if any(v == list(range(30)) or v == list(range(70, 100)) for v in vals):
        raise AssertionError("A validation part is a block at one end of range(100): the split must be random.")
    split_parts(split_train_val, 11, 0.25, 3, "split_train_val(11, 0.25, 3)")


def check_split_looks_random(split_train_val, n_samples=10, val_fraction=0.3, seeds=range(200)):
    """Over many seeds, a split drawn at random puts every pair of indices in the validation part together
    now and then, and each index about as often as any other. A fixed pattern moved by the seed (a
    rotation of range(n), a stride, one shuffle shifted or reversed) gives different splits for different
    seeds, yet keeps some pairs apart for ever.

    With 3 of 10 in validation, a pair is together with probability 3/10 * 2/9 = 1/15 for a random split:
    never in 200 seeds has probability (14/15) ** 200, about 1e-6, and 1e-4 at most for some pair of the
    45. Each index is in validation Binomial(200, 0.3) times: outside 30..90 is more than 4.6 standard
    deviations from its mean 60 (probability below 1e-5 for some index)."""
    n_val = int(val_fraction * n_samples)
    counts = [0] * n_samples
    together = [[0] * n_samples for _ in range(n_samples)]
    for seed in seeds:
        _, val = split_parts(split_train_val, n_samples, val_fraction, seed,
                             f"split_train_val({n_samples}, {val_fraction}, {seed})")
        for i in val:
            counts[i] += 1
            for j in val:
                together[i][j] += 1
    n_seeds = len(seeds)
    apart = [(i, j) for i in range(n_samples) for j in range(i + 1, n_samples) if together[i][j] == 0]
    if n_val >= 2 and apart:
        i, j = apart[0]
        raise AssertionError(
            f"Over {n_seeds} seeds of split_train_val({n_samples}, {val_fraction}, seed), indices {i} and {j} (and "
            f"{len(apart) - 1} other pairs) were never in the validation part together, which a random split "
            "almost never does. The split looks like a fixed pattern moved by the seed (a rotation, a stride, "
            "one shuffle shifted or reversed): different seeds give different splits, but none is random. "
            "Draw a random permutation from a generator seeded with seed.")
    expected = n_seeds * n_val / n_samples
    low, high = expected / 2, expected * 1.5
    if not all(low <= c <= high for c in counts):
        raise AssertionError(f"Over {n_seeds} seeds, the indices 0..{n_samples - 1} landed in the validation part "
                             f"{counts} times (about {expected:g} each for a random split): the split is not a fair "
                             "random draw; some indices are favoured.")


def check_split_not_a_progression(split_train_val, n_samples, val_fraction, seed):
    """The validation part of a big split, sorted and read around the circle 0..n-1, has gaps between
    neighbours of many different lengths when it is random (a random 100 of 1000 shows dozens). Any
    arithmetic progression modulo n (a rotation, a stride, their reversals) shows at most three, by the
    three-gap theorem."""
    what = f"split_train_val({n_samples}, {val_fraction}, {seed})"
    _, val = split_parts(split_train_val, n_samples, val_fraction, seed, what)
    points = sorted(val)
    if len(points) < 20:
        raise ValueError("the three-gap test needs at least 20 validation indices")
    gaps = {b - a for a, b in zip(points, points[1:])} | {points[0] + n_samples - points[-1]}
    if len(gaps) <= 3:
        raise AssertionError(f"The validation indices of {what} are evenly spread: the gaps between neighbours take "
                             f"only {len(gaps)} values ({sorted(gaps)}). That is a fixed pattern moved by the seed "
                             "(a rotation or a stride through range(n)), not a random split. Draw a random "
                             "permutation from a generator seeded with seed.")
