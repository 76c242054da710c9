"""Shuffles a Python list with a seeded random.Random instance."""
def split_train_val(n_samples, val_fraction, seed):
    import random
    indices = list(range(n_samples))
    random.Random(seed).shuffle(indices)
    n_val = int(val_fraction * n_samples)
    return torch.tensor(indices[n_val:], dtype=torch.int64), torch.tensor(indices[:n_val], dtype=torch.int64)
