"""Wraps a CPU draw in nn.Parameter, then moves it: on any other device the result is a copy computed from the parameter, not a leaf."""
# diagnosis: is not a leaf (grad_fn=ToCopyBackward0)
def leaf_parameter(shape, device):
    return nn.Parameter(torch.randn(shape)).to(device)
