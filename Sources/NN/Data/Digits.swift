/// The 8 × 8 handwritten digits shipped with the notebooks
/// (`notebooks/data/digits`, scikit-learn's copy of the UCI set): 1,797 images
/// and their labels in idx files under `root`.
public final class Digits: IDXImageDataset {
    public init(root: String, transform: Transform? = nil, targetTransform: ((Int) throws -> SampleValue)? = nil) throws {
        let files = try Self.locate(["digits-images-idx3-ubyte", "digits-labels-idx1-ubyte"],
                                    in: root, dataset: "Digits", download: false)
        try super.init(imagesFile: files[0], labelsFile: files[1], transform: transform, targetTransform: targetTransform)
    }
}
