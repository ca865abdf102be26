import Script

/// An output sink that keeps what was written.
public final class CapturingSink: OutputSink {
    /// Everything printed, in order.
    public var text = ""
    /// The SVG pictures displayed, in order.
    public var pictures: [String] = []

    public init() {}

    public func write(_ text: String) { self.text += text }
    public func display(svg: String) { pictures.append(svg) }
}
