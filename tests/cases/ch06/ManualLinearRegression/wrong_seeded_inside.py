"""Seeds the generator inside __init__, so every model starts from the same point whatever the caller's seed."""
# diagnosis: without seeding inside the class
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(42)
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return self.a + self.b * x
