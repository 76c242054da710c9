"""Computes in float64 and converts back to the point's dtype."""
def himmelblau(xy):
    x, y = xy.double()
    return ((x.pow(2) + y - 11).pow(2) + (x + y.pow(2) - 7).pow(2)).to(xy.dtype)
