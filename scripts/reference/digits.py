"""The shipped 8×8 digits (notebooks/*/data/digits) as a torchvision dataset.

The notebooks read scikit-learn's digits, shipped as MNIST's idx files, with
`Digits(root: "data/digits", transform: …)`; this is the same dataset for
their PyTorch twins: sample `i` is the image as a greyscale PIL image through
`transform` and its label as an `int`, exactly as `torchvision.datasets.MNIST`
gives them.
"""

import gzip
import os
import struct

import numpy as np
from PIL import Image
from torch.utils.data import Dataset


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(shape)


class Digits(Dataset):
    def __init__(self, root, transform=None, target_transform=None):
        self.images = read_idx(os.path.join(root, "digits-images-idx3-ubyte.gz"))
        self.targets = read_idx(os.path.join(root, "digits-labels-idx1-ubyte.gz")).astype(np.int64)
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        image = Image.fromarray(self.images[index], mode="L")
        label = int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label
