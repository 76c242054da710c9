"""Creates the tensor on the CPU with requires_grad=True, then moves it: on any other device the copy is not a leaf."""
# diagnosis: is not a leaf (grad_fn=ToCopyBackward0)
def leaf_parameter(shape, device):
    return torch.randn(shape, requires_grad=True).to(device)
