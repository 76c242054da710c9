"""Two backward passes through one graph, without retain_graph on the first."""
# diagnosis: saved values the first pass had already freed
def chain_rule_parts(x1, w1, b1, w2, b2):
    w1 = w1.detach().clone().requires_grad_(True)
    y1 = x1.detach() * w1 + b1.detach()
    y1.retain_grad()
    y2 = y1 * w2.detach() + b2.detach()
    y1.backward()
    dy1_dw1 = w1.grad.clone()
    w1.grad = None
    y1.grad = None
    y2.backward()
    return dy1_dw1, y1.grad, w1.grad
