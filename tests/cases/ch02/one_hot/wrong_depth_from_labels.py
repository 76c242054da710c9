"""Lets torch.nn.functional.one_hot guess the depth from the largest label present."""
# diagnosis: columns instead of depth
def one_hot(labels, depth):
    return F.one_hot(labels).float()
