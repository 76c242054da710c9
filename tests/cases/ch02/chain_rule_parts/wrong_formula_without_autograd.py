"""Returns the formulas x1, w2 and w2 * x1 as they are, without autograd (and without detaching)."""
def chain_rule_parts(x1, w1, b1, w2, b2):
    return x1, w2, w2 * x1
