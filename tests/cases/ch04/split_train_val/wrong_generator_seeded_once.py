"""Seeds one generator when the cell runs and draws every split from it, so a second call gives another split."""
# diagnosis: the split must be reproducible
_generator = torch.Generator().manual_seed(0)


def split_train_val(n_samples, val_fraction, seed):
    shuffled = torch.randperm(n_samples, generator=_generator)
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]
