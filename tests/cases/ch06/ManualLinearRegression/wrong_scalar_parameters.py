"""Makes a and b zero-dimensional scalars (shape ()) instead of shape (1,)."""
# diagnosis: has shape ()
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(()))
        self.b = nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x
