"""The three derivatives from their formulas, detached copies with the right values, but no autograd."""
# diagnosis: no backward pass ran
def chain_rule_parts(x1, w1, b1, w2, b2):
    dy1_dw1 = x1.detach().clone()
    dy2_dy1 = w2.detach().clone()
    return dy1_dw1, dy2_dy1, dy2_dy1 * dy1_dw1
