"""Registers the parameters with register_parameter and writes the forward pass as b * x + a."""
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_parameter("a", nn.Parameter(torch.randn(1, dtype=torch.float32, requires_grad=True)))
        self.register_parameter("b", nn.Parameter(torch.randn(1, dtype=torch.float32, requires_grad=True)))

    def forward(self, x):
        return self.b * x + self.a
