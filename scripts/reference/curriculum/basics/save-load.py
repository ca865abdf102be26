# PyTorch twin of notebooks/basics/save-load.md.
from torchenv import torch, torchvision
import torchvision.models as models

# %% cell 1
model = models.resnet18()
torch.save(model.state_dict(), "model_weights.pth")

# %% cell 2
model = models.resnet18()  # no weights: an untrained model
model.load_state_dict(torch.load("model_weights.pth", weights_only=True))
model.eval()

# %% cell 3
saved = models.resnet18()
saved.load_state_dict(torch.load("model_weights.pth", weights_only=True))
saved.eval()
image = torch.rand(1, 3, 224, 224)
with torch.no_grad():
    same = model(image).equal(saved(image))
print(same)

# %% cell 4 skip
torch.save(model, "model.pth")

# %% cell 5 skip
model = torch.load("model.pth", weights_only=False)
