"""Draws on the CPU, moves without grad and wraps the moved copy in nn.Parameter."""
def leaf_parameter(shape, device):
    return nn.Parameter(torch.randn(shape).to(device))
