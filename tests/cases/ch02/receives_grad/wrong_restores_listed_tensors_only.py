"""Backward with saved and restored .grad, but only for the listed tensors: other leaves keep a gradient."""
# diagnosis: a leaf it was not asked about
def receives_grad(output, tensors):
    keeps = [t.is_leaf or t.retains_grad for t in tensors]
    saved = [t.grad if keep else None for t, keep in zip(tensors, keeps)]
    for t, keep in zip(tensors, keeps):
        if keep:
            t.grad = None
    output.backward(retain_graph=True)
    answers = [keep and t.grad is not None for t, keep in zip(tensors, keeps)]
    for t, keep, grad in zip(tensors, keeps, saved):
        if keep:
            t.grad = grad
    return answers
