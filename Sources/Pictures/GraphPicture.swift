import Autograd
/// A picture of an autograd graph, drawn as SVG with a layout of its own (no
/// Graphviz): nodes in layers from top to bottom, edges as arrows.
///
/// The picture is built from a neutral description (nodes and edges), so it
/// knows nothing of `Tensor`; `graph(of:)` fills it in from a real graph.
/// Nodes are named like PyTorch's `grad_fn` (`MulBackward0`,
/// `AccumulateGrad`); leaves (tensors that require grad) and the output
/// tensor are boxes of their own colour showing their shape, as torchviz
/// draws them. The same picture always gives the same bytes.
public struct GraphPicture: Sendable {
    /// What a node stands for; each kind has its own colour.
    public enum Kind: Sendable, Equatable {
        /// A backward function (`MulBackward0`, `AccumulateGrad`).
        case operation
        /// A tensor that requires grad and was created by the user.
        case leaf
        /// The tensor the graph was drawn for.
        case output
    }

    /// One box of the picture.
    public struct Node: Sendable, Equatable {
        /// Identifies the node in edges.
        public var id: Int
        /// The first line of the box, such as `MulBackward0` or `a`.
        public var label: String
        /// Further lines, such as the shape `(2)`, separated by `\n`.
        public var detail: String?
        /// What the node stands for.
        public var kind: Kind

        /// A node.
        public init(id: Int, label: String, detail: String? = nil, kind: Kind) {
            self.id = id
            self.label = label
            self.detail = detail
            self.kind = kind
        }
    }

    /// The boxes.
    public var nodes: [Node]
    /// Arrows from one node's id to another's; the target is drawn below the source.
    public var edges: [(from: Int, to: Int)]

    /// A picture of `nodes` joined by `edges`. Edges naming unknown ids are
    /// ignored; of nodes sharing an id, the first counts.
    public init(nodes: [Node], edges: [(from: Int, to: Int)]) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The picture as a standalone SVG document.
    public func svg() -> String {
        GraphLayout(self).svg()
    }
}

/// Lays out a `GraphPicture` and writes its SVG: longest-path layering,
/// dummy nodes on edges that skip layers, barycentre ordering sweeps, then
/// coordinates that pull each node toward its neighbours without overlaps.
private struct GraphLayout {
    /// A box, or a dummy point that a long edge passes through.
    struct Vertex {
        var node: GraphPicture.Node?
        var lines: [String]
        var width: Double
        var height: Double
        var layer = 0
        var x = 0.0
        var y = 0.0
    }

    static let fontSize = 12.0
    static let characterWidth = 7.3  // DejaVu Sans Mono at 12px
    static let lineHeight = 15.0
    static let paddingX = 10.0
    static let paddingY = 7.0
    static let horizontalGap = 18.0
    static let verticalGap = 34.0
    static let margin = 12.0
    static let dummyWidth = 6.0

    var vertices: [Vertex] = []
    /// Edges between vertices, each one layer down after dummies are added.
    var links: [(from: Int, to: Int)] = []
    /// For each original edge, the chain of vertices it passes through.
    var paths: [[Int]] = []
    var layers: [[Int]] = []

    init(_ picture: GraphPicture) {
        var index: [Int: Int] = [:]
        for node in picture.nodes where index[node.id] == nil {
            index[node.id] = vertices.count
            var lines = [node.label]
            if let detail = node.detail {
                lines += detail.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            let longest = lines.map(\.count).max() ?? 0
            vertices.append(Vertex(
                node: node, lines: lines,
                width: max(Double(longest) * Self.characterWidth + 2 * Self.paddingX, 40),
                height: Double(lines.count) * Self.lineHeight + 2 * Self.paddingY))
        }
        var seen = Set<[Int]>()
        let edges = picture.edges.compactMap { edge -> (Int, Int)? in
            guard let from = index[edge.from], let to = index[edge.to], from != to,
                  seen.insert([from, to]).inserted else { return nil }
            return (from, to)
        }
        assignLayers(edges)
        addDummies(edges)
        order()
        place()
    }

    /// Longest path from the sources; nodes on a cycle go below everything
    /// reached before them (the cycle's closing edge then points up).
    private mutating func assignLayers(_ edges: [(Int, Int)]) {
        let count = vertices.count
        var incoming = Array(repeating: 0, count: count)
        var outgoing = Array(repeating: [Int](), count: count)
        for (from, to) in edges {
            incoming[to] += 1
            outgoing[from].append(to)
        }
        var layer = Array(repeating: 0, count: count)
        var done = Array(repeating: false, count: count)
        var ready = (0..<count).filter { incoming[$0] == 0 }
        var processed = 0
        while processed < count {
            if ready.isEmpty {
                // A cycle: release its first unprocessed node.
                guard let stuck = (0..<count).first(where: { !done[$0] }) else { break }
                ready.append(stuck)
                incoming[stuck] = 0
            }
            let vertex = ready.removeFirst()
            if done[vertex] { continue }
            done[vertex] = true
            processed += 1
            for next in outgoing[vertex] where !done[next] {
                layer[next] = max(layer[next], layer[vertex] + 1)
                incoming[next] -= 1
                if incoming[next] == 0 { ready.append(next) }
            }
        }
        for vertex in 0..<count { vertices[vertex].layer = layer[vertex] }
    }

    /// Splits edges that skip layers with dummy vertices, one per layer.
    private mutating func addDummies(_ edges: [(Int, Int)]) {
        for (from, to) in edges {
            var path = [from]
            let start = vertices[from].layer
            let end = vertices[to].layer
            if end > start + 1 {
                for layer in (start + 1)..<end {
                    var dummy = Vertex(node: nil, lines: [], width: Self.dummyWidth, height: 0)
                    dummy.layer = layer
                    vertices.append(dummy)
                    path.append(vertices.count - 1)
                }
            }
            path.append(to)
            for step in 0..<(path.count - 1) { links.append((path[step], path[step + 1])) }
            paths.append(path)
        }
        let depth = (vertices.map(\.layer).max() ?? -1) + 1
        layers = Array(repeating: [], count: depth)
        for vertex in vertices.indices { layers[vertices[vertex].layer].append(vertex) }
    }

    /// Orders each layer by the barycentre of its neighbours in the layer
    /// above, then below, a few times over.
    private mutating func order() {
        var above = Array(repeating: [Int](), count: vertices.count)
        var below = Array(repeating: [Int](), count: vertices.count)
        for (from, to) in links where vertices[to].layer == vertices[from].layer + 1 {
            above[to].append(from)
            below[from].append(to)
        }
        var position = Array(repeating: 0.0, count: vertices.count)
        func record(_ layer: [Int]) {
            for (place, vertex) in layer.enumerated() { position[vertex] = Double(place) }
        }
        layers.forEach(record)
        func sweep(_ layerIndices: [Int], neighbours: [[Int]]) {
            for index in layerIndices {
                let keyed = layers[index].enumerated().map { place, vertex -> (Double, Int, Int) in
                    let around = neighbours[vertex]
                    let key = around.isEmpty
                        ? position[vertex]
                        : around.map { position[$0] }.reduce(0, +) / Double(around.count)
                    return (key, place, vertex)
                }
                layers[index] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                record(layers[index])
            }
        }
        guard layers.count > 1 else { return }
        for _ in 0..<3 {
            sweep(Array(1..<layers.count), neighbours: above)
            sweep(Array((0..<(layers.count - 1)).reversed()), neighbours: below)
        }
    }

    /// Coordinates: each layer's nodes pulled toward the mean x of their
    /// neighbours, kept in order and apart; layers stacked top to bottom.
    private mutating func place() {
        var neighbours = Array(repeating: [Int](), count: vertices.count)
        for (from, to) in links {
            neighbours[to].append(from)
            neighbours[from].append(to)
        }
        // Start: each layer packed from the left.
        for layer in layers {
            var x = 0.0
            for vertex in layer {
                vertices[vertex].x = x + vertices[vertex].width / 2
                x += vertices[vertex].width + Self.horizontalGap
            }
        }
        for pass in 0..<4 {
            let sequence = pass % 2 == 0 ? Array(layers.indices) : Array(layers.indices.reversed())
            for layerIndex in sequence {
                let layer = layers[layerIndex]
                guard !layer.isEmpty else { continue }
                let desired = layer.map { vertex -> Double in
                    let around = neighbours[vertex].filter { abs(vertices[$0].layer - layerIndex) == 1 }
                    guard !around.isEmpty else { return vertices[vertex].x }
                    return around.map { vertices[$0].x }.reduce(0, +) / Double(around.count)
                }
                func gap(_ left: Int, _ right: Int) -> Double {
                    vertices[layer[left]].width / 2 + Self.horizontalGap + vertices[layer[right]].width / 2
                }
                var fromLeft = desired
                for place in 1..<max(layer.count, 1) where place < layer.count {
                    fromLeft[place] = max(desired[place], fromLeft[place - 1] + gap(place - 1, place))
                }
                var fromRight = desired
                for place in stride(from: layer.count - 2, through: 0, by: -1) {
                    fromRight[place] = min(desired[place], fromRight[place + 1] - gap(place, place + 1))
                }
                for place in layer.indices {
                    vertices[layer[place]].x = (fromLeft[place] + fromRight[place]) / 2
                }
            }
        }
        let left = vertices.map { $0.x - $0.width / 2 }.min() ?? 0
        for vertex in vertices.indices { vertices[vertex].x += Self.margin - left }
        var y = Self.margin
        for layer in layers {
            let height = layer.map { vertices[$0].height }.max() ?? 0
            for vertex in layer { vertices[vertex].y = y + height / 2 }
            y += max(height, Self.lineHeight) + Self.verticalGap
        }
    }

    // MARK: - SVG

    func svg() -> String {
        let width = (vertices.map { $0.x + $0.width / 2 }.max() ?? 0) + Self.margin
        let height = (vertices.map { $0.y + $0.height / 2 }.max() ?? 0) + Self.margin
        let fullWidth = max(width, 120)
        let fullHeight = max(height, 40)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(fullWidth))" height="\(number(fullHeight))" \
            viewBox="0 0 \(number(fullWidth)) \(number(fullHeight))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" \
            font-size="\(number(Self.fontSize))">

            """
        svg += "<title>autograd graph</title>\n"
        svg += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
        svg += "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#444444\"/></marker></defs>\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        if vertices.isEmpty {
            svg += "<text x=\"\(number(fullWidth / 2))\" y=\"24\" text-anchor=\"middle\" fill=\"#555555\">empty graph</text>\n"
        }
        let ports = self.ports()
        for (number, path) in paths.enumerated() {
            svg += edge(path, ports: ports[number])
        }
        for vertex in vertices {
            guard let node = vertex.node else { continue }
            svg += box(vertex, node)
        }
        return svg + "</svg>\n"
    }

    /// Where each edge leaves its source and enters its target (x offsets
    /// from the boxes' centres): several edges at one box are spread along
    /// its side in the order of the boxes they come from or go to.
    private func ports() -> [(out: Double, in: Double)] {
        var result = Array(repeating: (out: 0.0, in: 0.0), count: paths.count)
        func spread(_ edges: [Int], on vertex: Int, other: (Int) -> Int, assign: (Int, Double) -> Void) {
            let sorted = edges.sorted { (vertices[other($0)].x, $0) < (vertices[other($1)].x, $1) }
            let usable = vertices[vertex].width * 0.6
            for (place, edge) in sorted.enumerated() {
                let offset = sorted.count == 1 ? 0 : usable * (Double(place) / Double(sorted.count - 1) - 0.5)
                assign(edge, offset)
            }
        }
        var outgoing: [Int: [Int]] = [:]
        var incoming: [Int: [Int]] = [:]
        for (number, path) in paths.enumerated() {
            outgoing[path[0], default: []].append(number)
            incoming[path[path.count - 1], default: []].append(number)
        }
        for (vertex, edges) in outgoing {
            spread(edges, on: vertex, other: { paths[$0][1] }) { result[$0].out = $1 }
        }
        for (vertex, edges) in incoming {
            spread(edges, on: vertex, other: { paths[$0][paths[$0].count - 2] }) { result[$0].in = $1 }
        }
        return result
    }

    private func edge(_ path: [Int], ports: (out: Double, in: Double)) -> String {
        guard let first = path.first, let last = path.last else { return "" }
        let source = vertices[first]
        let target = vertices[last]
        let goesDown = target.y > source.y
        var points = [(source.x + ports.out, source.y + (goesDown ? source.height / 2 : -source.height / 2))]
        for dummy in path.dropFirst().dropLast() {
            points.append((vertices[dummy].x, vertices[dummy].y))
        }
        points.append((target.x + ports.in, target.y + (goesDown ? -target.height / 2 : target.height / 2)))
        var d = "M \(number(points[0].0)) \(number(points[0].1))"
        if points.count == 2 {
            // A gentle S-curve between consecutive layers.
            let middle = (points[0].1 + points[1].1) / 2
            d += " C \(number(points[0].0)) \(number(middle)) \(number(points[1].0)) \(number(middle)) \(number(points[1].0)) \(number(points[1].1))"
        } else {
            for point in points.dropFirst() { d += " L \(number(point.0)) \(number(point.1))" }
        }
        return "<path d=\"\(d)\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>\n"
    }

    private func box(_ vertex: Vertex, _ node: GraphPicture.Node) -> String {
        let fill: String
        switch node.kind {
        case .operation: fill = "#d9d9d9"
        case .leaf: fill = "#add8e6"
        case .output: fill = "#caff70"
        }
        let left = vertex.x - vertex.width / 2
        let top = vertex.y - vertex.height / 2
        var svg = "<g class=\"node\">"
        svg += "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(vertex.width))\" height=\"\(number(vertex.height))\" rx=\"4\" fill=\"\(fill)\" stroke=\"#333333\"/>"
        for (line, text) in vertex.lines.enumerated() {
            let baseline = top + Self.paddingY + Double(line) * Self.lineHeight + Self.lineHeight * 0.78
            svg += "<text x=\"\(number(vertex.x))\" y=\"\(number(baseline))\" text-anchor=\"middle\" fill=\"#111111\">\(escape(text))</text>"
        }
        return svg + "</g>\n"
    }

    /// A coordinate with at most one decimal.
    private func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                // Control characters are not allowed in XML.
                if let ascii = character.asciiValue, ascii < 32 { escaped += " " } else { escaped.append(character) }
            }
        }
        return escaped
    }
}
