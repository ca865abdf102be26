# PyTorch twin of notebooks/autograd.md (and its translations).
from torchenv import torch, torchvision
from torchvision.models import resnet18

# %% cell 1 skip
pretrained = resnet18(weights=torchvision.models.ResNet18_Weights.DEFAULT)

# %% cell 2
model = resnet18()
data = torch.rand(1, 3, 64, 64)
labels = torch.rand(1, 1000)

# %% cell 3
prediction = model(data)
print(prediction.shape)

# %% cell 4
loss = (prediction - labels).sum()
loss.backward()
print(loss)

# %% cell 5
optim = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)

# %% cell 6
optim.step()
print(model.conv1.weight.grad.shape)

# %% cell 7
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)

# %% cell 8
Q = 3 * a ** 3 - b ** 2
print(Q)

# %% cell 9
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)

# %% cell 10
print(9 * a ** 2 == a.grad)
print(-2 * b == b.grad)

# %% cell 11
# The graph picture has no PyTorch counterpart (torchviz draws a similar one).

# %% cell 12
print(Q.grad_fn)
print(a.is_leaf, Q.is_leaf)

# %% cell 13
x = torch.tensor([1., -2., 3.], requires_grad=True)
y = x * 2
steps = 0
while y.abs().sum().item() < 100:
    y = y * 2
    steps += 1
print(f"doubled {steps} more times:", y)
y.sum().backward()
print(x.grad)

# %% cell 14
x1 = torch.rand(5, 5)
y1 = torch.rand(5, 5)
z1 = torch.rand((5, 5), requires_grad=True)

a1 = x1 + y1
print(f"Does `a` require gradients? : {a1.requires_grad}")
b1 = x1 + z1
print(f"Does `b` require gradients?: {b1.requires_grad}")

# %% cell 15
net = resnet18()
for param in net.parameters():
    param.requires_grad = False

# %% cell 16
net.fc = torch.nn.Linear(512, 10)
print(net.fc)

# %% cell 17
trainable = [name for name, p in net.named_parameters() if p.requires_grad]
print(trainable)

# %% cell 18
optimizer = torch.optim.SGD(net.parameters(), lr=1e-2, momentum=0.9)
conv_before = net.conv1.weight.clone()
fc_before = net.fc.weight.clone()

scores = net(data)
fine_loss = (scores - torch.rand(1, 10)).sum()
fine_loss.backward()
optimizer.step()

print("conv1 changed:", not net.conv1.weight.equal(conv_before))
print("fc changed:", not net.fc.weight.equal(fc_before))
print("conv1 has a gradient:", net.conv1.weight.grad is not None)

# %% cell 19
with torch.no_grad():
    evaluated = net(data)
print(evaluated.requires_grad, evaluated.grad_fn is None)
