"""Picks rows of the identity matrix."""
def one_hot(labels, depth):
    return torch.eye(depth)[labels]
