"""Moves first, then detaches the copy from its history and switches requires_grad on."""
def leaf_parameter(shape, device):
    values = torch.randn(tuple(shape), dtype=torch.float32)
    return values.to(device).detach().requires_grad_(True)
