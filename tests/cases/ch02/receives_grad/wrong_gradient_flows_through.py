"""Asks autograd.grad whether a gradient reaches each tensor, forgetting that non-leaves keep none in .grad."""
# diagnosis: the answer for scale is True
def receives_grad(output, tensors):
    answers = []
    for t in tensors:
        if not t.requires_grad:
            answers.append(False)
            continue
        (grad,) = torch.autograd.grad(output, t, retain_graph=True, allow_unused=True)
        answers.append(grad is not None)
    return answers
