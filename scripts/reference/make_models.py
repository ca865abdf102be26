"""Reference data for torchvision's classic models.

Writes Tests/Reference/models/<name>.json for each model built after
torch.manual_seed(0): the parameter count, the printed form, and a digest of
every state-dict tensor (SHA-256 of its bytes) with its first elements.

For the models in EXPANDED it also writes <name>-expanded.pth with torch.save:
the model's state dict (names, order, shapes, dtypes) with the K-th float
tensor holding K / 1000 broadcast to its shape (stride 0), so that a test can
load a whole torchvision-format checkpoint from a small file.
"""

from torchenv import torch, torchvision

import hashlib
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "models"
MODELS = ["resnet34", "resnet50", "mobilenet_v2", "alexnet", "vgg11", "vgg11_bn", "vgg16", "vgg16_bn"]
EXPANDED = ["resnet50", "mobilenet_v2"]


def digest(name, tensor):
    data = tensor.detach().contiguous().reshape(-1)
    raw = data.view(torch.uint8).numpy().tobytes() if data.numel() else b""
    return {"name": name, "dtype": str(tensor.dtype).removeprefix("torch."), "shape": list(tensor.shape),
            "sha256": hashlib.sha256(raw).hexdigest(), "first": [float(v) for v in data[:4].tolist()]}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)()
        data = {"name": name, "parameters": sum(p.numel() for p in model.parameters()), "repr": repr(model),
                "state": [digest(k, v) for k, v in model.state_dict().items()]}
        (OUT / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")
        if name in EXPANDED:
            expanded = {}
            for k, (key, tensor) in enumerate(model.state_dict().items()):
                if tensor.dtype.is_floating_point:
                    tensor = torch.full((1,), k / 1000).reshape([1] * tensor.dim()).expand(tensor.shape)
                expanded[key] = tensor
            torch.save(expanded, OUT / f"{name}-expanded.pth")


if __name__ == "__main__":
    main()
