"""Rebuilds the result from numbers with torch.tensor, cutting it off from xy's graph."""
def himmelblau(xy):
    x, y = xy.tolist()
    return torch.tensor((x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2, dtype=xy.dtype)
# diagnosis: cut off from xy's graph
