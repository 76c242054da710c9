"""Moves a tensor that does not require grad yet, then switches requires_grad on in place."""
def leaf_parameter(shape, device):
    return torch.randn(shape).to(device).requires_grad_()
