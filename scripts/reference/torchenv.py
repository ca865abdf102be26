"""torch and torchvision for the reference-data scripts.

The scripts in this folder make the project's reference data from PyTorch.
They are run by hand, in a virtual environment with torch and torchvision
(`pip install torch torchvision`, or a CPU wheel); the project itself never
needs them to build, run or test.

    from torchenv import torch, torchvision

torchvision's wheels from PyPI carry C++ operators built against CUDA torch.
With a CPU-only torch those operators cannot load, and torchvision's import
fails while registering their meta kernels (only used by torch.compile of the
detection operators). The models, datasets and transforms the reference data
needs are pure Python, so that registration is skipped here.
"""

import sys
import types

import torch

sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))

import torchvision  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

__all__ = ["torch", "torchvision"]
