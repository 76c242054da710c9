"""Squeezes the output, so an input of shape (n, 1) gives shape (n,) and a zero-dimensional one shape ()."""
# diagnosis: should have shape (4, 1)
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return (self.a + self.b * x).squeeze()
