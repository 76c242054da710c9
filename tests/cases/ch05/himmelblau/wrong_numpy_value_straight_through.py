"""Computes f and its gradient in NumPy, and fakes the graph: value from NumPy, gradient straight through."""
# diagnosis: second derivatives
def himmelblau(xy):
    x, y = xy.detach().double().numpy()
    value = (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
    grad = np.array([4 * x * (x ** 2 + y - 11) + 2 * (x + y ** 2 - 7),
                     2 * (x ** 2 + y - 11) + 4 * y * (x + y ** 2 - 7)])
    slope = torch.from_numpy(grad).to(xy.dtype)
    # The value of the first term is f, its gradient is `slope`: the linear term is added and taken away.
    return torch.tensor(value, dtype=xy.dtype) + (xy * slope).sum() - (xy * slope).sum().detach()
