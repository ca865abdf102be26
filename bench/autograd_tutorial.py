#!/usr/bin/env python3
"""The seed tutorial's code (PyTorch's "A Gentle Introduction to torch.autograd"),
with ResNet18 written in plain torch (see compare_torch.py), for timing against
`notebook run notebooks/autograd.md`:

    /usr/bin/time -f "%e s %M KB" python3 bench/autograd_tutorial.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_torch import resnet18  # noqa: E402

torch.manual_seed(0)
model = resnet18(torch)
data = torch.rand(1, 3, 64, 64)
labels = torch.rand(1, 1000)

prediction = model(data)
print(list(prediction.shape))
loss = (prediction - labels).sum()
loss.backward()
print(loss)
optim = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
optim.step()

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
print(Q)
Q.backward(gradient=torch.tensor([1., 1.]))
print(9 * a ** 2 == a.grad)
print(-2 * b == b.grad)

x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)
print(f"Does `a` require gradients? : {(x + y).requires_grad}")
print(f"Does `b` require gradients?: {(x + z).requires_grad}")

net = resnet18(torch)
for param in net.parameters():
    param.requires_grad = False
net.fc = torch.nn.Linear(512, 10)
print([n for n, p in net.named_parameters() if p.requires_grad])
optimizer = torch.optim.SGD(net.parameters(), lr=1e-2, momentum=0.9)
(net(data) - torch.rand(1, 10)).sum().backward()
optimizer.step()
with torch.no_grad():
    print(net(data).requires_grad)
