"""Wraps an nn.Linear(1, 1): its parameters are weight and bias, and a, b do not exist."""
# diagnosis: has no attribute 'a'
class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x.reshape(-1, 1)).reshape(x.shape)
