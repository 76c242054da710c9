"""Seeds torch's global generator, draws, and puts the global state back by hand before returning."""
def split_train_val(n_samples, val_fraction, seed):
    state = torch.get_rng_state()
    torch.manual_seed(seed)
    perm = torch.randperm(n_samples)
    torch.set_rng_state(state)
    n_val = int(val_fraction * n_samples)
    return perm[n_val:], perm[:n_val]
