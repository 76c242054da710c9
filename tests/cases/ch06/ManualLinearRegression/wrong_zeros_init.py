"""Starts both parameters at zero instead of drawing them with torch.randn."""
# diagnosis: whatever the global seed
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.zeros(1))
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return self.a + self.b * x
