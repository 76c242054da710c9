"""Creates an empty tensor on the device, fills it in place with normal_() (the same draws as randn), then switches requires_grad on."""
def leaf_parameter(shape, device):
    return torch.empty(shape, device=device).normal_().requires_grad_()
