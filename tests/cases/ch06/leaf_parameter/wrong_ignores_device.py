"""Ignores the device argument: the tensor always lives on the CPU."""
# diagnosis: the tensor must live on the device it was given
def leaf_parameter(shape, device):
    return torch.randn(shape, requires_grad=True)
