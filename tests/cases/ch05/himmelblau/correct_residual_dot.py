"""Stacks the two residuals and takes their dot product with themselves."""
def himmelblau(xy):
    residuals = torch.stack([xy[0] ** 2 + xy[1] - 11, xy[0] + xy[1] ** 2 - 7])
    return residuals @ residuals
