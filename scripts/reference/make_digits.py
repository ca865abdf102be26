"""scikit-learn's 8×8 handwritten digits as idx files under notebooks/data/digits/.

The same files are copied to notebooks/{basics,blitz,nn}/data/digits/, the
data folders of the notebooks that read them (a cell reads only inside its
notebook's folder).

The 1,797 images (values 0 to 16) are scaled to bytes (v * 255 // 16) and
written as MNIST's idx format, gzip-compressed:

    digits-images-idx3-ubyte.gz   magic 0x00000803, [1797, 8, 8] unsigned bytes
    digits-labels-idx1-ubyte.gz   magic 0x00000801, [1797] unsigned bytes, 0 to 9

    pip install scikit-learn; python scripts/reference/make_digits.py
"""

import gzip
import pathlib
import struct

from sklearn.datasets import load_digits

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"
OUTS = [NOTEBOOKS / folder / "data" / "digits" for folder in (".", "basics", "blitz", "nn")]


def write(path, header, payload):
    # mtime=0: the same bytes on every run.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + payload)


def main():
    digits = load_digits()
    images = (digits.images.astype("int64") * 255 // 16).astype("uint8")
    labels = digits.target.astype("uint8")
    n = len(labels)
    for out in OUTS:
        out.mkdir(parents=True, exist_ok=True)
        write(out / "digits-images-idx3-ubyte.gz", struct.pack(">IIII", 0x803, n, 8, 8), images.tobytes())
        write(out / "digits-labels-idx1-ubyte.gz", struct.pack(">II", 0x801, n), labels.tobytes())


if __name__ == "__main__":
    main()
