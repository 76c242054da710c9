"""Uses error = y - prediction and the minus sign: -2 mean(error), -2 mean(x * error)."""
def linear_grads(a, b, x, y):
    error = y - (a + b * x)
    a_grad = -2 * error.mean()
    b_grad = -2 * (x * error).mean()
    return a_grad.item(), b_grad.item()
