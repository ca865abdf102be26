"""Reference data for the layers.

Writes Tests/Reference/layers/layers.json: for each layer configuration, the
module's printed form, its input, its parameters and buffers before the call,
its output, a random upstream gradient, the gradients of the input and of the
parameters, the buffers after the call and the output's grad_fn name.
"""

from torchenv import torch

import json
import pathlib

import torch.nn as nn

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "layers"


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(0)
    cases = []

    def case(name, make, x, train=True):
        torch.manual_seed(1)
        module = make()
        module.train(train)
        integer = x.dtype == torch.int64
        inp = x.clone() if integer else x.clone().requires_grad_(True)
        before = {k: floats(v) for k, v in module.state_dict().items()}
        shapes = {k: list(v.shape) for k, v in module.state_dict().items()}
        out = module(inp)
        gout = torch.randn(out.shape)
        out.backward(gout)
        cases.append({
            "name": name, "repr": repr(module), "train": train,
            "input": floats(x), "input_shape": list(x.shape), "input_int": integer,
            "state": before, "state_shapes": shapes,
            "output": floats(out), "output_shape": list(out.shape),
            "gout": floats(gout),
            "grad": None if integer else floats(inp.grad),
            "param_grads": {k: floats(p.grad) for k, p in module.named_parameters() if p.grad is not None},
            "buffers_after": {k: floats(v) for k, v in module.named_buffers()},
            "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None,
        })

    x = torch.randn(3, 4) * 3
    x[0, 0] = 0.0
    x[0, 1] = 25.0
    case("leaky_relu", lambda: nn.LeakyReLU(), x)
    case("leaky_relu_0.2", lambda: nn.LeakyReLU(0.2), x)
    case("gelu", lambda: nn.GELU(), x)
    case("gelu_tanh", lambda: nn.GELU("tanh"), x)
    case("silu", lambda: nn.SiLU(), x)
    case("elu", lambda: nn.ELU(), x)
    case("elu_0.5", lambda: nn.ELU(0.5), x)
    case("softplus", lambda: nn.Softplus(), x)
    case("softplus_2_10", lambda: nn.Softplus(beta=2.0, threshold=10.0), x)
    six = x.clone()
    six[1, 0] = 6.0
    case("relu6", lambda: nn.ReLU6(), six)
    case("hardtanh", lambda: nn.Hardtanh(-2.0, 3.0), six)

    def randomised(module):
        with torch.no_grad():
            for p in module.parameters():
                p.copy_(torch.randn(p.shape))
        return module

    case("batchnorm1d_2d", lambda: randomised(nn.BatchNorm1d(4)), torch.randn(5, 4) * 2 + 1)
    case("batchnorm1d_3d", lambda: randomised(nn.BatchNorm1d(3)), torch.randn(2, 3, 4))
    case("batchnorm1d_eval", lambda: randomised(nn.BatchNorm1d(4)), torch.randn(5, 4), train=False)
    case("layernorm", lambda: randomised(nn.LayerNorm(4)), torch.randn(2, 3, 4) * 2 + 1)
    case("layernorm_2d_shape", lambda: randomised(nn.LayerNorm([3, 4])), torch.randn(2, 3, 4))
    case("layernorm_no_affine", lambda: nn.LayerNorm(4, elementwise_affine=False), torch.randn(3, 4))
    case("layernorm_no_bias", lambda: randomised(nn.LayerNorm(4, bias=False)), torch.randn(3, 4))
    case("groupnorm", lambda: randomised(nn.GroupNorm(2, 4)), torch.randn(2, 4, 3, 3))
    case("groupnorm_3d", lambda: randomised(nn.GroupNorm(3, 6)), torch.randn(2, 6, 5))
    case("groupnorm_no_affine", lambda: nn.GroupNorm(1, 4, affine=False), torch.randn(2, 4, 2, 2))
    case("embedding", lambda: nn.Embedding(6, 3), torch.tensor([[0, 2, 5], [2, 2, 1]]))
    case("embedding_padding", lambda: nn.Embedding(6, 3, padding_idx=2), torch.tensor([[0, 2, 5], [2, 2, 1]]))
    case("dropout2d", lambda: nn.Dropout2d(), torch.randn(3, 4, 2, 2))
    case("dropout2d_3d", lambda: nn.Dropout2d(0.3), torch.randn(2, 5, 3))
    case("dropout2d_eval", lambda: nn.Dropout2d(), torch.randn(2, 3, 2, 2), train=False)
    case("unflatten", lambda: nn.Unflatten(1, (2, 3)), torch.randn(2, 6))
    case("upsample_nearest", lambda: nn.Upsample(scale_factor=2), torch.randn(1, 2, 2, 3))
    case("upsample_nearest_size", lambda: nn.Upsample(size=(5, 4)), torch.randn(1, 2, 2, 3))
    case("upsample_bilinear", lambda: nn.Upsample(scale_factor=2, mode="bilinear"), torch.randn(1, 2, 3, 3))
    case("upsample_bilinear_corners", lambda: nn.Upsample(size=(5, 4), mode="bilinear", align_corners=True),
         torch.randn(2, 1, 3, 3))
    case("upsample_nearest_fraction", lambda: nn.Upsample(scale_factor=1.5), torch.randn(1, 2, 3, 4))
    case("upsample_nearest_down", lambda: nn.Upsample(size=(2, 3)), torch.randn(1, 1, 5, 7))
    case("upsample_bilinear_pair", lambda: nn.Upsample(scale_factor=(1.7, 2.5), mode="bilinear"), torch.randn(1, 2, 3, 2))
    case("upsample_bilinear_down", lambda: nn.Upsample(size=(2, 3), mode="bilinear"), torch.randn(1, 1, 5, 7))
    case("conv_transpose2d", lambda: nn.ConvTranspose2d(2, 3, 3), torch.randn(1, 2, 4, 4))
    case("conv_transpose2d_stride", lambda: nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1, bias=False),
         torch.randn(2, 2, 3, 3))
    case("conv_transpose2d_groups", lambda: nn.ConvTranspose2d(4, 2, (2, 3), stride=(2, 1), groups=2, dilation=(1, 2)),
         torch.randn(1, 4, 3, 3))
    case("conv_transpose2d_unbatched", lambda: nn.ConvTranspose2d(3, 2, (3, 2), stride=(1, 3), padding=(2, 1), output_padding=(0, 2)),
         torch.randn(3, 5, 4))

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "layers.json").write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0) + "\n")


if __name__ == "__main__":
    main()
