"""Reshapes the output to the input's shape: right for every input but a zero-dimensional one, which comes back as shape ()."""
# diagnosis: zero-dimensional x (shape ()) has shape ()
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return (self.a + self.b * x).reshape(x.shape)
