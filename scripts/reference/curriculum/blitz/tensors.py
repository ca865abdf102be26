# PyTorch twin of notebooks/blitz/tensors.md.
from torchenv import torch

# %% cell 1
x = torch.empty(5, 3)
print(x)

# %% cell 2
x = torch.rand(5, 3)
print(x)

# %% cell 3
x = torch.zeros(5, 3, dtype=torch.long)
print(x)

# %% cell 4
x = torch.tensor([5.5, 3])
print(x)

# %% cell 5
x = x.new_ones(5, 3, dtype=torch.double)      # new_* methods take in sizes
print(x)

x = torch.randn_like(x, dtype=torch.float)    # override dtype!
print(x)                                      # result has the same size

# %% cell 6
print(x.size())

# %% cell 7
y = torch.rand(5, 3)
print(x + y)

# %% cell 8
print(torch.add(x, y))

# %% cell 9 skip
result = torch.empty(5, 3)
torch.add(x, y, out=result)
print(result)

# %% cell 10
y.add_(x)
print(y)

# %% cell 11
print(x[:, 1])

# %% cell 12
x = torch.randn(4, 4)
y = x.view(16)
z = x.view(-1, 8)  # the size -1 is inferred from other dimensions
print(x.size(), y.size(), z.size())

# %% cell 13
x = torch.randn(1)
print(x)
print(x.item())

# %% cell 14
if torch.cuda.is_available():
    device = torch.device("cuda")          # a CUDA device object
    y = torch.ones_like(x, device=device)  # directly create a tensor on GPU
    x = x.to(device)                       # or just use strings ``.to("cuda")``
    z = x + y
    print(z)
    print(z.to("cpu", torch.double))       # ``.to`` can also change dtype together!
