"""Subtracts the second square instead of adding it."""
def himmelblau(xy):
    x, y = xy[0], xy[1]
    return (x ** 2 + y - 11) ** 2 - (x + y ** 2 - 7) ** 2
# diagnosis: the first square minus the second
