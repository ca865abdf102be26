# PyTorch twin of notebooks/basics/transforms.md.
from torchenv import torch
from torchvision.transforms import ToTensor, Lambda

import numpy as np

from digits import Digits

# %% cell 1 skip
ds = Digits(
    root="data/digits",
    transform=ToTensor(),
    target_transform=Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
)

# %% cell 2 skip
image, label = ds[0]
print(image.shape, image.dtype, image.max())
print(label)

# %% cell 3
raw = Digits(root="data/digits")
picture, _ = raw[0]
bytes_ = torch.tensor(np.array(picture), dtype=torch.int64)  # the engine's picture of a PIL image
print(bytes_.shape, bytes_.dtype, bytes_.max())
print(ToTensor()(picture)[0, 2])

# %% cell 4 skip
target_transform = Lambda(lambda y: torch.zeros(
    10, dtype=torch.float).scatter_(dim=0, index=torch.tensor(y), value=1))
print(target_transform(3))
