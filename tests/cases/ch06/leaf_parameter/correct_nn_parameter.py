"""Wraps a tensor drawn on the device in nn.Parameter, which is a leaf that requires grad."""
def leaf_parameter(shape, device):
    return nn.Parameter(torch.randn(*shape, device=torch.device(device)))
