# PyTorch twin of notebooks/basics/build-model.md.
from torchenv import torch
from torch import nn

# %% cell 1
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")

# %% cell 2
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        # The notebook's Swift property name, so that printed names agree.
        self.linearReluStack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linearReluStack(x)
        return logits

# %% cell 3
model = NeuralNetwork().to(device)
print(model)

# %% cell 4
X = torch.rand(1, 28, 28, device=device)
logits = model(X)
pred_probab = nn.Softmax(dim=1)(logits)
y_pred = pred_probab.argmax(1)
print(f"Predicted class: {y_pred}")

# %% cell 5
input_image = torch.rand(3, 28, 28)
print(input_image.size())

# %% cell 6
flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.size())

# %% cell 7
layer1 = nn.Linear(28 * 28, 20)
hidden1 = layer1(flat_image)
print(hidden1.size())

# %% cell 8
print(f"Before ReLU: {hidden1}\n\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")

# %% cell 9
seq_modules = nn.Sequential(
    flatten,
    layer1,
    nn.ReLU(),
    nn.Linear(20, 10)
)
input_image = torch.rand(3, 28, 28)
logits = seq_modules(input_image)

# %% cell 10
softmax = nn.Softmax(dim=1)
pred_probab = softmax(logits)

# %% cell 11
print("Model structure: ", model, "\n\n")

for name, param in model.named_parameters():
    print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")
