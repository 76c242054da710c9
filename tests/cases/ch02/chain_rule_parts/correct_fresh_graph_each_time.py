"""Builds a fresh graph for each derivative (so no retain_graph), with all five inputs as fresh leaves."""
def chain_rule_parts(x1, w1, b1, w2, b2):
    def forward():
        leaves = [t.detach().clone().requires_grad_(True) for t in (x1, w1, b1, w2, b2)]
        y1 = leaves[0] * leaves[1] + leaves[2]
        y2 = y1 * leaves[3] + leaves[4]
        return leaves, y1, y2

    leaves, y1, _ = forward()
    dy1_dw1 = torch.autograd.grad(y1, leaves[1])[0]
    _, y1, y2 = forward()
    dy2_dy1 = torch.autograd.grad(y2, y1)[0]
    leaves, _, y2 = forward()
    dy2_dw1 = torch.autograd.grad(y2, leaves[1])[0]
    return dy1_dw1, dy2_dy1, dy2_dw1
