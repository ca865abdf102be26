# PyTorch twin of notebooks/recipes/saving-loading-inference.md.
from torchenv import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# %% cell 1
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
print(net)

# %% cell 2
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# %% cell 3
PATH = "state_dict_model.pt"

torch.save(net.state_dict(), PATH)

model = Net()
model.load_state_dict(torch.load(PATH))
model.eval()

# %% cell 4
input = torch.randn(1, 3, 32, 32)
print(net(input).equal(model(input)))
