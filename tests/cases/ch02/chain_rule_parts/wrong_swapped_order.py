"""Computes the right three numbers but returns the first two in the wrong order."""
# diagnosis: The first two are swapped
def chain_rule_parts(x1, w1, b1, w2, b2):
    w1 = w1.detach().clone().requires_grad_(True)
    y1 = x1.detach() * w1 + b1.detach()
    y2 = y1 * w2.detach() + b2.detach()
    (dy1_dw1,) = torch.autograd.grad(y1, w1, retain_graph=True)
    (dy2_dy1,) = torch.autograd.grad(y2, y1, retain_graph=True)
    (dy2_dw1,) = torch.autograd.grad(y2, w1)
    return dy2_dy1, dy1_dw1, dy2_dw1
