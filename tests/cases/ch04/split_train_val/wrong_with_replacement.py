"""Draws the validation indices independently, so they can repeat and overlap the training part."""
# diagnosis: repeats an index
def split_train_val(n_samples, val_fraction, seed):
    generator = torch.Generator().manual_seed(seed)
    n_val = int(val_fraction * n_samples)
    val_idx = torch.randint(0, n_samples, (n_val,), generator=generator)
    train_idx = torch.randint(0, n_samples, (n_samples - n_val,), generator=generator)
    return train_idx, val_idx
