"""Computes b + a * x: the intercept and the slope trade places."""
# diagnosis: Intercept and slope are swapped
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return self.b + self.a * x
