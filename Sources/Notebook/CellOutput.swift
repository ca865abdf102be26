/// Collects what a running cell prints and the pictures it displays.
public final class CellOutput {
    /// The text printed so far.
    public private(set) var text = ""
    /// The SVG pictures displayed so far, in order.
    public private(set) var pictures: [String] = []

    /// An empty collector.
    public init() {}

    /// Appends printed text.
    public func write(_ text: String) {
        self.text += text
    }

    /// Appends a picture.
    public func display(svg: String) {
        pictures.append(svg)
    }
}
