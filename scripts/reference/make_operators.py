"""Reference data from PyTorch for the engine's element-wise, reduction, scan,
sorting, selection, product and layout operators, and its random creation
functions.

Writes Tests/Reference/operators/operators.safetensors and operators.json.
For each case NAME the safetensors file holds the inputs `NAME.in0`, `NAME.in1`,
… (float inputs require grad), the output `NAME.out` (for operators with several
outputs `NAME.out0`, `NAME.out1`, …), the upstream gradient `NAME.gout` and the
input gradients `NAME.gin0`, …; operators.json maps NAME to the output's
grad_fn name (or null). Random cases (`random.*`) store what the seeded
generator gives.

Run from the project's root, in an environment with torch and safetensors:

    python scripts/reference/make_operators.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchenv import torch  # noqa: E402

from safetensors.torch import save_file  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Reference", "operators")

tensors = {}
names = {}


def leaf(t):
    t = t.detach().clone()
    if t.dtype.is_floating_point:
        t.requires_grad_(True)
    return t


def case(name, inputs, op):
    """Runs `op` on leaf copies of `inputs`, backpropagates a fixed upstream
    gradient through its (first) float output and records everything."""
    leaves = [leaf(t) for t in inputs]
    for i, t in enumerate(leaves):
        tensors[f"{name}.in{i}"] = t.detach().clone()
    out = op(*leaves)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    if len(outs) == 1:
        tensors[f"{name}.out"] = outs[0].detach().clone().contiguous()
    else:
        for i, o in enumerate(outs):
            tensors[f"{name}.out{i}"] = o.detach().clone().contiguous()
    first = outs[0]
    names[name] = first.grad_fn.name() if first.grad_fn is not None else None
    if first.requires_grad:
        gout = torch.linspace(-1, 1, first.numel()).reshape(first.shape) if first.numel() > 1 else torch.ones(first.shape)
        tensors[f"{name}.gout"] = gout
        first.backward(gout)
        for i, t in enumerate(leaves):
            if t.grad is not None:
                tensors[f"{name}.gin{i}"] = t.grad.detach().clone()


torch.manual_seed(0)
x = torch.randn(3, 4)
y = torch.randn(3, 4)
unit = torch.rand(3, 4) * 1.8 - 0.9          # inside (-1, 1)
positive = torch.rand(3, 4) * 3 + 0.1        # inside (0.1, 3.1)
halves = torch.tensor([[-2.5, -1.5, -0.5, 0.5], [1.5, 2.5, -0.0, 3.7], [-3.7, 0.2, -0.2, 1.0]])
v = torch.randn(4)
w = torch.randn(4)

# Element-wise
case("sin", [x], torch.sin)
case("cos", [x], torch.cos)
case("tan", [unit], torch.tan)
case("asin", [unit], torch.asin)
case("acos", [unit], torch.acos)
case("atan", [x], torch.atan)
case("sinh", [x], torch.sinh)
case("cosh", [x], torch.cosh)
case("atan2", [x, y], torch.atan2)
case("log2", [positive], torch.log2)
case("log10", [positive], torch.log10)
case("log1p", [positive], torch.log1p)
case("expm1", [x], torch.expm1)
case("rsqrt", [positive], torch.rsqrt)
case("square", [x], torch.square)
case("reciprocal", [positive], torch.reciprocal)
case("floor", [halves], torch.floor)
case("ceil", [halves], torch.ceil)
case("round", [halves], torch.round)
case("trunc", [halves], torch.trunc)
case("sign", [halves], torch.sign)
case("clamp", [x], lambda a: a.clamp(-0.5, 0.5))
case("clamp_min", [x], lambda a: a.clamp(min=0))
case("clamp_max", [x], lambda a: a.clamp(max=0.2))
case("maximum", [x, y], torch.maximum)
case("minimum", [x, y[0]], torch.minimum)
case("fmod", [halves * 3], lambda a: torch.fmod(a, 2))
case("remainder", [halves * 3], lambda a: torch.remainder(a, 2))
case("fmod_tensor", [halves * 3, positive], torch.fmod)
case("remainder_tensor", [halves * 3, positive], torch.remainder)

# Reductions and scans
case("prod_all", [x], torch.prod)
case("prod_dim1", [x], lambda a: a.prod(1))
case("prod_zero", [torch.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 3.0]])], lambda a: a.prod(1))
case("cumsum", [x], lambda a: a.cumsum(1))
case("cumprod", [x], lambda a: a.cumprod(0))
case("var_all", [x], torch.var)
case("var_dim", [x], lambda a: a.var(1, keepdim=True))
case("var_biased", [x], lambda a: a.var(0, unbiased=False))
case("std_all", [x], torch.std)
case("std_correction", [x], lambda a: a.std(1, correction=0))
case("norm", [x], torch.norm)
case("norm_dim", [x], lambda a: a.norm(dim=1))
case("norm_p1", [x], lambda a: a.norm(p=1))
case("logsumexp", [x], lambda a: torch.logsumexp(a, 1))

# Sorting
case("sort", [x], lambda a: a.sort(1))
case("sort_descending", [x], lambda a: a.sort(0, descending=True))
case("argsort", [x], lambda a: a.argsort(1))
case("topk", [x], lambda a: a.topk(2))
case("topk_smallest", [x], lambda a: a.topk(2, dim=0, largest=False))
case("unique", [torch.tensor([3, 1, 2, 3, 1, 5])], lambda a: torch.unique(a, return_inverse=True, return_counts=True))

# Selection
index = torch.tensor([[0, 2], [1, 1], [3, 0]])
case("where", [x > 0, x, y], torch.where)
case("masked_fill", [x, x > 0], lambda a, m: a.masked_fill(m, -1.0))
case("gather", [x, index], lambda a, i: a.gather(1, i))
case("scatter", [torch.zeros(3, 4), torch.tensor([[0, 2], [1, 3], [3, 0]]), y[:, :2]], lambda a, i, s: a.scatter(1, i, s))
case("scatter_add", [x, index, y[:, :2]], lambda a, i, s: a.scatter_add(1, i, s))
case("index_select", [x, torch.tensor([2, 0, 2])], lambda a, i: a.index_select(0, i))
case("nonzero", [torch.tensor([[1, 0, 2], [0, 3, 0]])], torch.nonzero)
case("index_tensors", [x, torch.tensor([0, 2, 2]), torch.tensor([1, 3, 1])], lambda a, i, j: a[i, j])
case("index_one", [x, torch.tensor([2, 0])], lambda a, i: a[i])
case("index_mask", [x, x > 0], lambda a, m: a[m])
case("index_row_mask", [x, torch.tensor([True, False, True])], lambda a, m: a[m])
case("index_slice_tensor", [x, torch.tensor([3, 0])], lambda a, i: a[1:, i])
case("index_negative", [x, torch.tensor([-1, 0, -3])], lambda a, i: a[i])
case("index_negative_pair", [x, torch.tensor([-1, 1]), torch.tensor([-4, 3])], lambda a, i, j: a[i, j])
case("index_put", [x, torch.tensor([0, -1]), torch.tensor([1, -2]), torch.tensor([0.5, -2.0])],
     lambda a, i, j, v: (a * 1).index_put_((i, j), v))
case("index_put_accumulate", [x, torch.tensor([0, 0, -1]), torch.tensor([[1.0, 2.0, 3.0, 4.0]])],
     lambda a, i, v: (a * 1).index_put_((i,), v, accumulate=True))
case("index_put_mask", [x, x > 0], lambda a, m: (a * 1).index_put_((m,), torch.tensor(-1.0)))

# Products
case("outer", [v, w], torch.outer)
case("dot", [v, w], torch.dot)
case("mv", [x, v], torch.mv)
case("mm", [x, y.t().contiguous()], torch.mm)
case("bmm", [torch.randn(2, 3, 4), torch.randn(2, 4, 5)], torch.bmm)
case("einsum_mm", [x, y], lambda a, b: torch.einsum("ij,kj->ik", a, b))
case("einsum_batch", [torch.randn(2, 3, 4), torch.randn(2, 4, 5)], lambda a, b: torch.einsum("bij,bjk->bik", a, b))
case("einsum_trace", [torch.randn(3, 3)], lambda a: torch.einsum("ii", a))
case("einsum_rowdot", [x, y], lambda a, b: torch.einsum("ij,ij->i", a, b))
case("einsum_outer", [v, w], lambda a, b: torch.einsum("i,j->ij", a, b))
case("trace", [torch.randn(3, 4)], torch.trace)

# Layout
case("chunk", [x], lambda a: a.chunk(2, 1))
case("split", [x], lambda a: a.split([1, 3], 1))
case("repeat", [x[:2, :2]], lambda a: a.repeat(2, 3))
case("repeat_new_dim", [v], lambda a: a.repeat(2, 1, 2))
case("expand", [torch.randn(3, 1)], lambda a: a.expand(2, 3, 4))
case("flip", [x], lambda a: a.flip(0, 1))
case("roll", [x], lambda a: a.roll(1, 1))
case("roll_flat", [x], lambda a: a.roll(-2))
case("tril", [x], torch.tril)
case("triu", [x], lambda a: a.triu(1))
case("diag_embed", [v], torch.diag)
case("diag_extract", [x], lambda a: torch.diag(a, 1))
case("split_second", [x], lambda a: a.split(3, 1)[1])
case("chunk_uneven", [torch.randn(5, 2)], lambda a: a.chunk(3))
case("unbind", [x], lambda a: a.unbind(1)[2])
case("narrow", [x], lambda a: a.narrow(1, -3, 2))
case("expand_as", [v], lambda a: a.expand_as(x))
case("tile", [x[:, :3]], lambda a: a.tile((2,)))
case("repeat_transposed", [x.t()], lambda a: a.repeat(1, 2, 1))
case("flip_one", [torch.randn(2, 3, 4)], lambda a: a.flip(-1))
case("roll_two", [x], lambda a: a.roll((1, -5), (0, 1)))
case("tril_batched", [torch.randn(2, 3, 4)], lambda a: a.tril(-1))
case("triu_wide", [x], lambda a: a.triu(2))
case("tril_int", [torch.tensor([[1, 2, 3], [4, 5, 6]])], torch.tril)
case("diagonal", [torch.randn(3, 4, 5)], lambda a: a.diagonal(1, 2, 0))
case("diag_embed_batched", [torch.randn(2, 3)], lambda a: torch.diag_embed(a, -1, 0, 2))
case("diag_below", [v], lambda a: torch.diag(a, -2))
case("movedim", [torch.randn(2, 3, 4, 5)], lambda a: a.movedim((0, 1), (3, 0)) * 1.0)
case("meshgrid_xy", [v, torch.randn(3)], lambda a, b: torch.meshgrid(a, b, indexing="xy")[1])
case("cross", [torch.randn(4, 3), torch.randn(1, 3)], lambda a, b: torch.linalg.cross(a, b))
case("cross_dim0", [torch.randn(3, 2), torch.randn(3, 2)], lambda a, b: torch.cross(a, b, dim=0))
case("unflatten", [x], lambda a: a.unflatten(1, (2, -1)))
case("hstack", [x, torch.randn(3, 2)], lambda a, b: torch.hstack([a, b]))
case("vstack", [v, x], lambda a, b: torch.vstack([a, b]))
case("einsum_ellipsis", [torch.randn(2, 3, 4), torch.randn(4, 5)], lambda a, b: torch.einsum("...j,jk->...k", a, b))
case("einsum_implicit", [x, y.t().contiguous()], lambda a, b: torch.einsum("ij,jk", a, b))
case("einsum_implicit_order", [torch.randn(3, 4)], lambda a: torch.einsum("ba", a))
case("einsum_diagonal", [torch.randn(3, 3)], lambda a: torch.einsum("ii->i", a))
case("einsum_repeated_batch", [torch.randn(2, 3, 3)], lambda a: torch.einsum("bii->bi", a))
case("einsum_sum", [torch.randn(2, 3, 4)], lambda a: torch.einsum("bij->j", a))
case("einsum_dot", [v, w], lambda a, b: torch.einsum("i,i->", a, b))
case("einsum_transpose", [x], lambda a: torch.einsum("ij->ji", a))
case("einsum_three", [torch.randn(2, 3), torch.randn(3, 4), torch.randn(4, 5)], lambda a, b, c: torch.einsum("ij,jk,kl->il", a, b, c))
case("einsum_bilinear", [torch.randn(2, 3), torch.randn(5, 3, 4), torch.randn(2, 4)], lambda a, b, c: torch.einsum("bn,anm,bm->ba", a, b, c))
case("einsum_broadcast", [torch.randn(2, 1, 3, 4), torch.randn(5, 4, 2)], lambda a, b: torch.einsum("...ij,...jk->...ik", a, b))
case("einsum_spaces_upper", [torch.randn(2, 3), torch.randn(3, 2)], lambda a, b: torch.einsum("A b , b C -> C A", a, b))
case("einsum_outer_sum", [torch.randn(3, 4), torch.randn(5)], lambda a, b: torch.einsum("ij,k->jk", a, b))
case("einsum_int", [torch.tensor([[1, 2], [3, 4]]), torch.tensor([[5, 6], [7, 8]])], lambda a, b: torch.einsum("ij,jk->ik", a, b))

# Creation
tensors["create.linspace"] = torch.linspace(-1, 2, 7)
tensors["create.logspace"] = torch.logspace(0, 2, 5)
tensors["create.logspace2"] = torch.logspace(0, 3, 4, base=2)
tensors["create.eye"] = torch.eye(3, 4)

# Random streams, each after manual_seed(0)
def seeded(name, make):
    torch.manual_seed(0)
    tensors[f"random.{name}"] = make()

seeded("randperm", lambda: torch.randperm(20))
seeded("randint", lambda: torch.randint(3, 10, (2, 5)))
seeded("randint_large", lambda: torch.randint(-(2 ** 40), 2 ** 40, (6,)))
seeded("normal", lambda: torch.normal(2.0, 3.0, (4, 5)))
seeded("normal_tensors", lambda: torch.normal(torch.arange(5.0), torch.ones(5)))
seeded("bernoulli", lambda: torch.bernoulli(torch.linspace(0, 1, 12)))
seeded("multinomial", lambda: torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 8, replacement=True))
seeded("multinomial_without", lambda: torch.multinomial(torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 0.0, 1.0, 1.0, 1.0]]), 3))
seeded("multinomial_one", lambda: torch.multinomial(torch.tensor([1.0, 2.0, 3.0, 4.0]), 1))
seeded("uniform_", lambda: torch.empty(3, 4).uniform_(-2, 3))
seeded("normal_", lambda: torch.empty(20).normal_(1, 0.5))

os.makedirs(ROOT, exist_ok=True)
save_file({k: v.contiguous() for k, v in tensors.items()}, os.path.join(ROOT, "operators.safetensors"))
with open(os.path.join(ROOT, "operators.json"), "w") as f:
    json.dump(names, f, indent=1, sort_keys=True)
    f.write("\n")
