"""Reference data from PyTorch for dtypes: type promotion between every pair
of dtypes and with Python numbers, conversions, exact integer reductions, and
float64 operators forward and backward.

Writes Tests/Reference/dtypes/dtypes.json: a list of cases, each with its
operator `op`, its inputs (`dtype`, `shape`, row-major `values`; float inputs
of float64 cases require grad), an optional number `scalar` (`int` or
`float`), and the output (`out`: dtype, shape, values) or PyTorch's error
text (`error`), and for float64 cases the upstream gradient `gout` and the
input gradients `grads`. JSON keeps float64 exactly (Python writes each double
so that it reads back unchanged); no case produces NaN or infinity.

Run from the project's root, in an environment with torch:

    python scripts/reference/make_dtypes.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchenv import torch  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Reference", "dtypes")

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "int64": torch.int64,
    "int32": torch.int32, "uint8": torch.uint8, "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}

cases = []


def encode(t):
    t = t.detach().contiguous()
    values = t.reshape(-1).tolist()
    if t.dtype == torch.bool:
        values = [1 if v else 0 for v in values]
    elif t.dtype.is_floating_point:
        values = [float(v) for v in values]
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape), "values": values}


def add(op, inputs, fn, scalar=None, grad=False):
    leaves = [t.detach().clone().requires_grad_(grad and t.dtype.is_floating_point) for t in inputs]
    case = {"op": op, "inputs": [encode(t) for t in leaves]}
    if scalar is not None:
        case["scalar"] = {"kind": "int" if isinstance(scalar, int) else "float", "value": scalar}
    try:
        out = fn(*leaves) if scalar is None else fn(*leaves, scalar)
    except RuntimeError as error:
        case["error"] = str(error).split("\n")[0]
        cases.append(case)
        return
    if isinstance(out, tuple):
        out = out[0]
    if out.dtype.is_floating_point:
        assert torch.isfinite(out).all(), op
    case["out"] = encode(out)
    if grad and out.requires_grad:
        gout = torch.linspace(-1, 1, out.numel(), dtype=out.dtype).reshape(out.shape) if out.numel() > 1 else torch.ones(out.shape, dtype=out.dtype)
        out.backward(gout)
        case["gout"] = encode(gout)
        case["grads"] = [encode(t.grad) if t.grad is not None else None for t in leaves]
    cases.append(case)


def sample(name, shape=(2, 3)):
    """Small values every dtype holds, none zero (no division by zero)."""
    n = 1
    for d in shape:
        n *= d
    base = torch.tensor([3.0, 5.0, 2.0, 7.0, 1.0, 4.0, 6.0, 8.0][:n] * (n // 8 + 1))[:n].reshape(shape)
    if name == "bool":
        return torch.tensor([True, True, False, True, True, False][:n] * (n // 6 + 1))[:n].reshape(shape)
    if DTYPES[name].is_floating_point:
        base = base * 0.75
    return base.to(DTYPES[name])


BINARY = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}

# Promotion of every pair, with broadcasting ([2, 3] with [3]) and with a 0-dim tensor.
for a in DTYPES:
    for b in DTYPES:
        for op, fn in BINARY.items():
            divisor_ok = b != "bool" or op != "div"
            rhs = sample(b, (3,)) if divisor_ok else torch.tensor([True, True, True])
            add(op, [sample(a), rhs], fn)
        add("eq", [sample(a), sample(b, (3,))], torch.eq)
        add("lt", [sample(a), sample(b, (3,))], torch.lt)
        add("maximum", [sample(a), sample(b, (3,))], torch.maximum)
        zero = sample(b, ()) if b != "bool" else torch.tensor(True)
        add("mul", [sample(a), zero], torch.mul)
        add("add", [sample(a), zero], torch.add)

# Python numbers next to tensors: wrapped numbers.
for a in DTYPES:
    for scalar in (2, 2.5):
        add("add_scalar", [sample(a)], torch.add, scalar)
        add("mul_scalar", [sample(a)], torch.mul, scalar)
        add("div_scalar", [sample(a)], torch.div, scalar)
        if a != "bool":
            add("sub_scalar", [sample(a)], torch.sub, scalar)
    if a != "bool":
        add("pow_scalar", [sample(a)], torch.pow, 2)
        add("remainder_scalar", [sample(a)], torch.remainder, 3)

# Conversions from each dtype to each (values every pair converts without undefined behaviour).
for a in DTYPES:
    source = sample(a)
    if DTYPES[a].is_floating_point:
        source = torch.tensor([[0.0, 1.5, 2.7], [100.2, 3.99, 0.25]], dtype=DTYPES[a])
    for b in DTYPES:
        add("to_" + b, [source], lambda x, b=b: x.to(DTYPES[b]))
signed = torch.tensor([-1, 256, 300, -129, 70000, 5])
for b in ("int32", "uint8", "bool", "float32", "float64"):
    add("to_" + b, [signed], lambda x, b=b: x.to(DTYPES[b]))
negatives = torch.tensor([-2.7, -0.5, 1.5, 3.99], dtype=torch.float64)
for b in ("int64", "int32", "bool", "float32"):
    add("to_" + b, [negatives], lambda x, b=b: x.to(DTYPES[b]))

# Integer reductions: exact, int64 sums and products, extrema keep the dtype.
for a in ("int64", "int32", "uint8", "bool"):
    x = sample(a)
    add("sum", [x], torch.sum)
    add("sum_dim0", [x], lambda t: t.sum(dim=0))
    add("sum_dim1", [x], lambda t: t.sum(dim=1))
    add("prod", [x], torch.prod)
    add("max", [x], torch.max)
    add("min", [x], torch.min)
    add("max_dim1", [x], lambda t: t.max(dim=1).values)
    add("argmax_dim1", [x], lambda t: t.argmax(dim=1))
    add("mean", [x], torch.mean)
    add("abs", [x], torch.abs)
    add("neg", [x], torch.neg) if a != "bool" else None
    add("matmul", [x, sample(a, (3, 2))], torch.matmul)
big = torch.tensor([2**40 + 1, 2**41 + 3, 7])
add("sum", [big], torch.sum)
add("mul", [big, torch.tensor([1000, 3, 2])], torch.mul)

# float64 operators forward and backward.
positive = torch.tensor([[0.25, 0.5, 0.75], [1.25, 1.5, 1.75]], dtype=torch.float64)
mixed = torch.tensor([[-1.25, 0.5, 0.75], [1.5, -0.25, 2.0]], dtype=torch.float64)
unit = torch.tensor([[-0.75, -0.25, 0.1], [0.3, 0.55, 0.9]], dtype=torch.float64)
UNARY = {
    "exp": (torch.exp, mixed), "log": (torch.log, positive), "sqrt": (torch.sqrt, positive),
    "abs": (torch.abs, mixed), "relu": (torch.relu, mixed), "sigmoid": (torch.sigmoid, mixed),
    "tanh": (torch.tanh, mixed), "sin": (torch.sin, mixed), "cos": (torch.cos, mixed),
    "tan": (torch.tan, unit), "asin": (torch.asin, unit), "acos": (torch.acos, unit),
    "atan": (torch.atan, mixed), "sinh": (torch.sinh, mixed), "cosh": (torch.cosh, mixed),
    "log2": (torch.log2, positive), "log10": (torch.log10, positive), "log1p": (torch.log1p, positive),
    "expm1": (torch.expm1, mixed), "rsqrt": (torch.rsqrt, positive), "square": (torch.square, mixed),
    "neg": (torch.neg, mixed), "reciprocal": (torch.reciprocal, positive),
    "softmax": (lambda t: torch.softmax(t, dim=1), mixed), "logSoftmax": (lambda t: torch.log_softmax(t, dim=1), mixed),
    "sum": (torch.sum, mixed), "mean": (torch.mean, mixed), "prod": (torch.prod, mixed),
    "max": (torch.max, mixed), "min": (torch.min, mixed),
    "sum_dim0": (lambda t: t.sum(dim=0), mixed), "mean_dim1": (lambda t: t.mean(dim=1), mixed),
    "max_dim1": (lambda t: t.max(dim=1).values, mixed), "prod_dim1": (lambda t: t.prod(dim=1), mixed),
    "pow_scalar": (lambda t: t.pow(3), mixed), "mul_scalar": (lambda t: t * 0.1, mixed),
    "add_scalar": (lambda t: t + 0.3, mixed), "div_scalar": (lambda t: t / 0.7, mixed),
    "clamp": (lambda t: t.clamp(-0.3, 0.9), mixed), "leakyRelu": (lambda t: torch.nn.functional.leaky_relu(t, 0.1), mixed),
    "gelu": (torch.nn.functional.gelu, mixed), "softplus": (torch.nn.functional.softplus, mixed),
    "to_float32": (lambda t: t.float(), mixed),
}
for op, (fn, x) in UNARY.items():
    add(op, [x], fn, grad=True)
other = torch.tensor([[0.5, 2.0, -1.5], [0.75, 1.25, 3.0]], dtype=torch.float64)
for op, fn in {**BINARY, "maximum": torch.maximum, "minimum": torch.minimum, "atan2": torch.atan2}.items():
    add(op, [mixed, other], fn, grad=True)
add("pow", [positive, other], torch.pow, grad=True)
add("mul", [mixed, other.float()], torch.mul, grad=True)
add("add", [mixed, torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64)], torch.add, grad=True)
add("matmul", [mixed, other.t().contiguous()], torch.matmul, grad=True)
add("matmul", [torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) / 7, torch.arange(8, dtype=torch.float64).reshape(4, 2) / 3], torch.matmul, grad=True)
add("matmul", [mixed, other.t().float().contiguous()], torch.matmul, grad=True)

os.makedirs(ROOT, exist_ok=True)
with open(os.path.join(ROOT, "dtypes.json"), "w") as f:
    json.dump(cases, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"{len(cases)} cases")
