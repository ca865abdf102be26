/// How a statement finished.
enum ControlFlow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
    /// `break label`, on its way to the statement with that label.
    case breakLabel(String)
    /// `continue label`, on its way to the loop with that label.
    case continueLabel(String)
    /// A `defer` statement ran: the block runs when the enclosing block exits
    /// (`executeStatements` takes it; it goes no further).
    case deferred(Block)
}

/// Executing statements.
extension Interpreter {
    /// Runs a block: in a new environment when it declares names.
    func execute(_ block: Block, in environment: Environment?) throws -> ControlFlow {
        let scope = block.needsEnvironment ? Environment(parent: environment, size: block.slotCount) : environment
        return try executeStatements(block.statements, in: scope)
    }

    /// Runs a block's statements in `environment` (the caller made it).
    func executeBody(_ block: Block, in environment: Environment?) throws -> ControlFlow {
        try executeStatements(block.statements, in: environment)
    }

    @inline(__always)
    func executeStatements(_ statements: [Stmt], in environment: Environment?) throws -> ControlFlow {
        // The array holds the statements while they run: borrowing each one,
        // rather than copying it out, saves a retain and a release per statement.
        try statements.withUnsafeBufferPointer { buffer in
            for k in buffer.indices {
                let flow = try Unmanaged.passUnretained(buffer[k])._withUnsafeGuaranteedRef { statement in
                    try execute(statement, in: environment)
                }
                if case .normal = flow { continue }
                if case .deferred(let block) = flow {
                    return try executeDeferring(block, statements[(k + 1)...], in: environment)
                }
                return flow
            }
            return .normal
        }
    }

    func execute(_ statement: Stmt, in env: Environment?) throws -> ControlFlow {
        // The common kinds read their operands from the statement's stored
        // constants (see `Stmt.expression`) rather than from `kind`'s payload.
        switch statement.kind {
        case .expression:
            _ = try evaluate(statement.expression!, env)
        case .assignment(_, let op, _):
            try executeAssignment(statement.target!, op, statement.expression!, env, at: statement.location)
        case .if:
            let then = statement.body!
            let scope = then.needsEnvironment ? Environment(parent: env, size: then.slotCount) : env
            if try conditionsHold(statement, scope) {
                let flow = try executeStatements(then.statements, in: scope)
                return statement.label == nil ? flow : try labeledExit(flow, statement)
            } else if let elseBlock = statement.elseBlock {
                let flow = try execute(elseBlock, in: env)
                return statement.label == nil ? flow : try labeledExit(flow, statement)
            }
        case .variable:
            try declare(statement.declaration!, env, at: statement.location)
        case .function(let decl):
            let function = Value.function(Function(name: decl.name, body: .script([decl], env)))
            if let binding = decl.binding { try store(function, in: binding, env: env) }
        case .class(let decl):
            try declareClass(decl, in: env)
        case .protocol(let decl):
            try declareProtocol(decl, in: env)
        case .guard(let conditions, let elseBlock):
            if try !evaluateConditions(conditions, env) {
                let flow = try execute(elseBlock, in: env)
                if case .normal = flow {
                    throw fail("'guard' body must not fall through, consider using a 'return' or 'break' to exit the scope", statement.location)
                }
                return flow
            }
        case .forIn(let pattern, _, let condition, _):
            return try executeFor(pattern, try evaluate(statement.expression!, env), condition, statement.body!, env,
                                  label: statement.label, at: statement.location)
        case .while:
            let body = statement.body!
            var scopes = LoopScope(parent: env, size: body.slotCount)
            while true {
                try tick(statement.location)
                let flow = try body.needsEnvironment
                    ? scopes.withNext { try iterate(statement, body, $0) }
                    : iterate(statement, body, env)
                guard let flow else { return .normal }
                if let end = loopExit(flow, label: statement.label) { return end }
            }
        case .repeat(let body, let condition):
            while true {
                try tick(statement.location)
                if let end = loopExit(try execute(body, in: env), label: statement.label) { return end }
                guard try evaluateCondition(condition, env) else { break }
            }
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        case .return:
            guard let expression = statement.expression else { return .returned(.void) }
            return .returned(try evaluate(expression, env))
        case .do(let block):
            return try labeledExit(try execute(block, in: env), statement)
        case .import:
            break
        case .switch(let subject, let cases):
            return try labeledExit(try executeSwitch(subject, cases, env, at: statement.location), statement)
        case .forCase(let pattern, let sequence, let condition, let body):
            return try executeForCase(statement, pattern, sequence, condition, body, env)
        case .labeledBreak(let label):
            return .breakLabel(label)
        case .labeledContinue(let label):
            return .continueLabel(label)
        case .throw(let expr):
            let value = try evaluate(expr, env)
            throw ScriptError(location: statement.location, message: "error thrown and not caught: \(describeError(value))",
                              thrown: ThrownValue(value))
        case .defer(let block):
            return .deferred(block)
        case .doCatch(let body, let clauses):
            return try labeledExit(try executeDoCatch(body, clauses, env), statement)
        }
        return .normal
    }

    /// The flow after a labeled `if`, `do` or `switch`: `break label` ends here.
    @inline(__always)
    private func labeledExit(_ flow: ControlFlow, _ statement: Stmt) throws -> ControlFlow {
        if let label = statement.label, case .breakLabel(let target) = flow, target == label { return .normal }
        return flow
    }

    /// How a thrown value reads in the message of an uncaught error: `Type.case`
    /// for an enum case, else its description.
    func describeError(_ value: Value) -> String {
        if case .instance(let instance) = value, instance.enumCase != nil, !instance.scriptClass.conforms(to: "CustomStringConvertible") {
            return "\(instance.className).\(describe(value))"
        }
        return describe(value)
    }

    /// `let`/`var`: evaluates the initial value and binds the names.
    private func declare(_ decl: VariableDecl, _ env: Environment?, at location: SourceLocation) throws {
        guard let initializer = decl.initializer else {
            // Declared without a value: nil until assigned.
            for binding in decl.pattern.bindings { try store(.nil, in: binding, env: env) }
            return
        }
        let value = initializer.isImplicitMember
            ? try evaluate(initializer, env, expecting: decl.type.flatMap(scriptType(of:)))
            : try evaluate(initializer, env)
        if let binding = decl.untypedName {
            return try store(value, in: binding, env: env)
        }
        try bind(decl.pattern, to: try decl.type.map { try coerce(value, to: $0, at: location, context: "specified type") } ?? value,
                 in: env, at: location)
    }

    /// `target = value` or `target op= value`.
    private func executeAssignment(_ target: Expr, _ op: BinaryOperator?, _ valueExpr: Expr, _ env: Environment?,
                                   at location: SourceLocation) throws {
        let value = try evaluate(valueExpr, env)
        guard let op else { return try assign(value, to: target, env, at: location) }
        if let reference = target.reference, try compoundAssignNumber(reference, op, value, env, at: location) { return }
        try compoundAssign(target, op, value, env, at: location)
    }

    /// `x op= value` for a variable holding a number: the common case of loops,
    /// done without the general in-place machinery. False when it does not apply.
    @inline(__always)
    private func compoundAssignNumber(_ reference: VariableReference, _ op: BinaryOperator, _ value: Value,
                                      _ env: Environment?, at location: SourceLocation) throws -> Bool {
        switch reference.binding {
        case .local(let depth, let slot) where !reference.isConstant:
            let slots = env!.slots(upBy: depth)
            let current = slots[slot]
            if case .int(let a) = current, case .int(let b) = value, let result = Interpreter.integerFastPath(op, a, b) {
                slots[slot] = result
                return true
            }
            switch current {
            case .int, .double:
                try checkKeepsType(current, op, value, at: location)
                slots[slot] = try binary(op, current, value, at: location)
            default: return false
            }
            return true
        case .global:
            // Ints through the cached slot first: no call between reading and
            // writing the slot, so the slot is not retained.
            if reference.cacheGeneration == globalGeneration, let global = reference.cachedGlobal, !global.isConstant,
               global.type == nil, case .int(let a) = global.value, case .int(let b) = value,
               let result = Interpreter.integerFastPath(op, a, b) {
                global.value = result
                return true
            }
            let global = try globalSlot(reference)
            guard !global.isConstant, global.type == nil else { return false }
            let current = global.value
            switch current {
            case .int, .double:
                try checkKeepsType(current, op, value, at: location)
                global.value = try binary(op, current, value, at: location)
            default: return false
            }
            return true
        default:
            return false
        }
    }

    /// `n += 2.5` on an Int variable: a variable keeps its type, as in Swift.
    @inline(__always)
    private func checkKeepsType(_ current: Value, _ op: BinaryOperator, _ value: Value, at location: SourceLocation) throws {
        if case .int = current, case .double = value {
            throw fail("binary operator '\(op.rawValue)=' cannot be applied to operands of type 'Int' and 'Double'", location)
        }
    }

    /// Whether the conditions of an `if` or `while` hold (binding optionals into `env`).
    @inline(__always)
    private func conditionsHold(_ statement: Stmt, _ env: Environment?) throws -> Bool {
        if let condition = statement.condition { return try evaluateCondition(condition, env) }
        switch statement.kind {
        case .if(let conditions, _, _), .while(let conditions, _): return try evaluateConditions(conditions, env)
        default: return true
        }
    }

    /// Evaluates `if`/`while`/`guard` conditions left to right, binding optionals
    /// into `env`; false as soon as one fails.
    func evaluateConditions(_ conditions: [Condition], _ env: Environment?) throws -> Bool {
        for condition in conditions {
            switch condition {
            case .expression(let expr):
                guard try evaluateCondition(expr, env) else { return false }
            case .optionalBinding(let pattern, let expr):
                let value = try evaluate(expr, env)
                switch value {
                case .nil: return false
                case .some(let wrapped): try bind(pattern, to: wrapped, in: env, at: expr.location)
                default: try bind(pattern, to: value, in: env, at: expr.location)
                }
            case .casePattern(let pattern, let expr):
                guard try match(pattern, try evaluate(expr, env), env, at: expr.location) else { return false }
            }
        }
        return true
    }

    /// A Bool condition.
    @inline(__always)
    func evaluateCondition(_ expr: Expr, _ env: Environment?) throws -> Bool {
        let value = try evaluate(expr, env)
        guard case .bool(let b) = value else {
            throw fail("cannot convert value of type '\(typeName(of: value))' to expected condition type 'Bool'", expr.location)
        }
        return b
    }

    private func executeFor(_ pattern: Pattern, _ sequence: Value, _ condition: Expr?, _ body: Block,
                            _ env: Environment?, label: String?, at location: SourceLocation) throws -> ControlFlow {
        var scopes = LoopScope(parent: env, size: body.slotCount)
        // The loop variable of `for i in a..<b` goes straight to its slot.
        var slot: Int?
        if case .binding(let binding) = pattern, binding.type == nil, case .local(let s) = binding.storage { slot = s }
        if case .range(let range) = sequence {
            // A counted loop: the range's values are never materialised.
            guard let lower = range.lower, range.upper != nil else {
                if range.doubleBounds != nil { _ = try elements(of: sequence, at: location) }
                throw fail("cannot iterate over a range without bounds", location)
            }
            var i = lower
            let end = range.end ?? Int.max
            while i < end {
                if let flow = try scopes.withNext({ try iterate(pattern, slot, .int(i), condition, body, $0, label, at: location) }) { return flow }
                i += 1
            }
            if range.isClosed && range.end == nil, let upper = range.upper, i == upper {
                if let flow = try scopes.withNext({ try iterate(pattern, slot, .int(i), condition, body, $0, label, at: location) }) { return flow }
            }
            return .normal
        }
        if let next = try hostIterator(of: sequence) {
            while let element = try next() {
                if let flow = try scopes.withNext({ try iterate(pattern, slot, element, condition, body, $0, label, at: location) }) { return flow }
            }
            return .normal
        }
        if case .instance(let instance) = sequence, isSequence(instance) {
            // A cell's sequence is iterated lazily, one `next()` per iteration.
            var flow: ControlFlow?
            try forEachElement(ofSequence: instance, at: location) { element in
                flow = try scopes.withNext({ try iterate(pattern, slot, element, condition, body, $0, label, at: location) })
                return flow == nil
            }
            return flow ?? .normal
        }
        for element in try elements(of: sequence, at: location) {
            if let flow = try scopes.withNext({ try iterate(pattern, slot, element, condition, body, $0, label, at: location) }) { return flow }
        }
        return .normal
    }

    /// Runs one iteration of a `while` loop in `scope`: nil when the conditions
    /// do not hold, else how the body finished.
    @inline(__always)
    private func iterate(_ statement: Stmt, _ body: Block, _ scope: Environment?) throws -> ControlFlow? {
        guard try conditionsHold(statement, scope) else { return nil }
        return try executeStatements(body.statements, in: scope)
    }

    /// Runs one iteration of a `for` loop in `scope`; the flow that ends the loop,
    /// or nil to go on.
    @inline(__always)
    private func iterate(_ pattern: Pattern, _ slot: Int?, _ element: Value, _ condition: Expr?, _ body: Block,
                         _ scope: Environment, _ label: String?, at location: SourceLocation) throws -> ControlFlow? {
        try tick(location)
        if let slot {
            scope.slots[slot] = element
        } else {
            try bind(pattern, to: element, in: scope, at: location)
        }
        if let condition, try !evaluateCondition(condition, scope) { return nil }
        return loopExit(try executeStatements(body.statements, in: scope), label: label)
    }

    /// Binds a declaration's pattern to a value (a tuple pattern takes a tuple apart).
    func bind(_ pattern: Pattern, to value: Value, in env: Environment?, at location: SourceLocation) throws {
        switch pattern {
        case .binding(let binding):
            var value = value
            if let type = binding.type { value = try coerce(value, to: type, at: location, context: "specified type") }
            try store(value, in: binding, env: env)
        case .wildcard:
            break
        case .tuple(let patterns):
            guard case .tuple(let tuple) = value.unwrapped, tuple.elements.count == patterns.count else {
                throw fail("tuple pattern cannot match values of type '\(typeName(of: value))'", location)
            }
            for (p, v) in zip(patterns, tuple.elements) { try bind(p, to: v, in: env, at: location) }
        }
    }

    /// Stores a declared name's value: in its local slot, or as a global (a later
    /// cell's declaration replaces an earlier one).
    func store(_ value: Value, in binding: Binding, env: Environment?) throws {
        switch binding.storage {
        case .local(let slot):
            env!.slots[slot] = value
        case .global:
            if !failedCellDeclarations.isEmpty { failedCellDeclarations[binding.name] = nil }
            if let slot = globals[binding.name] {
                slot.value = value
                slot.isConstant = binding.isConstant
                slot.type = binding.type
            } else {
                globals[binding.name] = GlobalSlot(name: binding.name, value: value, isConstant: binding.isConstant,
                                                   type: binding.type)
                globalGeneration += 1
            }
        case .unresolved:
            throw fail("internal error: unresolved declaration of '\(binding.name)'", binding.location)
        }
    }

    /// The standard library's protocols a cell class may adopt.
    static let standardProtocols: Set<String> = [
        "Sequence", "IteratorProtocol", "Collection", "Equatable", "Comparable", "Hashable",
        "CustomStringConvertible", "CustomDebugStringConvertible", "Error", "Codable", "Encodable", "Decodable",
        "AnyObject", "Identifiable", "CaseIterable", "Sendable",
    ]

    /// Whether `name` names a protocol (the standard library's or a cell's).
    func isProtocol(_ name: String) -> Bool {
        Interpreter.standardProtocols.contains(name) || protocolNames.contains(name)
    }

    private func declareClass(_ decl: ClassDecl, in env: Environment?) throws {
        for method in decl.methods where method.isMutating && decl.kind != .class { mutatingMethodNames.insert(method.name) }
        if decl.kind == .extension { return try declareExtension(decl, in: env) }
        if decl.kind == .enum { return try declareEnum(decl, in: env) }
        var superclass: ScriptClass?
        var hostSuperclass: HostType?
        var protocols: [String] = []
        for (k, name) in decl.inheritedNames.enumerated() {
            if isProtocol(name) {
                protocols.append(name)
                continue
            }
            if decl.kind == .struct {
                throw fail("inheritance from non-protocol type '\(name)'", decl.location)
            }
            guard let slot = globals[name] ?? builtins[name] else {
                throw fail("cannot find type '\(name)' in scope" + DidYouMean.suggestion(for: name, among: Array(globals.keys) + Array(builtins.keys)), decl.location)
            }
            guard k == 0 else {
                throw fail("superclass '\(name)' must appear first in the inheritance clause", decl.location)
            }
            switch slot.value {
            case .type(.script(let c)): superclass = c
            case .type(.host(let h)):
                guard h.subclassing != nil else {
                    throw fail("inheritance from non-subclassable type '\(h.name)'", decl.location)
                }
                hostSuperclass = h
            default:
                throw fail("inheritance from non-class type '\(name)'", decl.location)
            }
        }
        if decl.kind == .class, let method = decl.methods.first(where: \.isMutating) {
            throw fail("'mutating' is not valid on instance methods in classes", method.location)
        }
        let scriptClass = ScriptClass(decl: decl, superclass: superclass, hostSuperclass: hostSuperclass, closure: env,
                                      protocols: protocols)
        scriptClass.protocolExtensions = protocolExtensions
        decl.runtimeClass = scriptClass
        // Declared first, so that static properties may hold instances of the type.
        try store(.type(.script(scriptClass)), in: decl.binding, env: env)
        for property in decl.properties where property.isStatic {
            var value = try property.initializer.map { try evaluate($0, env) } ?? .nil
            if let type = property.type { value = try coerce(value, to: type, at: property.location, context: "specified type") }
            scriptClass.staticValues[property.name] = value
        }
    }

    /// `enum Name: RawType, Protocol { case … }`: a type whose values are its
    /// cases (with raw values, for `Int`, `String` and `Double` raw types, and
    /// associated values).
    private func declareEnum(_ decl: ClassDecl, in env: Environment?) throws {
        var rawType: String?
        var protocols: [String] = []
        for (k, name) in decl.inheritedNames.enumerated() {
            if isProtocol(name) { protocols.append(name); continue }
            guard k == 0, ["Int", "String", "Double", "Float", "Character"].contains(name) else {
                throw fail("raw type '\(name)' is not expressible by a literal; enums in cells take Int, String or Double raw values", decl.location)
            }
            rawType = name
        }
        if decl.cases.isEmpty { throw fail("an enum in a cell needs at least one case", decl.location) }
        if let property = decl.properties.first(where: { !$0.isStatic }) {
            throw fail("enums must not contain stored properties", property.location)
        }
        if let initializer = decl.initializers.first {
            throw fail("initializers in enums are not supported in cells; use a static method", initializer.location)
        }
        let scriptClass = ScriptClass(decl: decl, superclass: nil, hostSuperclass: nil, closure: env, protocols: protocols)
        scriptClass.protocolExtensions = protocolExtensions
        decl.runtimeClass = scriptClass
        var next: Value?
        for enumCase in decl.cases {
            if let rawType {
                var raw: Value
                if let expr = enumCase.rawValue {
                    raw = try evaluate(expr, env)
                    if rawType == "Double" || rawType == "Float", case .int(let i) = raw { raw = .double(Double(i)) }
                    let fits: Bool
                    switch (rawType, raw) {
                    case ("Int", .int), ("Double", .double), ("Float", .double), ("String", .string), ("Character", .string): fits = true
                    default: fits = false
                    }
                    guard fits else {
                        throw fail("cannot convert value of type '\(typeName(of: raw))' to raw type '\(rawType)'", expr.location)
                    }
                } else if rawType == "String" {
                    raw = .string(enumCase.name)
                } else if case .int(let i)? = next {
                    raw = .int(i)
                } else if next == nil && rawType == "Int" {
                    raw = .int(0)
                } else {
                    throw fail("enum case must declare a raw value when the preceding raw value is not an integer", enumCase.location)
                }
                if scriptClass.rawValues.values.contains(where: { valuesEqual($0, raw) == true }) {
                    throw fail("raw value for enum case is not unique", enumCase.location)
                }
                scriptClass.rawValues[enumCase.name] = raw
                if case .int(let i) = raw { next = .int(i &+ 1) } else { next = .void }
            }
            if enumCase.parameters == nil {
                let value = ScriptInstance(scriptClass: scriptClass, interpreter: self)
                value.enumCase = EnumCaseValue(name: enumCase.name, payload: nil)
                scriptClass.caseValues[enumCase.name] = value
            }
        }
        // Declared first, so that static properties may hold instances of the type.
        try store(.type(.script(scriptClass)), in: decl.binding, env: env)
        for property in decl.properties where property.isStatic {
            var value = try property.initializer.map { try evaluate($0, env) } ?? .nil
            if let type = property.type { value = try coerce(value, to: type, at: property.location, context: "specified type") }
            scriptClass.staticValues[property.name] = value
        }
    }

    /// `extension T { … }`: adds the members to a cell class, or to a host or
    /// builtin type (whose values are then `self` in the new methods).
    private func declareExtension(_ decl: ClassDecl, in env: Environment?) throws {
        guard env == nil else { throw fail("declaration is only valid at the top level of a cell", decl.location) }
        guard let slot = globals[decl.name] ?? builtins[decl.name] else {
            throw fail("cannot find type '\(decl.name)' in scope" + DidYouMean.suggestion(for: decl.name, among: Array(globals.keys) + Array(builtins.keys)), decl.location)
        }
        if let property = decl.properties.first {
            throw fail("extensions must not contain stored properties", property.location)
        }
        if let initializer = decl.initializers.first {
            throw fail("initializers in extensions are not supported in cells", initializer.location)
        }
        let protocols = decl.inheritedNames
        if let notProtocol = protocols.first(where: { !isProtocol($0) }) {
            throw fail("extension of '\(decl.name)' cannot add a superclass '\(notProtocol)'", decl.location)
        }
        switch slot.value {
        case .type(.named(let name)) where protocolNames.contains(name):
            if let existing = protocolExtensions.byProtocol[name] {
                existing.add(decl, protocols: protocols)
            } else {
                protocolExtensions.byProtocol[name] = ScriptClass(decl: decl, superclass: nil, hostSuperclass: nil, closure: nil,
                                                                  protocols: protocols)
            }
        case .type(.script(let scriptClass)):
            scriptClass.add(decl, protocols: protocols)
        case .type(.host(let hostType)):
            let key = ObjectIdentifier(hostType)
            if let existing = hostExtensions[key] {
                existing.add(decl, protocols: protocols)
            } else {
                hostExtensions[key] = ScriptClass(decl: decl, superclass: nil, hostSuperclass: nil, closure: nil, protocols: protocols)
            }
        default:
            throw fail("'\(decl.name)' is not a type that can be extended", decl.location)
        }
    }

    /// `protocol P { … }`: declares the name (requirements are not checked).
    func declareProtocol(_ decl: ProtocolDecl, in env: Environment?) throws {
        guard env == nil else { throw fail("protocol declaration is only valid at the top level of a cell", decl.location) }
        protocolNames.insert(decl.name)
        try store(.type(.named(decl.name)), in: decl.binding, env: env)
    }
}
