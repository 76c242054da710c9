"""Visible tests of chapter 1's assignment, "Gradients by hand".

Each ``check_*`` function runs one group of a visible test cell: it calls the learner's function on
fixed inputs, checks the type and shape of what comes back, then the values, and when a value looks
like a classic mistake, says which one. The ``as_*`` helpers and ``call_by_hand`` are shared with the
hidden tests.
"""

import numpy as np
import torch

from autograd_course import checks, data

Hint = checks.Hint
CheckFailure = checks.CheckFailure
_type, _len = type, len


# --- shared helpers ---------------------------------------------------------------------------------

def as_gradient_pair(result, what):
    """``result`` as ``[da, db]``, after checking that it is a pair of floats."""
    if _type(result) not in (tuple, list) or _len(result) != 2:
        raise CheckFailure(f"{what} should return a pair (da, db), but it returned {_type(result).__name__}.")
    return [checks.expect_float(result[0], f"da from {what}"), checks.expect_float(result[1], f"db from {what}")]


def as_descent_result(result, what, n_epochs):
    """``result`` as ``(a, b, losses)``, after checking two floats and a list of ``n_epochs`` floats."""
    if _type(result) not in (tuple, list) or _len(result) != 3:
        raise CheckFailure(f"{what} should return a triple (a, b, losses), but it returned {_type(result).__name__}.")
    a = checks.expect_float(result[0], f"a from {what}")
    b = checks.expect_float(result[1], f"b from {what}")
    losses = checks.expect_list_of_floats(result[2], f"losses from {what}", n_epochs)
    return a, b, losses


def as_network_grads(result, what, d, k):
    """``result`` as ``(dW1, db1, dw2, db2)``, after checking three arrays of the parameters' shapes and a float."""
    if _type(result) not in (tuple, list) or _len(result) != 4:
        raise CheckFailure(f"{what} should return four gradients (dW1, db1, dw2, db2), but it returned "
                           f"{_type(result).__name__}" + (f" of length {_len(result)}." if _type(result) in (tuple, list)
                                                         else "."))
    dW1 = checks.expect_array(result[0], f"dW1 from {what}", shape=(d, k))
    db1 = checks.expect_array(result[1], f"db1 from {what}", shape=(k,))
    dw2 = checks.expect_array(result[2], f"dw2 from {what}", shape=(k,))
    db2 = checks.expect_float(result[3], f"db2 from {what}")
    return dW1, db1, dw2, db2


class _RecordedGraph(CheckFailure):
    pass


_RECORDED = ("the function recorded an autograd graph (PyTorch saved a tensor for a backward pass). This chapter "
             "computes gradients by hand: work out every local gradient yourself, with NumPy, instead of asking "
             "autograd for them.")


def _refuse_recording(tensor):
    raise _RecordedGraph(_RECORDED)


def call_by_hand(fn, *args):
    """Call ``fn(*args)`` and fail if it makes PyTorch record a computation for autograd.

    Recording is what every autograd route has in common (``backward``, ``torch.autograd.grad``,
    ``torch.func``): each saves tensors for its backward pass, and the saved-tensor hook sees them all.
    NumPy code, and arithmetic on tensors that do not require grad, records nothing.
    """
    try:
        with torch.autograd.graph.saved_tensors_hooks(_refuse_recording, lambda packed: packed):
            return fn(*args)
    except RuntimeError as error:
        if "saved tensor hooks" in str(error):  # torch.func refuses to run under the hook at all
            raise _RecordedGraph(_RECORDED) from None
        raise


# --- exercise 1: mse_loss ---------------------------------------------------------------------------

_NOT_SQUARED = "The differences are averaged without being squared: the loss squares each difference first."


def check_mse_loss_on_one_example(mse_loss):
    """The walk-through's example: a prediction of 0 for the target 4 costs (0 - 4)^2 = 16."""
    loss = checks.expect_float(mse_loss(np.array([0.0]), np.array([4.0])), "mse_loss([0.], [4.])")
    checks.expect_close(loss, 16.0, "mse_loss([0.], [4.])", hints=[
        Hint(-4.0, "It equals the plain difference y_hat - y: the loss is the square of that difference."),
        Hint(4.0, "It equals the size of the difference (its absolute value, or the root of its square), "
                  "not the squared difference."),
    ])


def check_mse_loss_on_three_examples(mse_loss):
    """Three examples whose squared differences are 0, 4 and 9."""
    y_hat, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 4.0, 0.0])
    loss = checks.expect_float(mse_loss(y_hat, y), "mse_loss on three examples")
    checks.expect_close(loss, 13.0 / 3.0, "mse_loss on three examples", hints=[
        Hint(13.0, "It equals the sum of the squared differences: the loss is their mean."),
        Hint(13.0 / 2.0, "It is the sum divided by n - 1 (a sample variance's divisor); a mean divides by n."),
        Hint((13.0 / 3.0) ** 0.5, "It equals the root of the mean squared error, which is a different loss (RMSE)."),
        Hint(5.0 / 3.0, "It equals the mean absolute difference, which is a different loss (MAE)."),
        Hint(1.0 / 3.0, _NOT_SQUARED),
        Hint(-1.0 / 3.0, _NOT_SQUARED),
    ])


def check_mse_loss_on_columns(mse_loss):
    """Column vectors of shape (n, 1), as models often produce them, give the same loss."""
    y_hat, y = np.array([[1.0], [2.0], [3.0]]), np.array([[1.0], [4.0], [0.0]])
    loss = checks.expect_float(mse_loss(y_hat, y), "mse_loss on (3, 1) arrays")
    checks.expect_close(loss, 13.0 / 3.0, "mse_loss on (3, 1) arrays")


# --- exercise 2: linear_grads -----------------------------------------------------------------------

def check_linear_grads_on_one_point(linear_grads):
    """One point, x = 2 and y = 4, at a = b = 0: the walk-through's one-weight example plus an intercept."""
    got = as_gradient_pair(call_by_hand(linear_grads, 0.0, 0.0, np.array([2.0]), np.array([4.0])),
                           "linear_grads(0, 0, [2], [4])")
    checks.expect_close(got, [-8.0, -16.0], "(da, db) at x = 2, y = 4, a = b = 0", hints=[
        Hint([8.0, 16.0], "Both signs are flipped: the inner part a + b*x - y of the square is negative here, "
                          "so both partial derivatives are negative."),
        Hint([-4.0, -8.0], "Half the expected gradient: is the factor 2 from the local gradient of the square missing?"),
        Hint([-16.0, -32.0], "Twice the expected gradient: is the factor 2 counted twice?"),
        Hint([-16.0, -8.0], "da and db are swapped: the pair is ordered (dL/da, dL/db)."),
        Hint([-8.0, -8.0], "db equals da: the local gradient of a + b*x with respect to b is x, not 1."),
    ])


def check_linear_grads_on_four_points(linear_grads):
    """Four points on y = 2x at a = b = 0."""
    x, y = np.array([2.0, 4.0, 6.0, 8.0]), np.array([4.0, 8.0, 12.0, 16.0])
    got = as_gradient_pair(call_by_hand(linear_grads, 0.0, 0.0, x, y), "linear_grads on four points")
    checks.expect_close(got, [-20.0, -120.0], "(da, db) on four points", hints=[
        Hint([-80.0, -480.0], "Four times too large with four points: the loss is a mean over the examples, "
                              "so its gradient is one too, instead of summing."),
        Hint([20.0, 120.0], "Both signs are flipped."),
        Hint([-10.0, -60.0], "Half the expected gradient: is the factor 2 missing?"),
    ])


def check_linear_grads_on_columns(linear_grads):
    """Column vectors of shape (n, 1) give the same two floats."""
    x, y = np.array([[2.0], [4.0], [6.0], [8.0]]), np.array([[4.0], [8.0], [12.0], [16.0]])
    got = as_gradient_pair(call_by_hand(linear_grads, 0.0, 0.0, x, y), "linear_grads on (4, 1) arrays")
    checks.expect_close(got, [-20.0, -120.0], "(da, db) on (4, 1) arrays")


# --- exercise 3: numerical_gradient -----------------------------------------------------------------

def check_numerical_gradient_on_cubes(numerical_gradient):
    """f(x) = x1^3 + x2^3 at (1, 2), eps = 1e-3: the central difference is 3 x^2 + eps^2 exactly."""
    x = np.array([1.0, 2.0])
    x_before = x.copy()
    grad = checks.expect_array(numerical_gradient(lambda v: float(np.sum(v ** 3)), x, eps=1e-3),
                               "numerical_gradient of sum(x**3)", shape=(2,))
    checks.expect_close(grad, [3.000001, 12.000001], "numerical_gradient of sum(x**3) at (1, 2)", rtol=1e-7, hints=[
        Hint([3.003001, 12.006001], "That is the forward difference (one-sided, error of order eps); the central "
                                    "difference looks both ways."),
        Hint([2.997001, 11.994001], "That is the backward difference (one-sided, error of order eps); the central "
                                    "difference looks both ways."),
        Hint([6.000002, 24.000002], "Twice the expected value: how far apart are the two points the difference "
                                    "divides by?"),
        Hint([15.000002, 15.000002], "Every entry is the same: each entry is a partial derivative, along one "
                                     "coordinate only."),
    ])
    checks.expect_unchanged(x, x_before, "x", hint="The nudges leaked out to the caller's array.")


def check_numerical_gradient_on_a_matrix(numerical_gradient):
    """A (2, 3) matrix, for which the gradient of sum(x**2) is 2x."""
    m = np.array([[-2.5, -1.5, -0.5], [0.5, 1.5, 2.5]])

    def sum_of_squares(v):
        if np.shape(v) != m.shape:
            raise CheckFailure(f"numerical_gradient called f with an array of shape {np.shape(v)}, but x has shape "
                               f"{m.shape}: f is defined on arrays shaped like x, and every evaluation must get one.")
        return float(np.sum(v ** 2))

    grad = checks.expect_array(numerical_gradient(sum_of_squares, m),
                               "numerical_gradient on a (2, 3) array", shape=(2, 3))
    checks.expect_close(grad, 2 * m, "numerical_gradient of sum(x**2) on a (2, 3) array", rtol=1e-6, atol=1e-6)


# --- exercise 4: gradient_descent -------------------------------------------------------------------

_SEQUENTIAL = ("b was computed from an already-updated a: both partial derivatives belong to the same point "
               "(a, b), the one before the update.")


def check_gradient_descent_by_hand(gradient_descent):
    """Three steps small enough to follow on paper: x = (1, 2), y = (3, 5), from a = b = 0 with lr = 0.1."""
    x, y = np.array([1.0, 2.0]), np.array([3.0, 5.0])
    a, b, losses = as_descent_result(call_by_hand(gradient_descent, x, y, 0.0, 0.0, 0.1, 3),
                                     "gradient_descent (3 epochs)", 3)
    checks.expect_close(losses, [17.0, 1.685, 0.16925], "losses after 3 epochs", hints=[
        Hint([1.685, 0.16925, 0.019169], "Each loss is one step late: losses[i] is the loss before update i."),
        Hint([17.0, 2.813, 0.4710773], _SEQUENTIAL),
        Hint([-17.0, -1.685, -0.16925], "The losses are negative: a mean of squares never is."),
    ])
    checks.expect_close([a, b], [1.127, 1.84], "(a, b) after 3 epochs", hints=[
        Hint([1.24958, 1.671826], _SEQUENTIAL),
        Hint([0.0, 0.0], "Nothing moved: the updated a and b never reach the next epoch or the return value."),
    ])


def check_gradient_descent_without_epochs(gradient_descent):
    """No epochs: nothing moves and nothing is recorded."""
    x, y = np.array([1.0, 2.0]), np.array([3.0, 5.0])
    a, b, _ = as_descent_result(gradient_descent(x, y, 0.5, -1.0, 0.1, 0), "gradient_descent (0 epochs)", 0)
    checks.expect_close([a, b], [0.5, -1.0], "(a, b) after 0 epochs")


def check_gradient_descent_reaches_least_squares(gradient_descent):
    """The chapter's regression data: 1000 epochs with lr = 0.1 reach the least-squares line a = 1.0235, b = 1.9690."""
    x_train, y_train, _, _ = data.linear_regression()
    a, b, _ = as_descent_result(call_by_hand(gradient_descent, x_train, y_train, 0.0, 0.0, 0.1, 1000),
                                "gradient_descent (1000 epochs)", 1000)
    checks.expect_close([a, b], [1.0235, 1.9690], "(a, b) after 1000 epochs on the regression data", atol=1e-3, hints=[
        Hint([0.0, 0.0], "Nothing moved: the updated a and b never reach the next epoch or the return value."),
    ])


# --- exercise 5: tanh_network_grads -----------------------------------------------------------------

# A batch small enough to print: n = 4 examples with d = 2 features, k = 3 hidden units.
NETWORK_EXAMPLE = {
    "W1": np.array([[0.4, -0.6, 0.2], [0.7, 0.1, -0.3]]),
    "b1": np.array([0.1, -0.2, 0.05]),
    "w2": np.array([0.8, -0.5, 0.3]),
    "b2": 0.1,
    "x": np.array([[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4], [0.5, 1.5]]),
    "y": np.array([0.5, -0.2, 0.9, 0.1]),
}
_NETWORK_NAMES = ("W1", "b1", "w2", "b2")


def network_loss(W1, b1, w2, b2, x, y):
    """The exercise's loss, forward only: the mean of (tanh(x @ W1 + b1) @ w2 + b2 - y) ** 2."""
    hidden = np.tanh(x @ W1 + b1)
    errors = hidden @ w2 + b2 - y
    return float(np.mean(errors * errors))


def central_difference_grads(W1, b1, w2, b2, x, y, eps=1e-5):
    """Central-difference estimates of the loss's gradient with respect to each parameter.

    With float64 and eps = 1e-5 the truncation error (of order eps^2) and the rounding error (of order
    1e-16 / eps) both stay near 1e-11 for losses and gradients of order 1.
    """
    params = [np.array(W1, dtype=np.float64), np.array(b1, dtype=np.float64),
              np.array(w2, dtype=np.float64), np.array([b2], dtype=np.float64)]
    grads = []
    for which, param in enumerate(params):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            values = []
            for shift in (eps, -eps):
                param[index] = saved + shift
                values.append(network_loss(params[0], params[1], params[2], float(params[3][0]), x, y))
            param[index] = saved
            grad[index] = (values[0] - values[1]) / (2 * eps)
        grads.append(grad)
    grads[3] = float(grads[3][0])
    return grads


def check_network_grads(got, expected, what, n, rtol, atol):
    """Compare ``(dW1, db1, dw2, db2)`` with ``expected``; name the classic mistake the difference looks like.

    The checks run in a fixed order, from the output back to the first layer, and each hands its part of
    ``expected`` straight to ``checks.expect_close``: the classic mistakes are hints whose values are
    ``expected`` scaled, never decided here. So ``expected`` may come from a hidden test's
    ``checks.reference()`` block, where a grading kernel sees only ``checks.UNKNOWN``.
    """
    dW1, db1, dw2, db2 = got
    # A wrong sign, factor 2 or 1/n on dL/dy_hat reaches every gradient; db2, its sum, shows it first.
    checks.expect_close(db2, expected[3], f"db2 ({what})", rtol=rtol, atol=atol, hints=[
        Hint(-1.0 * expected[3], "db2 has the wrong sign, and so will every gradient after it: follow the sign "
                                 "of y_hat - y through the local gradient of the square."),
        Hint(0.5 * expected[3], "db2 is half the expected one: is the factor 2 from the local gradient of the "
                                "square missing?"),
        Hint(2.0 * expected[3], "db2 is twice the expected one: is the factor 2 counted twice?"),
        Hint(float(n) * expected[3], f"db2 is {n} times too large with {n} examples: the loss is a mean over the "
                                     "examples, not a sum."),
        Hint(expected[3] / n, f"db2 is {n} times too small: is the 1/n of the mean applied twice?"),
    ])
    try:
        checks.expect_close(dw2, expected[2], f"dw2 ({what})", rtol=rtol, atol=atol)
    except CheckFailure:
        raise CheckFailure(f"dw2 ({what}) is not right, although db2 is: w2 multiplies the hidden activations, "
                           "so its local gradient is those activations, one per hidden unit, over every example.") from None
    # The output layer is right from here on: what is left is the path back through tanh.
    try:
        checks.expect_close(dW1, expected[0], f"dW1 ({what})", rtol=rtol, atol=atol)
    except CheckFailure:
        raise CheckFailure(f"dW1 ({what}) is not right, although the output layer's gradients are: the error is on "
                           "the path back through tanh. Which value is the local gradient 1 - tanh^2 taken at, and "
                           "is it applied before the gradient reaches W1 and b1?") from None
    checks.expect_close(db1, expected[1], f"db1 ({what})", rtol=rtol, atol=atol, hints=[
        Hint(expected[1] / n, f"db1 is {n} times too small: b1 is used by every example, so its gradient collects "
                              "the contributions of all of them (a reused value's gradients add up)."),
    ])


def check_tanh_network_grads_on_a_small_batch(tanh_network_grads):
    """Four examples, two features, three hidden units, against central differences of the loss."""
    example = {name: np.array(value) if name != "b2" else value for name, value in NETWORK_EXAMPLE.items()}
    before = {name: np.copy(value) for name, value in example.items() if name != "b2"}
    got = as_network_grads(call_by_hand(tanh_network_grads, *example.values()), "tanh_network_grads", 2, 3)
    expected = central_difference_grads(*example.values())
    check_network_grads(got, expected, "the gradients on the 4-example batch", 4, rtol=1e-6, atol=1e-8)
    for name, value in before.items():
        checks.expect_unchanged(example[name], value, name)


def check_tanh_network_grads_on_one_example(tanh_network_grads):
    """One example, one feature, one hidden unit: every gradient is a product of scalars you can check by hand."""
    W1, b1, w2, b2 = np.array([[0.5]]), np.array([0.0]), np.array([2.0]), 0.0
    x, y = np.array([[1.0]]), np.array([1.0])
    got = as_network_grads(call_by_hand(tanh_network_grads, W1, b1, w2, b2, x, y), "tanh_network_grads on one example",
                           1, 1)
    expected = central_difference_grads(W1, b1, w2, b2, x, y)
    check_network_grads(got, expected, "the gradients on one example", 1, rtol=1e-6, atol=1e-8)
