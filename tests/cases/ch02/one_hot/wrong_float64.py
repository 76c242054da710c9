"""Picks rows of a float64 identity matrix: right values, wrong dtype."""
# diagnosis: should have dtype torch.float32
def one_hot(labels, depth):
    return torch.eye(depth, dtype=torch.float64)[labels]
