"""Asks torch.autograd.grad about each candidate, then puts back the retained non-leaves' .grad that it fills."""
def receives_grad(output, tensors):
    retained = [(t, t.grad) for t in tensors if not t.is_leaf and t.retains_grad]
    answers = []
    for t in tensors:
        if not t.requires_grad or not (t.is_leaf or t.retains_grad):
            answers.append(False)
            continue
        (grad,) = torch.autograd.grad(output, t, retain_graph=True, allow_unused=True)
        answers.append(grad is not None)
    for t, grad in retained:
        t.grad = grad
    return answers
