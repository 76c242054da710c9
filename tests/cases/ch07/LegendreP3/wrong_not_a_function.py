"""A plain class whose apply lets autograd differentiate the formula: no Function, no backward of its own."""
# diagnosis: derived from torch.autograd.Function
class LegendreP3:
    @staticmethod
    def apply(x):
        return 0.5 * (5 * x ** 3 - 3 * x)
