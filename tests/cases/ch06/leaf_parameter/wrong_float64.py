"""Creates a float64 tensor where the exercise asks for float32."""
# diagnosis: should have dtype torch.float32
def leaf_parameter(shape, device):
    return torch.randn(shape, dtype=torch.float64, device=device, requires_grad=True)
