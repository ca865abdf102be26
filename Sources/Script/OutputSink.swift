/// Where a cell's output goes: text from `print`, and rich pictures.
public protocol OutputSink: AnyObject {
    /// Appends text exactly as printed (terminators included).
    func write(_ text: String)
    /// Shows an SVG picture as a rich output.
    func display(svg: String)
}
