"""Fills a zero tensor one row at a time."""
def one_hot(labels, depth):
    out = torch.zeros((len(labels), depth), dtype=torch.float32)
    for i, label in enumerate(labels.tolist()):
        out[i, label] = 1.0
    return out
