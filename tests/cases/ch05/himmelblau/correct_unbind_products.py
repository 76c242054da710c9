"""Unbinds the coordinates and squares by multiplying."""
def himmelblau(xy):
    x, y = xy.unbind()
    first = x * x + y - 11
    second = x + y * y - 7
    return first * first + second * second
