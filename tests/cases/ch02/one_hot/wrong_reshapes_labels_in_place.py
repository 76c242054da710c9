"""Turns the caller's labels into a column with unsqueeze_, changing their shape."""
# diagnosis: changed the shape of labels
def one_hot(labels, depth):
    n = labels.shape[0]
    out = torch.zeros(n, depth)
    out.scatter_(1, labels.unsqueeze_(1), 1.0)
    return out
