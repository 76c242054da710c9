"""Works on a flattened private copy and reshapes at the end."""
def numerical_gradient(f, x, eps=1e-6):
    work = np.array(x, dtype=float).reshape(-1)
    grad = np.empty_like(work)
    for i in range(work.size):
        old = work[i]
        work[i] = old + eps
        plus = f(work.reshape(x.shape))
        work[i] = old - eps
        minus = f(work.reshape(x.shape))
        work[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad.reshape(x.shape)
