"""Creates the tensor on the device but forgets requires_grad."""
# diagnosis: does not require grad
def leaf_parameter(shape, device):
    return torch.randn(shape, device=device)
