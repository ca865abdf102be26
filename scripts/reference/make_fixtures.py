"""Reference data from PyTorch for the engine's tests.

Writes, under Tests/Reference/:

- ops/{ops,optim,rng}.{safetensors,json}: operators with their gradients,
  optimizer steps, and the seeded generator's first draws;
- resnet18/seed0.json: a digest of every tensor of the state dict that
  `torch.manual_seed(0); torchvision.models.resnet18()` initialises, so the
  tests derive those 45 MB from the engine's own initialisation and check them
  bit for bit;
- resnet18/train-64.safetensors: two SGD steps of that model, reduced to what
  the tests compare (see `sample`);
- resnet18/resnet18-expanded.pth: torchvision's ResNet18 state dict layout with
  one value per tensor, broadcast, for the tests that load a whole model;
- serialization/*.pth: small files written by `torch.save`, with a
  `.safetensors` twin of each state dict and the SHA-256 of each file.

Run from the project's root, in an environment with torch, torchvision and
safetensors:

    python scripts/reference/make_fixtures.py
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchenv import torch, torchvision  # noqa: E402

import torch.nn.functional as F  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Reference")

SELECTED = ["conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight",
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight",
            "layer3.1.bn1.bias", "layer4.0.downsample.0.weight", "layer4.1.bn2.weight",
            "layer4.1.bn2.bias", "fc.weight", "fc.bias"]
BUFFERS = ["bn1.running_mean", "bn1.running_var", "layer4.1.bn2.running_mean",
           "layer4.1.bn2.running_var", "bn1.num_batches_tracked"]
SAMPLES = 64


def path(*parts):
    full = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def sample(out, key, tensor):
    """A large tensor as `KEY.index` (64 evenly spaced flat indices and the index of
    the largest magnitude), `KEY.sample` (the values there) and `KEY.scale` (the
    largest magnitude): the tests measure max |ours - sample| / scale, the full
    comparison's measure restricted to those elements."""
    flat = tensor.detach().reshape(-1).to(torch.float32)
    index = torch.linspace(0, flat.numel() - 1, SAMPLES).round().to(torch.int64)
    index = torch.cat([index, flat.abs().argmax().reshape(1)])
    out[f"{key}.index"] = index
    out[f"{key}.sample"] = flat[index].clone()
    out[f"{key}.scale"] = flat.abs().max().reshape(1).clone()


def digest(tensor):
    data = tensor.detach().contiguous().reshape(-1)
    raw = data.view(torch.uint8).numpy().tobytes() if data.numel() else b""
    return {
        "dtype": str(tensor.dtype).removeprefix("torch."),
        "shape": list(tensor.shape),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "first": [float(v) for v in data[:4].tolist()],
    }


def resnet_case(model_seed, data_seed, shape):
    torch.manual_seed(model_seed)
    model = torchvision.models.resnet18()
    digests = [{"name": k, **digest(v)} for k, v in model.state_dict().items()]
    g = torch.Generator().manual_seed(data_seed)
    data = torch.rand(*shape, generator=g)
    labels = torch.rand(shape[0], 1000, generator=g)
    out = {}
    sample(out, "data", data)
    sample(out, "labels", labels)
    opt = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    named = dict(model.named_parameters())
    for step in (1, 2):
        opt.zero_grad()
        pred = model(data)
        loss = (pred - labels).sum()
        loss.backward()
        out[f"step{step}.prediction"] = pred.detach().clone()
        out[f"step{step}.loss"] = loss.detach().reshape(1).clone()
        if step == 1:  # step-2 gradients are ill-conditioned: not stored
            for k in SELECTED:
                sample(out, f"step{step}.grad.{k}", named[k].grad)
        opt.step()
        if step == 1:
            for k in SELECTED:
                sample(out, f"step{step}.after.{k}", named[k])
        sd = model.state_dict()
        for k in BUFFERS:
            out[f"step{step}.buffer.{k}"] = sd[k].clone().to(torch.float32)
    model.eval()
    with torch.no_grad():
        out["eval.prediction"] = model(data).clone()
    return digests, out


def ops_cases(seed):
    torch.manual_seed(seed)
    cases, meta = {}, []

    def add(name, fn, inputs, **kw):
        ins = [t.clone().requires_grad_(t.dtype == torch.float32) for t in inputs]
        y = fn(*ins)
        gy = torch.randn_like(y)
        grads = torch.autograd.grad(y, [i for i in ins if i.requires_grad], gy, allow_unused=True)
        entry = {"name": name, "inputs": [], "kwargs": kw}
        for j, t in enumerate(inputs):
            cases[f"{name}.in{j}"] = t.contiguous()
            entry["inputs"].append(list(t.shape))
        cases[f"{name}.out"] = y.detach().contiguous()
        cases[f"{name}.gout"] = gy.contiguous()
        for j, gr in enumerate(grads):
            if gr is not None:
                cases[f"{name}.gin{j}"] = gr.contiguous()
        meta.append(entry)

    r = torch.randn
    add("add_broadcast", lambda a, b: a + b, [r(4, 3, 5), r(3, 1)])
    add("sub_broadcast", lambda a, b: a - b, [r(2, 1, 4), r(3, 4)])
    add("mul_broadcast", lambda a, b: a * b, [r(4, 5), r(5)])
    add("div", lambda a, b: a / b, [r(3, 4), r(3, 4).abs() + 0.5])
    add("pow3", lambda a: a ** 3, [r(6)])
    add("scalar_affine", lambda a: 3 * a - 2, [r(2, 3)])
    add("neg", lambda a: -a, [r(4)])
    add("exp", torch.exp, [r(3, 3)])
    add("log", torch.log, [r(3, 3).abs() + 0.1])
    add("tanh", torch.tanh, [r(3, 3)])
    add("sigmoid", torch.sigmoid, [r(3, 3)])
    add("relu", F.relu, [r(4, 5)])
    add("sum_all", lambda a: a.sum(), [r(3, 4)])
    add("sum_dim1_keepdim", lambda a: a.sum(dim=1, keepdim=True), [r(3, 4, 2)], dim=1, keepdim=True)
    add("mean_all", lambda a: a.mean(), [r(5, 2)])
    add("mean_dim0", lambda a: a.mean(dim=0), [r(5, 2)], dim=0)
    add("max_dim1", lambda a: a.max(dim=1).values, [r(4, 6)], dim=1)
    add("matmul_2d", torch.matmul, [r(4, 7), r(7, 3)])
    add("matmul_batched", torch.matmul, [r(2, 4, 7), r(7, 3)])
    add("linear", F.linear, [r(5, 8), r(3, 8), r(3)])
    add("transpose", lambda a: a.transpose(0, 1) * 1.0, [r(3, 5)])
    add("permute", lambda a: a.permute(2, 0, 1) * 1.0, [r(2, 3, 4)], dims=[2, 0, 1])
    add("reshape", lambda a: a.reshape(6, 4), [r(2, 3, 4)], shape=[6, 4])
    add("flatten1", lambda a: torch.flatten(a, 1), [r(2, 3, 2, 2)], start_dim=1)
    add("cat_dim1", lambda a, b: torch.cat([a, b], dim=1), [r(2, 3), r(2, 4)], dim=1)
    add("softmax", lambda a: F.softmax(a, dim=1), [r(3, 5)], dim=1)
    add("log_softmax", lambda a: F.log_softmax(a, dim=1), [r(3, 5)], dim=1)
    add("mse_loss", F.mse_loss, [r(4, 3), r(4, 3)])
    tgt = torch.tensor([1, 0, 4])
    add("cross_entropy", lambda a: F.cross_entropy(a, tgt), [r(3, 5)], target=[1, 0, 4])
    add("conv2d_s1p1", lambda x, w, b: F.conv2d(x, w, b, stride=1, padding=1),
        [r(2, 3, 7, 6), r(4, 3, 3, 3), r(4)], stride=1, padding=1)
    add("conv2d_s2p3_k7_nobias", lambda x, w: F.conv2d(x, w, None, stride=2, padding=3),
        [r(1, 3, 13, 11), r(5, 3, 7, 7)], stride=2, padding=3)
    add("conv2d_1x1_s2", lambda x, w: F.conv2d(x, w, None, stride=2),
        [r(2, 4, 6, 6), r(3, 4, 1, 1)], stride=2, padding=0)
    add("conv2d_dil2_groups2", lambda x, w: F.conv2d(x, w, None, stride=1, padding=2, dilation=2, groups=2),
        [r(1, 4, 8, 8), r(6, 2, 3, 3)], stride=1, padding=2, dilation=2, groups=2)
    add("max_pool2d_k3s2p1", lambda x: F.max_pool2d(x, 3, 2, 1), [r(2, 3, 9, 8)], kernel=3, stride=2, padding=1)
    add("avg_pool2d_k2", lambda x: F.avg_pool2d(x, 2), [r(1, 2, 6, 6)], kernel=2)
    add("adaptive_avg_pool2d_1", lambda x: F.adaptive_avg_pool2d(x, 1), [r(2, 5, 3, 4)], output_size=1)
    w, b = r(3), r(3)
    add("batch_norm_train", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5),
        [r(4, 3, 5, 5), w, b], training=True, eps=1e-5)
    rm, rv = r(3), r(3).abs() + 0.5
    add("batch_norm_eval", lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-5),
        [r(4, 3, 5, 5), w, b], training=False, eps=1e-5)
    cases["batch_norm_eval.running_mean"] = rm
    cases["batch_norm_eval.running_var"] = rv
    return cases, meta


def optim_cases(seed):
    torch.manual_seed(seed)
    cases, meta = {}, []
    p0 = torch.randn(4, 3)
    grads = [torch.randn(4, 3) for _ in range(3)]
    cases["optim.p0"] = p0
    for i, g in enumerate(grads):
        cases[f"optim.g{i+1}"] = g
    configs = {
        "sgd_plain": (torch.optim.SGD, dict(lr=0.1)),
        "sgd_momentum": (torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
        "sgd_nesterov_wd": (torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
        "sgd_dampening": (torch.optim.SGD, dict(lr=0.05, momentum=0.5, dampening=0.3)),
        "adam": (torch.optim.Adam, dict(lr=0.01)),
        "adam_wd": (torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1)),
        "adamw": (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
    }
    for name, (cls, kw) in configs.items():
        p = p0.clone().requires_grad_(True)
        opt = cls([p], **kw)
        for i, g in enumerate(grads):
            p.grad = g.clone()
            opt.step()
            cases[f"optim.{name}.after{i+1}"] = p.detach().clone()
        meta.append({"name": name, "optimizer": cls.__name__,
                     "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}})
    return cases, meta


def rng_cases(seed):
    """Calls made in order after one torch.manual_seed(seed)."""
    calls = [("rand", [2]), ("rand", [20]), ("randn", [3]), ("randn", [20]),
             ("rand", [1, 3, 4, 4]), ("randn", [5, 5]), ("randn", [17]), ("rand", [7])]
    torch.manual_seed(seed)
    cases, meta = {}, []
    for i, (fn, shape) in enumerate(calls):
        cases[f"rng.{i}"] = getattr(torch, fn)(*shape)
        meta.append({"index": i, "call": fn, "shape": shape})
    return cases, {"seed": seed, "calls": meta}


def serialization_files():
    """Small files really written by `torch.save`; returns each file's SHA-256."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(16, 3))
    state = model.state_dict()
    files = {}

    def save(obj, name):
        torch.save(obj, path("serialization", name))
        with open(path("serialization", name), "rb") as f:
            files[name] = hashlib.sha256(f.read()).hexdigest()

    save(state, "state.pth")
    save_file({k: v.contiguous() for k, v in state.items()}, path("serialization", "state.safetensors"))

    # Views of one storage: offsets, strides, transposes; an int64 storage and its view.
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    ints = torch.arange(-3, 5, dtype=torch.int64)
    views = {
        "base": base,
        "transposed": base.t(),
        "row": base[1],
        "columns": base[:, 2:5],
        "strided": base[1::2, ::3],
        "element": base[3, 5],
        "ints": ints,
        "ints_tail": ints[5:],
        "scalar": torch.tensor(7),
        "flags": torch.tensor([True, False, True]),
    }
    save(views, "views.pth")

    # A training checkpoint: the state dict nested under "model", beside other values.
    save({"epoch": 3, "model": state, "optimizer": {"state": {}, "param_groups": [{"lr": 0.1}]}},
         "checkpoint.pth")
    # torchvision's ResNet18 state dict (names, order, shapes, dtypes) with each
    # float tensor one value broadcast to its shape (stride 0), so the file is small
    # yet loads into `resnet18()`: the K-th tensor holds K / 1000.
    torch.manual_seed(0)
    expanded = {}
    for k, (name, tensor) in enumerate(torchvision.models.resnet18().state_dict().items()):
        if tensor.dtype.is_floating_point:
            tensor = torch.full((1,), k / 1000).reshape([1] * tensor.dim()).expand(tensor.shape)
        expanded[name] = tensor
    torch.save(expanded, path("resnet18", "resnet18-expanded.pth"))
    with open(path("resnet18", "resnet18-expanded.pth"), "rb") as f:
        files["../resnet18/resnet18-expanded.pth"] = hashlib.sha256(f.read()).hexdigest()
    return files


def write(cases, meta, name):
    save_file({k: v.detach().clone().contiguous() for k, v in cases.items()}, path("ops", name + ".safetensors"))
    with open(path("ops", name + ".json"), "w") as f:
        json.dump(meta, f, indent=1)


digests, case = resnet_case(0, 100, (1, 3, 64, 64))
with open(path("resnet18", "seed0.json"), "w") as f:
    json.dump(digests, f, indent=1)
save_file({k: v.contiguous() for k, v in case.items()}, path("resnet18", "train-64.safetensors"))
cases, meta = ops_cases(0)
write(cases, meta, "ops")
ocases, ometa = optim_cases(0)
write(ocases, ometa, "optim")
rcases, rmeta = rng_cases(0)
write(rcases, rmeta, "rng")
with open(path("serialization", "files.json"), "w") as f:
    json.dump(serialization_files(), f, indent=1, sort_keys=True)
print("ok")
