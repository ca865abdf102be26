/// Implicit member expressions: `.float64`, `.max`, `.red`, resolved against the
/// type the context expects (an annotation, the other operand of `==`), else
/// against the types that allow it.
extension Interpreter {
    /// Evaluates `expr`; an implicit member (or a call of one) is looked up in
    /// `expected` when it is known.
    func evaluate(_ expr: Expr, _ env: Environment?, expecting expected: ScriptType?) throws -> Value {
        guard let expected, expr.isImplicitMember else { return try evaluate(expr, env) }
        switch expr.kind {
        case .implicitMember(let name):
            return try implicitMember(name, in: expected, at: expr.location)
        case .call(let callee, let argumentExprs):
            guard case .implicitMember(let name) = callee.kind else { return try evaluate(expr, env) }
            let function = try implicitMember(name, in: expected, at: callee.location)
            return try callValue(function, try evaluateArguments(argumentExprs, env), at: expr.location)
        default:
            return try evaluate(expr, env)
        }
    }

    /// `.name` in `type`.
    func implicitMember(_ name: String, in type: ScriptType, at location: SourceLocation) throws -> Value {
        if let found = try staticMemberIfPresent(of: type, name, at: location) { return found }
        throw fail("type '\(type.name)' has no member '\(name)'" + DidYouMean.suggestion(for: name, among: staticMemberNames(of: type)), location)
    }

    /// `.name` with no expected type: the one type among cell classes, host
    /// types that allow implicit members, `Double` and `Int` that has it.
    func implicitMember(_ name: String, at location: SourceLocation) throws -> Value {
        var found: [(ScriptType, Value)] = []
        for type in implicitMemberCandidates() {
            if let value = try staticMemberIfPresent(of: type, name, at: location) {
                found.append((type, value))
                if found.count > 1 { break }
            }
        }
        if found.count == 1 { return found[0].1 }
        if found.count > 1 {
            throw fail("ambiguous use of '.\(name)': it could be '\(found[0].0.name).\(name)' or '\(found[1].0.name).\(name)'; write the type", location)
        }
        let names = implicitMemberCandidates().flatMap(staticMemberNames(of:))
        throw fail("cannot infer contextual base in reference to member '\(name)'" + DidYouMean.suggestion(for: name, among: names, as: "."), location)
    }

    /// The types searched for an implicit member without an expected type: cell
    /// classes (enums), host types registered with `implicitMembers()`, then the
    /// numbers.
    private func implicitMemberCandidates() -> [ScriptType] {
        var types: [ScriptType] = []
        var seen: Set<ObjectIdentifier> = []
        for slot in globals.values.sorted(by: { $0.name < $1.name }) {
            if case .type(.script(let c)) = slot.value, seen.insert(ObjectIdentifier(c)).inserted, c.hasCases {
                types.append(.script(c))
            }
        }
        for slot in builtins.values.sorted(by: { $0.name < $1.name }) {
            if case .type(.host(let h)) = slot.value, h.allowsImplicitMembers, seen.insert(ObjectIdentifier(h)).inserted {
                types.append(.host(h))
            }
        }
        types.append(.host(self.types.double))
        types.append(.host(self.types.int))
        return types
    }

    /// The type of a value, for resolving an implicit member next to it.
    func scriptType(of value: Value) -> ScriptType? {
        switch value.unwrapped {
        case .instance(let instance): return .script(instance.scriptClass)
        case .host(let object): return hostType(of: object).map { .host($0) }
        case let other: return types.type(of: other).map { .host($0) }
        }
    }

    /// The type an annotation names, when it is a cell class or a host type.
    func scriptType(of annotation: TypeAnnotation) -> ScriptType? {
        switch annotation {
        case .optional(let wrapped): return scriptType(of: wrapped)
        case .named(let name, _):
            if case .type(let type)? = (globals[name] ?? builtins[name])?.value { return type }
            return nil
        default: return nil
        }
    }
}
