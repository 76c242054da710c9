"""Keeps a and b as plain tensors that require grad: the module never registers them."""
# diagnosis: plain tensor attribute, not registered
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.randn(1, requires_grad=True)
        self.b = torch.randn(1, requires_grad=True)

    def forward(self, x):
        return self.a + self.b * x
