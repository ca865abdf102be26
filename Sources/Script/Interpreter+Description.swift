/// How values print (as Swift prints them) and how their types are named.
extension Interpreter {
    /// The text `print` shows for a value (`String(describing:)`).
    public func describe(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        default: return debugDescribe(value, topLevel: true)
        }
    }

    /// The text for a value inside a collection: strings are quoted.
    func debugDescribe(_ value: Value, topLevel: Bool = false) -> String {
        switch value {
        case .void: return "()"
        case .nil: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s.debugDescription
        case .array(let elements):
            return "[" + elements.map { debugDescribe($0) }.joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            if dictionary.count == 0 { return "[:]" }
            return "[" + dictionary.entries.map { "\(debugDescribe($0.key)): \(debugDescribe($0.value))" }.joined(separator: ", ") + "]"
        case .tuple(let tuple):
            let parts = zip(tuple.elements, tuple.labels).map { element, label in
                (label.map { "\($0): " } ?? "") + debugDescribe(element)
            }
            return "(" + parts.joined(separator: ", ") + ")"
        case .range(let range):
            let op = range.isClosed ? "..." : "..<"
            if let (lower, upper) = range.doubleBounds { return "\(lower)\(op)\(upper)" }
            return (range.lower.map(String.init) ?? "") + op + (range.upper.map(String.init) ?? "")
        case .some(let wrapped): return "Optional(\(debugDescribe(wrapped)))"
        case .function(let function): return function.name == "closure" ? "(Function)" : "(Function \(function.name))"
        case .type(let type): return type.name
        case .instance(let instance): return describe(instance)
        case .host(let object): return describeHost(object, value)
        }
    }

    private func describe(_ instance: ScriptInstance) -> String {
        let location = SourceLocation(line: 0, column: 0)
        if instance.scriptClass.findComputedProperty("description") != nil || instance.fields["description"] != nil {
            if let value = try? member(of: .instance(instance), "description", at: location), case .string(let s) = value {
                return s
            }
        }
        if let enumCase = instance.enumCase {
            guard let payload = enumCase.payload else { return enumCase.name }
            return enumCase.name + debugDescribe(.tuple(payload))
        }
        if let base = instance.hostBase, let type = instance.scriptClass.hostSuperclass {
            if let describer = type.description { return describer(.instance(instance)) }
            if let described = base as? CustomStringConvertible { return described.description }
        }
        if instance.scriptClass.isStruct {
            // As Swift prints a struct: `Point(x: 1, y: 2)`.
            let fields = instance.storedProperties.map { "\($0.name): \(debugDescribe($0.value))" }
            return instance.className + "(" + fields.joined(separator: ", ") + ")"
        }
        return instance.className
    }

    private func describeHost(_ object: AnyObject, _ value: Value) -> String {
        if let type = hostType(of: object), let describer = type.description { return describer(value) }
        if let described = object as? CustomStringConvertible { return described.description }
        return "<\(typeName(of: value))>"
    }

    /// A value's type as Swift's diagnostics spell it: `Int`, `[String]`, `Int?`.
    public func typeName(of value: Value) -> String {
        switch value {
        case .void: return "()"
        case .nil: return "nil"
        case .bool: return "Bool"
        case .int: return "Int"
        case .double: return "Double"
        case .string: return "String"
        case .array(let elements): return "[\(elementTypeName(elements))]"
        case .dictionary(let dictionary):
            return "[\(elementTypeName(dictionary.entries.map(\.key))): \(elementTypeName(dictionary.entries.map(\.value)))]"
        case .tuple(let tuple):
            let parts = zip(tuple.elements, tuple.labels).map { element, label in
                (label.map { "\($0): " } ?? "") + typeName(of: element)
            }
            return "(" + parts.joined(separator: ", ") + ")"
        case .range(let range):
            if range.doubleBounds != nil { return range.isClosed ? "ClosedRange<Double>" : "Range<Double>" }
            if range.lower == nil && range.upper == nil { return "UnboundedRange" }
            if range.lower == nil { return range.isClosed ? "PartialRangeThrough<Int>" : "PartialRangeUpTo<Int>" }
            if range.upper == nil { return "PartialRangeFrom<Int>" }
            return range.isClosed ? "ClosedRange<Int>" : "Range<Int>"
        case .some(let wrapped):
            let name = typeName(of: wrapped)
            return name.contains(" ") || name.hasPrefix("(") ? "(\(name))?" : "\(name)?"
        case .function(let function):
            if case .script(let decls, _) = function.body, let decl = decls.first {
                let parameters = decl.parameters.map { $0.type?.description ?? "Any" }
                return "(\(parameters.joined(separator: ", "))) -> \(decl.resultType?.description ?? "()")"
            }
            return "function"
        case .type(let type): return "\(type.name).Type"
        case .instance(let instance): return instance.className
        case .host(let object): return hostType(of: object)?.name ?? String(describing: Swift.type(of: object))
        }
    }

    private func elementTypeName(_ elements: [Value]) -> String {
        guard let first = elements.first else { return "Any" }
        let name = typeName(of: first)
        return elements.dropFirst().allSatisfy({ typeName(of: $0) == name }) ? name : "Any"
    }

    /// A value's type as `type(of:)` prints it: `Array<Int>`, `Optional<Int>`.
    func dynamicTypeName(of value: Value) -> String {
        switch value {
        case .array(let elements): return "Array<\(elementDynamicTypeName(elements))>"
        case .dictionary(let d):
            return "Dictionary<\(elementDynamicTypeName(d.entries.map(\.key))), \(elementDynamicTypeName(d.entries.map(\.value)))>"
        case .some(let wrapped): return "Optional<\(dynamicTypeName(of: wrapped))>"
        case .nil: return "Optional<Any>"
        default: return typeName(of: value)
        }
    }

    private func elementDynamicTypeName(_ elements: [Value]) -> String {
        guard let first = elements.first else { return "Any" }
        let name = dynamicTypeName(of: first)
        return elements.dropFirst().allSatisfy({ dynamicTypeName(of: $0) == name }) ? name : "Any"
    }
}
