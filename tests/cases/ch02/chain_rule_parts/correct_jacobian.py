"""torch.autograd.functional.jacobian of y1 and of y2, as functions of w1 or of y1, on detached inputs."""
def chain_rule_parts(x1, w1, b1, w2, b2):
    x1, w1, b1, w2, b2 = (t.detach() for t in (x1, w1, b1, w2, b2))
    jacobian = torch.autograd.functional.jacobian
    dy1_dw1 = jacobian(lambda w: x1 * w + b1, w1)
    dy2_dy1 = jacobian(lambda y1: y1 * w2 + b2, x1 * w1 + b1)
    dy2_dw1 = jacobian(lambda w: (x1 * w + b1) * w2 + b2, w1)
    return tuple(d.reshape(w1.shape) for d in (dy1_dw1, dy2_dy1, dy2_dw1))
