"""Runs output.backward() and reads .grad: the answers look right, but the caller's .grad is filled."""
# diagnosis: left a gradient in w.grad
def receives_grad(output, tensors):
    output.backward()
    return [t.grad is not None if (t.is_leaf or t.retains_grad) else False for t in tensors]
