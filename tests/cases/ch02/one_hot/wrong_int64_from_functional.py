"""Uses torch.nn.functional.one_hot as is, which returns int64."""
# diagnosis: holds int64
def one_hot(labels, depth):
    return F.one_hot(labels, depth)
