"""Differentiates the caller's own tensors with backward, leaving gradients in their .grad."""
# diagnosis: includes the 1 from a backward pass started at y1
def chain_rule_parts(x1, w1, b1, w2, b2):
    y1 = x1 * w1 + b1
    y1.retain_grad()
    y2 = y1 * w2 + b2
    (dy1_dw1,) = torch.autograd.grad(y1, w1, retain_graph=True)
    y2.backward()
    return dy1_dw1, y1.grad.clone(), w1.grad.clone()
