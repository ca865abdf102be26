#!/usr/bin/env python3
"""Times the same ResNet18 cases with PyTorch and with `notebook-bench`, and
prints both medians and the ratio ours / PyTorch per case.

    python3 bench/compare_torch.py [--size 64] [--batch 1] [--threads 2] [--iterations 20] [--bench PATH]

PyTorch runs in this process; each case runs ours and then PyTorch's back to
back, so that both see the same machine load. It needs `torch` (the CPU wheel is
enough); torchvision's ResNet18 is used when installed, else the same network
written in plain torch below. `notebook-bench` is built in release mode into
`.build/`, unless `--bench` names an already built binary.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CASES = ["train_step", "forward", "backward", "sgd_step", "finetune_step"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def resnet18(torch, num_classes=1000):
    """torchvision's ResNet18, with the same module structure and parameter names."""
    try:
        import torchvision
        return torchvision.models.resnet18(num_classes=num_classes)
    except ImportError:
        pass
    nn = torch.nn

    class BasicBlock(nn.Module):
        def __init__(self, inplanes, planes, stride=1, downsample=None):
            super().__init__()
            self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = downsample

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            return self.relu(out + identity)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.inplanes = 64
            self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, 2, 1)
            self.layer1 = self._make_layer(64, 1)
            self.layer2 = self._make_layer(128, 2)
            self.layer3 = self._make_layer(256, 2)
            self.layer4 = self._make_layer(512, 2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                elif isinstance(m, nn.BatchNorm2d):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)

        def _make_layer(self, planes, stride):
            downsample = None
            if stride != 1 or self.inplanes != planes:
                downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
            layers = [BasicBlock(self.inplanes, planes, stride, downsample), BasicBlock(planes, planes)]
            self.inplanes = planes
            return nn.Sequential(*layers)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return ResNet()


def time_torch(case, size, batch, threads, iterations, warmup):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = resnet18(torch)
    data = torch.rand(batch, 3, size, size)
    labels = torch.rand(batch, 1000)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)

    if case == "finetune_step":
        for p in model.parameters():
            p.requires_grad = False
        model.fc = torch.nn.Linear(512, 10)
        labels = torch.rand(batch, 10)
        optimizer = torch.optim.SGD(model.fc.parameters(), lr=1e-2, momentum=0.9)
    if case == "forward":
        model.eval()

    def train_step():
        optimizer.zero_grad()
        loss = (model(data) - labels).sum()
        loss.backward()
        optimizer.step()

    if case in ("sgd_step", "backward"):
        train_step()  # gradients and momentum buffers exist

    samples = []
    for i in range(warmup + iterations):
        if case == "backward":
            optimizer.zero_grad()
            loss = (model(data) - labels).sum()
            start = time.perf_counter()
            loss.backward()
        elif case == "forward":
            start = time.perf_counter()
            with torch.no_grad():
                model(data)
        elif case == "sgd_step":
            start = time.perf_counter()
            optimizer.step()
        else:
            start = time.perf_counter()
            train_step()
        elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            samples.append(elapsed)
    return statistics.median(samples), min(samples)


def build_ours(args):
    """The notebook-bench binary: `--bench`, or a release build in `.build/`."""
    if args.bench is not None:
        return args.bench
    subprocess.run(["swift", "build", "-c", "release", "--product", "notebook-bench"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "notebook-bench")


def run_ours(binary, args, case):
    out = subprocess.run([binary, "--size", str(args.size), "--batch", str(args.batch), "--threads", str(args.threads),
                          "--iterations", str(args.iterations), "--warmup", str(args.warmup), "--case", case],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return rows[0] if rows else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--bench", help="path of a built notebook-bench (default: build one into .build/)")
    args = parser.parse_args()

    import torch
    binary = build_ours(args)
    # PyTorch's first training steps in a process are several times slower than later ones
    # (lazy initialisation): one untimed run first, so that no case pays for it.
    time_torch("train_step", args.size, args.batch, args.threads, max(1, args.iterations // 4), args.warmup)
    # Each case runs ours, then PyTorch's, back to back, so that both see the same machine load.
    rows = []
    for case in CASES:
        mine = run_ours(binary, args, case)
        torch_median, _ = time_torch(case, args.size, args.batch, args.threads, args.iterations, args.warmup)
        rows.append((case, mine, torch_median))
    kernels = next((mine["blas_kernels"] for _, mine, _ in rows if mine and "blas_kernels" in mine), "?")
    print(f"ResNet18, {args.batch}x3x{args.size}x{args.size}, {args.threads} threads, median of {args.iterations} "
          f"(torch {torch.__version__}, OpenBLAS {kernels} kernels, {os.cpu_count()} cores)")
    print(f"{'case':<15}{'notebook ms':>13}{'PyTorch ms':>13}{'ratio':>8}")
    for case, mine, torch_median in rows:
        if mine is None:
            print(f"{case:<15}{'-':>13}{torch_median:>13.2f}{'-':>8}")
            continue
        print(f"{case:<15}{mine['median_ms']:>13.2f}{torch_median:>13.2f}{mine['median_ms'] / torch_median:>8.2f}")

if __name__ == "__main__":
    sys.exit(main())
