# PyTorch twin of notebooks/basics/data.md.
from torchenv import torch
from torch.utils.data import DataLoader, Dataset, random_split
from torchvision.transforms import ToTensor

from digits import Digits

# %% cell 1 skip
from torchvision import datasets
training_data = datasets.FashionMNIST(root="data", train=True, download=False, transform=ToTensor())
test_data = datasets.FashionMNIST(root="data", train=False, download=False, transform=ToTensor())

# %% cell 2
digits = Digits(root="data/digits", transform=ToTensor())
training_data, test_data = random_split(digits, [1500, 297], generator=torch.Generator().manual_seed(42))
print(len(training_data), len(test_data))

# %% cell 3
labels_map = {0: "Zero", 1: "One", 2: "Two", 3: "Three", 4: "Four",
              5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(i, labels_map[label], img.squeeze().shape)

# %% cell 4 skip

# %% cell 5
class CustomImageDataset(Dataset):
    def __init__(self, images, labels, transform=None, target_transform=None):
        self.images = images
        self.labels = labels
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        image = self.images[idx]
        label = self.labels[idx].item()
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label

raw = Digits(root="data/digits")
custom = CustomImageDataset(torch.tensor(raw.images, dtype=torch.int64), torch.tensor(raw.targets),
                            transform=lambda x: x.float() / 255)
image, label = custom[0]
print(len(custom), image.shape, label)

# %% cell 6
train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64, shuffle=True)

# %% cell 7
for train_features, train_labels in train_dataloader:
    print(f"Feature batch shape: {train_features.size()}")
    print(f"Labels batch shape: {train_labels.size()}")
    img = train_features[0].squeeze()
    label = train_labels[0]
    print(f"Label: {label.item()}")
    break
