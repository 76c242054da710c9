"""Uses a.item() and b.item() in forward: the output is cut off from the parameters."""
# diagnosis: does not require grad
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return self.a.item() + self.b.item() * x
