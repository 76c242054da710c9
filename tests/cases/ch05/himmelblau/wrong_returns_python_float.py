"""Returns the value as a Python float, which autograd cannot differentiate."""
def himmelblau(xy):
    x, y = xy[0], xy[1]
    return ((x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2).item()
# diagnosis: a plain number
