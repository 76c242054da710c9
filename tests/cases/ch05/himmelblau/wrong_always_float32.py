"""Converts the point to float32 first, so a float64 point gets a float32 answer."""
def himmelblau(xy):
    x, y = xy.float()[0], xy.float()[1]
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
# diagnosis: should have dtype torch.float64
