"""Draws both starting values with one torch.randn(2) and splits them; forward uses torch.addcmul."""
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        start = torch.randn(2)
        self.a = nn.Parameter(start[0:1].clone())
        self.b = nn.Parameter(start[1:2].clone())

    def forward(self, x):
        return torch.addcmul(self.a, self.b, x)
