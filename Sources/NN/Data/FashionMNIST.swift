/// torchvision's `FashionMNIST`: MNIST's layout and format under
/// `root/FashionMNIST/raw/`, Zalando's 28 × 28 pictures of clothes.
public final class FashionMNIST: MNIST {
    override class var folderName: String { "FashionMNIST" }
}
