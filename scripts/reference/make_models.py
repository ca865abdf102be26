"""Reference data for torchvision's classic models.

Writes Tests/Reference/models/<name>.json for each model built after
torch.manual_seed(0): the parameter count, the printed form, and a digest of
every state-dict tensor (SHA-256 of its bytes) with its first elements.
"""

from torchenv import torch, torchvision

import hashlib
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "models"
MODELS = ["resnet34", "alexnet", "vgg11", "vgg11_bn", "vgg16", "vgg16_bn"]


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


if __name__ == "__main__":
    main()
