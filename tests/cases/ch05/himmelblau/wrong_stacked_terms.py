"""Returns the two squared terms side by side instead of their sum."""
def himmelblau(xy):
    x, y = xy[0], xy[1]
    return torch.stack([(x ** 2 + y - 11) ** 2, (x + y ** 2 - 7) ** 2])
# diagnosis: are the two squared terms added
