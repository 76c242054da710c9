"""Runs y2.backward() and reads y1.grad, but y1 is a non-leaf: its .grad stays None."""
# diagnosis: non-leaf
def chain_rule_parts(x1, w1, b1, w2, b2):
    w1 = w1.detach().clone().requires_grad_(True)
    y1 = x1.detach() * w1 + b1.detach()
    y2 = y1 * w2.detach() + b2.detach()
    y2.backward()
    return x1.detach().clone(), y1.grad, w1.grad
