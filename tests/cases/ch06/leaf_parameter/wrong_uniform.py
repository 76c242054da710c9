"""Draws uniform values with torch.rand instead of standard-normal ones."""
# diagnosis: uniform draws
def leaf_parameter(shape, device):
    return torch.rand(shape, device=device, requires_grad=True)
