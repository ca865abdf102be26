"""Reference checkpoints for saving and loading: files torch.save writes.

Writes Tests/Reference/saving/: a module's state dict, the state dict of each
optimizer (SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta) after two steps, and saving.json with their values as plain lists,
so that a test can check that our loader reads torch.save's files, nested
dicts, integer keys, numbers and all.

    python scripts/reference/make_saving.py
"""

import json
import pathlib

from torchenv import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "saving"


def plain(value):
    """The value as JSON: tensors as {shape, values, dtype}, dict keys as strings."""
    if isinstance(value, torch.Tensor):
        return {"shape": list(value.shape), "values": value.flatten().tolist(), "dtype": str(value.dtype)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def trained(optimizer_class, **options):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    optimizer = optimizer_class(model.parameters(), **options)
    for _ in range(2):
        optimizer.zero_grad()
        model(torch.randn(4, 3)).pow(2).sum().backward()
        optimizer.step()
    return model, optimizer


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    model, sgd = trained(torch.optim.SGD, lr=0.1, momentum=0.9)
    _, adam = trained(torch.optim.Adam, lr=0.01, betas=(0.8, 0.99))
    _, adamw = trained(torch.optim.AdamW, lr=0.02, amsgrad=True)
    _, rmsprop = trained(torch.optim.RMSprop, lr=0.01, momentum=0.5, centered=True)
    _, adagrad = trained(torch.optim.Adagrad, lr=0.1, lr_decay=0.01)
    _, adadelta = trained(torch.optim.Adadelta, rho=0.8)
    objects = {
        "linear.pth": model.state_dict(),
        "sgd.pth": sgd.state_dict(),
        "adam.pth": adam.state_dict(),
        "adamw.pth": adamw.state_dict(),
        "rmsprop.pth": rmsprop.state_dict(),
        "adagrad.pth": adagrad.state_dict(),
        "adadelta.pth": adadelta.state_dict(),
    }
    for name, value in objects.items():
        torch.save(value, OUT / name)
    (OUT / "saving.json").write_text(json.dumps({k: plain(v) for k, v in objects.items()}, indent=1) + "\n")


if __name__ == "__main__":
    main()
