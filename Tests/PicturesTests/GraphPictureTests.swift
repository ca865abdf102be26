import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Pictures
@testable import Autograd

final class GraphPictureTests: XCTestCase {
    /// The graph of the tutorial's `Q = 3a³ − b²`, as torchviz draws it.
    private let tutorial = GraphPicture(
        nodes: [
            .init(id: 0, label: "Q", detail: "(2)", kind: .output),
            .init(id: 1, label: "SubBackward0", kind: .operation),
            .init(id: 2, label: "MulBackward0", kind: .operation),
            .init(id: 3, label: "PowBackward0", kind: .operation),
            .init(id: 4, label: "AccumulateGrad", kind: .operation),
            .init(id: 5, label: "a", detail: "(2)", kind: .leaf),
            .init(id: 6, label: "PowBackward0", kind: .operation),
            .init(id: 7, label: "AccumulateGrad", kind: .operation),
            .init(id: 8, label: "b", detail: "(2)", kind: .leaf),
        ],
        edges: [(5, 4), (4, 3), (3, 2), (2, 1), (8, 7), (7, 6), (6, 1), (1, 0)])

    private func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let document = try XMLDocument(xmlString: svg, options: [])
        return try XCTUnwrap(document.rootElement(), file: file, line: line)
    }

    private func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    /// The rectangles of the boxes, by their first text line.
    private func boxes(_ root: XMLElement) throws -> [(label: String, x: Double, y: Double, width: Double)] {
        try root.nodes(forXPath: "//*[local-name()='g']").compactMap { node in
            guard let group = node as? XMLElement,
                  let rect = group.elements(forName: "rect").first,
                  let text = group.elements(forName: "text").first?.stringValue else { return nil }
            func number(_ name: String) -> Double { Double(attribute(name, of: rect) ?? "") ?? .nan }
            return (text, number("x"), number("y"), number("width"))
        }
    }

    func testTutorialGraphIsWellFormedStandaloneSVG() throws {
        let svg = tutorial.svg()
        let root = try parse(svg)
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.uri, "http://www.w3.org/2000/svg")
        XCTAssertNotNil(attribute("viewBox", of: root))
        let labels = try boxes(root).map(\.label)
        XCTAssertEqual(labels.sorted(), ["AccumulateGrad", "AccumulateGrad", "MulBackward0", "PowBackward0",
                                         "PowBackward0", "Q", "SubBackward0", "a", "b"])
        XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='path'][@marker-end]").count, 8, "one arrow per edge")
        XCTAssertTrue(svg.contains(">(2)</text>"), "leaves and the output show their shape")
        XCTAssertTrue(svg.contains("fill=\"#add8e6\""), "leaves have their own colour")
        XCTAssertTrue(svg.contains("fill=\"#caff70\""), "so does the output")
    }

    func testLayersGoTopToBottomAndBoxesFitTheirLabels() throws {
        let boxes = try self.boxes(parse(tutorial.svg()))
        func top(_ label: String) -> Double { boxes.first { $0.label == label }!.y }
        XCTAssertLessThan(top("a"), top("PowBackward0"))
        XCTAssertLessThan(top("MulBackward0"), top("SubBackward0"))
        XCTAssertLessThan(top("SubBackward0"), top("Q"))
        for box in boxes {
            XCTAssertGreaterThanOrEqual(box.width, Double(box.label.count) * 7, "\(box.label) fits its box")
        }
        // Boxes of one layer do not overlap.
        for first in boxes {
            for second in boxes where first.label != second.label && first.y == second.y {
                XCTAssertTrue(first.x + first.width <= second.x || second.x + second.width <= first.x,
                              "\(first.label) overlaps \(second.label)")
            }
        }
    }

    func testOutputIsDeterministic() {
        XCTAssertEqual(tutorial.svg(), tutorial.svg())
    }

    func testLabelsAreEscaped() throws {
        let picture = GraphPicture(nodes: [.init(id: 1, label: "<script>&\"x\"", detail: "a\u{1}b", kind: .leaf)], edges: [])
        let root = try parse(picture.svg())
        XCTAssertEqual(try boxes(root).first?.label, "<script>&\"x\"")
    }

    func testOddInputDoesNotCrash() throws {
        // A cycle, a self-loop, a duplicate edge, an unknown id and a duplicate node.
        let picture = GraphPicture(
            nodes: [.init(id: 1, label: "A", kind: .operation), .init(id: 2, label: "B", kind: .operation),
                    .init(id: 1, label: "dup", kind: .leaf)],
            edges: [(1, 2), (2, 1), (1, 1), (1, 2), (3, 1)])
        let root = try parse(picture.svg())
        XCTAssertEqual(try boxes(root).map(\.label).sorted(), ["A", "B"])
        XCTAssertNoThrow(try parse(GraphPicture(nodes: [], edges: []).svg()))
    }

    func testLongEdgesBendAroundLayers() throws {
        // x → y → z and x → z: the long edge passes through a dummy point.
        let picture = GraphPicture(
            nodes: [.init(id: 0, label: "x", kind: .leaf), .init(id: 1, label: "y", kind: .operation),
                    .init(id: 2, label: "z", kind: .output)],
            edges: [(0, 1), (1, 2), (0, 2)])
        let svg = picture.svg()
        XCTAssertNoThrow(try parse(svg))
        XCTAssertTrue(svg.contains(" L "), "the long edge is a polyline")
    }
}
