"""torch.nn.functional.one_hot with the depth given, converted to float32."""
def one_hot(labels, depth):
    return torch.nn.functional.one_hot(labels, num_classes=depth).float()
