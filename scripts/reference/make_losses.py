"""Reference data for the losses.

Writes Tests/Reference/losses/losses.json: for every loss and reduction, the
input, target and weights, the loss, the gradient of its sum with respect to
the input, and the name of its grad_fn.
"""

from torchenv import torch

import json
import pathlib

import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "losses"


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(0)
    logits = torch.randn(4, 5) * 2
    probabilities = torch.sigmoid(torch.randn(4, 5))
    probabilities[0, 0] = 0.0  # the logarithm's clamp at -100
    binary = (torch.rand(4, 5) > 0.5).float()
    soft = torch.rand(4, 5)
    regression = torch.randn(4, 5) * 1.5
    weight = torch.rand(4, 5) + 0.5
    pos_weight = torch.rand(5) * 3
    classes = torch.tensor([0, 3, 4, 3])
    class_weight = torch.rand(5) + 0.5
    soft_classes = torch.softmax(torch.randn(4, 5), 1)
    log_target = torch.log_softmax(torch.randn(4, 5), 1)

    cases = []

    def case(name, loss, x, target, tensors=None, **kwargs):
        inp = x.clone().requires_grad_(True)
        extra = {k: v for k, v in (tensors or {}).items()}
        value = loss(inp, target, **extra, **kwargs)
        value.sum().backward()
        cases.append({
            "name": name, "input": floats(x), "target": floats(target), "target_int": target.dtype == torch.int64,
            "shape": list(x.shape), "tensors": {k: floats(v) for k, v in extra.items()},
            "tensor_shapes": {k: list(v.shape) for k, v in extra.items()},
            "kwargs": kwargs, "value": floats(value), "value_shape": list(value.shape),
            "grad": floats(inp.grad), "grad_fn": type(value.grad_fn).__name__,
        })

    for r in ["mean", "sum", "none"]:
        case(f"bce_{r}", F.binary_cross_entropy, probabilities, soft, reduction=r)
        case(f"bce_weight_{r}", F.binary_cross_entropy, probabilities, binary, {"weight": weight}, reduction=r)
        case(f"bce_logits_{r}", F.binary_cross_entropy_with_logits, logits, soft, reduction=r)
        case(f"bce_logits_pos_weight_{r}", F.binary_cross_entropy_with_logits, logits, binary,
             {"pos_weight": pos_weight, "weight": weight}, reduction=r)
        case(f"l1_{r}", F.l1_loss, regression, soft, reduction=r)
        case(f"smooth_l1_{r}", F.smooth_l1_loss, regression, soft, reduction=r)
        case(f"smooth_l1_beta_{r}", F.smooth_l1_loss, regression, soft, reduction=r, beta=0.5)
        case(f"huber_{r}", F.huber_loss, regression, soft, reduction=r)
        case(f"huber_delta_{r}", F.huber_loss, regression, soft, reduction=r, delta=2.0)
        case(f"cross_entropy_smoothing_{r}", F.cross_entropy, logits, classes, reduction=r, label_smoothing=0.1)
        case(f"cross_entropy_smoothing_weight_{r}", F.cross_entropy, logits, classes, {"weight": class_weight},
             reduction=r, label_smoothing=0.2)
        case(f"cross_entropy_smoothing_probabilities_{r}", F.cross_entropy, logits, soft_classes, reduction=r,
             label_smoothing=0.3)
    ignored = torch.tensor([0, -100, 4, 3])
    case("cross_entropy_smoothing_ignore", F.cross_entropy, logits, ignored, label_smoothing=0.1)
    for r in ["mean", "sum", "none", "batchmean"]:
        case(f"kl_div_{r}", F.kl_div, torch.log_softmax(logits, 1), soft_classes, reduction=r)
    case("kl_div_log_target", F.kl_div, torch.log_softmax(logits, 1), log_target, reduction="batchmean", log_target=True)

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "losses.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")


if __name__ == "__main__":
    main()
