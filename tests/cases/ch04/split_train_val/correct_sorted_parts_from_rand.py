"""Ranks seeded uniform draws, takes the validation part first, and returns both parts sorted."""
def split_train_val(n_samples, val_fraction, seed):
    generator = torch.Generator()
    generator.manual_seed(seed)
    order = torch.rand(n_samples, generator=generator).argsort()
    n_val = int(n_samples * val_fraction)
    val_idx, train_idx = order[:n_val], order[n_val:]
    return torch.sort(train_idx).values, torch.sort(val_idx).values
