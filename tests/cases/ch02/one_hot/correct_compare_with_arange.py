"""Compares each label with every class index and converts the booleans."""
def one_hot(labels, depth):
    return (labels.reshape(-1, 1) == torch.arange(depth)).to(torch.float32)
