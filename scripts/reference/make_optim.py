"""Reference data for the optimizers and learning-rate schedulers.

Writes Tests/Reference/optim/optimizers.json (parameters after each of four
steps for every optimizer configuration, with and without parameter groups,
the final state dict's layout and the optimizer's printed form) and
Tests/Reference/optim/schedulers.json (each scheduler's learning rates, and
momenta where it cycles them, over a run of steps).
"""

from torchenv import torch

import json
import math
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Reference" / "optim"

torch.manual_seed(0)
P0 = [torch.randn(3, 4), torch.randn(5)]
GRADS = [[torch.randn(3, 4), torch.randn(5)] for _ in range(4)]
# The second parameter has no gradient at step 2: it must be skipped.
GRADS[1][1] = None


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def option(v):
    if isinstance(v, tuple):
        return list(v)
    return v


OPTIMIZERS = [
    ("sgd", "SGD", dict(lr=0.1), None),
    ("sgd_momentum", "SGD", dict(lr=0.1, momentum=0.9), None),
    ("sgd_nesterov", "SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01), None),
    ("sgd_groups", "SGD", dict(lr=0.1, momentum=0.9), [{}, {"lr": 0.01, "momentum": 0.5}]),
    ("sgd_maximize", "SGD", dict(lr=0.1, maximize=True), None),
    ("adam", "Adam", dict(lr=0.01), None),
    ("adam_groups", "Adam", dict(lr=0.01), [{"lr": 0.1}, {"betas": (0.8, 0.9), "weight_decay": 0.1}]),
    ("adam_amsgrad", "Adam", dict(lr=0.02, amsgrad=True), None),
    ("adamw", "AdamW", dict(lr=0.01, weight_decay=0.1), None),
    ("adamw_groups", "AdamW", dict(lr=0.01), [{}, {"lr": 0.05, "weight_decay": 0}]),
    ("rmsprop", "RMSprop", dict(), None),
    ("rmsprop_momentum_centered", "RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1), None),
    ("rmsprop_groups", "RMSprop", dict(lr=0.01, alpha=0.9), [{}, {"lr": 0.001, "momentum": 0.5}]),
    ("adagrad", "Adagrad", dict(lr=0.1), None),
    ("adagrad_decay", "Adagrad", dict(lr=0.1, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.5), None),
    ("adagrad_groups", "Adagrad", dict(lr=0.1), [{}, {"lr": 0.5, "eps": 1e-3}]),
    ("adadelta", "Adadelta", dict(), None),
    ("adadelta_groups", "Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.01), [{}, {"lr": 2.0, "eps": 1e-3}]),
]


def optimizers():
    cases = []
    for name, cls, kwargs, groups in OPTIMIZERS:
        params = [p.clone().requires_grad_(True) for p in P0]
        if groups is None:
            opt = getattr(torch.optim, cls)(params, **kwargs)
        else:
            opt = getattr(torch.optim, cls)([dict(params=[p], **g) for p, g in zip(params, groups)], **kwargs)
        after = []
        for grads in GRADS:
            for p, g in zip(params, grads):
                p.grad = None if g is None else g.clone()
            opt.step()
            after.append([floats(p) for p in params])
        sd = opt.state_dict()
        cases.append({
            "name": name,
            "optimizer": cls,
            "kwargs": {k: option(v) for k, v in kwargs.items()},
            "groups": None if groups is None else [{k: option(v) for k, v in g.items()} for g in groups],
            "after": after,
            "state": {str(i): {k: floats(v) for k, v in s.items()} for i, s in sd["state"].items()},
            "state_keys": {str(i): list(s.keys()) for i, s in sd["state"].items()},
            "param_groups": [[[k, option(v)] for k, v in g.items()] for g in sd["param_groups"]],
            "repr": repr(opt),
        })
    return cases


def schedulers():
    cases = []

    def run(name, make, steps, optimizer="SGD", opt_kwargs=None, metrics=None, groups=1):
        opt_kwargs = opt_kwargs or {"lr": 0.1, "momentum": 0.9}
        ps = [torch.zeros(2, requires_grad=True) for _ in range(groups)]
        if groups == 1:
            opt = getattr(torch.optim, optimizer)(ps, **opt_kwargs)
        else:
            opt = getattr(torch.optim, optimizer)([{"params": [p], "lr": opt_kwargs["lr"] * (i + 1)} for i, p in enumerate(ps)],
                                                 **{k: v for k, v in opt_kwargs.items() if k != "lr"})
        sched = make(opt)
        lrs, momenta = [sched.get_last_lr()], []

        def momentum():
            g = opt.param_groups[0]
            return g["betas"][0] if "betas" in g else g.get("momentum")

        momenta.append(momentum())
        for k in range(steps):
            opt.step()
            if metrics is not None:
                sched.step(metrics[k])
            else:
                sched.step()
            lrs.append(sched.get_last_lr())
            momenta.append(momentum())
        cases.append({"name": name, "lrs": lrs, "momenta": momenta, "metrics": metrics,
                      "repr": repr(opt)})

    S = torch.optim.lr_scheduler
    run("step", lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10)
    run("step_groups", lambda o: S.StepLR(o, step_size=2), 7, groups=2)
    run("multistep", lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 8], gamma=0.3), 10)
    run("exponential", lambda o: S.ExponentialLR(o, gamma=0.9), 10)
    run("cosine", lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 22)
    run("cosine_groups", lambda o: S.CosineAnnealingLR(o, T_max=4), 9, groups=2)
    run("lambda", lambda o: S.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e), 8)
    run("onecycle", lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=20), 20)
    run("onecycle_linear_three", lambda o: S.OneCycleLR(o, max_lr=1.0, epochs=3, steps_per_epoch=4, pct_start=0.25,
                                                        anneal_strategy="linear", three_phase=True), 12)
    run("onecycle_adam", lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=10), 10, optimizer="Adam",
        opt_kwargs={"lr": 0.001})
    metrics = [1.0, 0.9, 0.95, 0.95, 0.94, 0.96, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    run("plateau", lambda o: S.ReduceLROnPlateau(o, patience=2, factor=0.5, cooldown=1, min_lr=0.02), len(metrics),
        metrics=metrics)
    run("plateau_max_abs", lambda o: S.ReduceLROnPlateau(o, mode="max", threshold=0.05, threshold_mode="abs", patience=1),
        len(metrics), metrics=metrics)
    return cases


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    data = {"p0": [floats(p) for p in P0], "shapes": [list(p.shape) for p in P0],
            "grads": [[None if g is None else floats(g) for g in gs] for gs in GRADS],
            "cases": optimizers()}
    (OUT / "optimizers.json").write_text(json.dumps(data, indent=1) + "\n")
    (OUT / "schedulers.json").write_text(json.dumps({"cases": schedulers()}, indent=1) + "\n")


if __name__ == "__main__":
    main()
