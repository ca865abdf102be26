"""Reference data for the data utilities: DataLoader batches and random_split.

Writes Tests/Reference/data/loader.json. For several seeds, dataset sizes and
batch sizes, with and without shuffling, dropLast and an explicit generator, it
records the sample indices of every batch (a TensorDataset of arange(n), so a
batch's values are its indices) and the next draws of the generators after one
full pass, so that a test can check both the batches and how much randomness a
pass consumed.

    python scripts/reference/make_data.py
"""

import json
import pathlib

from torchenv import torch

from torch.utils.data import DataLoader, TensorDataset, random_split

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "data"


def after(generator=None):
    """The next draws of a generator: four 32-bit values through randint."""
    return torch.randint(0, 2**31 - 1, (4,), generator=generator).tolist()


def loader_cases():
    cases = []
    for seed in (0, 1, 42):
        for n, batch_size in ((10, 3), (10, 4), (7, 7), (100, 16), (5, 1)):
            for shuffle in (False, True):
                for drop_last in (False, True):
                    for explicit in (False, True):
                        torch.manual_seed(seed)
                        generator = torch.Generator().manual_seed(seed + 1000) if explicit else None
                        dataset = TensorDataset(torch.arange(n), torch.arange(n) * 10)
                        loader = DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
                                            drop_last=drop_last, generator=generator)
                        batches = []
                        for xb, yb in loader:
                            assert (yb == xb * 10).all()
                            batches.append(xb.tolist())
                        # A second pass draws again.
                        second = [xb.tolist() for xb, _ in loader]
                        cases.append({
                            "seed": seed, "count": n, "batchSize": batch_size, "shuffle": shuffle,
                            "dropLast": drop_last, "generatorSeed": seed + 1000 if explicit else None,
                            "length": len(loader), "batches": batches, "secondPass": second,
                            "globalAfter": after(),
                            "generatorAfter": after(generator) if explicit else None,
                        })
    return cases


def split_cases():
    cases = []
    for seed, n, lengths in ((0, 10, [3, 7]), (1, 30, [0.3, 0.3, 0.4]), (2, 11, [0.5, 0.5]), (3, 5, [5])):
        torch.manual_seed(seed)
        subsets = random_split(range(n), lengths)
        cases.append({"seed": seed, "count": n, "lengths": lengths,
                      "subsets": [list(s.indices) for s in subsets], "globalAfter": after()})
    return cases


def early_break():
    """Breaking out of a shuffled pass after one batch: no closing permutation."""
    torch.manual_seed(7)
    generator = torch.Generator().manual_seed(8)
    loader = DataLoader(TensorDataset(torch.arange(20)), batch_size=6, shuffle=True, generator=generator)
    for (xb,) in loader:
        first = xb.tolist()
        break
    return {"first": first, "globalAfter": after(), "generatorAfter": after(generator)}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    data = {"loaders": loader_cases(), "splits": split_cases(), "earlyBreak": early_break()}
    (OUT / "loader.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
