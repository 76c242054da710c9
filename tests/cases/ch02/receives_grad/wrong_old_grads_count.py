"""Runs backward (keeping the graph), reads .grad, then empties it: a gradient from an earlier pass counts too."""
# diagnosis: the answer for c is True
def receives_grad(output, tensors):
    output.backward(retain_graph=True)
    answers = [t.grad is not None if (t.is_leaf or t.retains_grad) else False for t in tensors]
    for t in tensors:
        if t.is_leaf or t.retains_grad:
            t.grad = None
    return answers
