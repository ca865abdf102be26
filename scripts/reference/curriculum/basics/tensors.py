# PyTorch twin of notebooks/basics/tensors.md.
from torchenv import torch

# %% cell 1
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)

# %% cell 2
x_ones = torch.ones_like(x_data)
print(f"Ones Tensor: \n {x_ones} \n")

# %% cell 3
shape = (2, 3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)

print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")

# %% cell 4
tensor = torch.rand(3, 4)

print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

# %% cell 5
tensor = torch.rand(3, 4)
if torch.cuda.is_available():
    tensor = tensor.to("cuda")

# %% cell 6
tensor = torch.ones(4, 4)
print('First row: ', tensor[0])
print('First column: ', tensor[:, 0])
print('Last column:', tensor[..., -1])
tensor[:, 1] = 0
print(tensor)

# %% cell 7
t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)

# %% cell 8
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)

y3 = torch.rand_like(tensor)
torch.matmul(tensor, tensor.T, out=y3)

z1 = tensor * tensor
z2 = tensor.mul(tensor)

z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)

# %% cell 9
agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))

# %% cell 10
print(tensor, "\n")
tensor.add_(5)
print(tensor)
