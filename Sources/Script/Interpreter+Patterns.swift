/// Matching case patterns (`switch`, `if case`, `for case`, `catch`) and running
/// the statements that use them.
extension Interpreter {
    /// Whether `value` matches `pattern`; the pattern's names are bound in `env`
    /// as matching goes (a failed match may leave some bound, as the case body
    /// that would see them does not run).
    func match(_ pattern: CasePattern, _ value: Value, _ env: Environment?, at location: SourceLocation) throws -> Bool {
        switch pattern {
        case .wildcard:
            return true
        case .binding(let binding):
            try store(value, in: binding, env: env)
            return true
        case .expression(let expr):
            let candidate = try evaluate(expr, env, expecting: scriptType(of: value))
            if case .range(let range) = candidate { return range.contains(value.unwrapped) }
            if case .bool(let equal) = try binary(.equal, candidate, value, at: expr.location) { return equal }
            return false
        case .tuple(let patterns, _):
            guard case .tuple(let tuple) = value.unwrapped, tuple.elements.count == patterns.count else {
                throw fail("tuple pattern cannot match values of type '\(typeName(of: value))'", location)
            }
            for (p, element) in zip(patterns, tuple.elements) where try !match(p, element, env, at: location) {
                return false
            }
            return true
        case .enumCase(let typeName, let name, let arguments, let caseLocation):
            return try matchEnumCase(typeName, name, arguments, value, env, at: caseLocation)
        case .optional(let inner):
            switch value {
            case .nil: return false
            case .some(let wrapped): return try match(inner, wrapped, env, at: location)
            default: return try match(inner, value, env, at: location)
            }
        case .typeCheck(let type):
            return self.value(value, is: type)
        case .cast(let inner, let type):
            guard self.value(value, is: type) else { return false }
            return try match(inner, value.unwrapped, env, at: location)
        }
    }

    private func matchEnumCase(_ typeName: String?, _ name: String, _ arguments: [(label: String?, pattern: CasePattern)]?,
                               _ value: Value, _ env: Environment?, at location: SourceLocation) throws -> Bool {
        // `.some(x)` and `.none` on optionals.
        if typeName == nil || typeName == "Optional" {
            if name == "none" && arguments == nil, !isEnumValue(value) { return value.isNil }
            if name == "some", let arguments, arguments.count == 1, !isEnumValue(value) {
                switch value {
                case .nil: return false
                case .some(let wrapped): return try match(arguments[0].pattern, wrapped, env, at: location)
                default: return try match(arguments[0].pattern, value, env, at: location)
                }
            }
        }
        if case .instance(let instance) = value.unwrapped, let enumCase = instance.enumCase,
           typeName == nil || instance.scriptClass.name == typeName {
            guard let declared = instance.scriptClass.enumCases.first(where: { $0.name == name }) else {
                throw fail("type '\(instance.className)' has no member '\(name)'"
                           + DidYouMean.suggestion(for: name, among: instance.scriptClass.enumCases.map(\.name), as: "."), location)
            }
            guard enumCase.name == name else { return false }
            guard let arguments else { return true }
            let payload = enumCase.payload?.elements ?? []
            guard arguments.count == payload.count || (arguments.count == 1 && payload.count > 1) else {
                throw fail("tuple pattern has the wrong length for case '\(name)' (\(declared.parameters?.count ?? 0) associated values)", location)
            }
            if arguments.count == 1 && payload.count > 1 {
                // `case .point(let p)`: the associated values as one tuple.
                return try match(arguments[0].pattern, .tuple(enumCase.payload!), env, at: location)
            }
            for (k, argument) in arguments.enumerated() {
                if let label = argument.label, let expected = declared.parameters?[k], label != expected {
                    throw fail("tuple pattern element label '\(label)' must be '\(expected)'", location)
                }
                guard try match(argument.pattern, payload[k], env, at: location) else { return false }
            }
            return true
        }
        // A value written `Type.name` or `.name`, compared with `==`.
        let candidate: Value
        if let typeName {
            guard case .type(let type)? = (globals[typeName] ?? builtins[typeName])?.value else {
                throw fail("cannot find '\(typeName)' in scope", location)
            }
            guard let found = try staticMemberIfPresent(of: type, name, at: location) else {
                throw fail("type '\(type.name)' has no member '\(name)'", location)
            }
            candidate = found
        } else if let type = scriptType(of: value) {
            candidate = try implicitMember(name, in: type, at: location)
        } else {
            candidate = try implicitMember(name, at: location)
        }
        if arguments != nil { throw fail("'\(name)' is not an enum case with associated values", location) }
        if case .bool(let equal) = try binary(.equal, candidate, value, at: location) { return equal }
        return false
    }

    private func isEnumValue(_ value: Value) -> Bool {
        if case .instance(let instance) = value.unwrapped { return instance.enumCase != nil }
        return false
    }

    /// `switch subject { … }`: the first case whose pattern matches (and whose
    /// `where` holds) runs; no match is an error, as Swift requires a switch to be
    /// exhaustive.
    func executeSwitch(_ subjectExpr: Expr, _ cases: [SwitchCase], _ env: Environment?,
                       at location: SourceLocation) throws -> ControlFlow {
        let subject = try evaluate(subjectExpr, env)
        for switchCase in cases {
            let scope = Environment(parent: env, size: switchCase.body.slotCount)
            var matched = switchCase.isDefault
            for pattern in switchCase.patterns where try match(pattern, subject, scope, at: switchCase.location) {
                matched = true
                break
            }
            guard matched else { continue }
            if let condition = switchCase.guardExpression, try !evaluateCondition(condition, scope) { continue }
            let flow = try executeStatements(switchCase.body.statements, in: scope)
            if case .breakLoop = flow { return .normal }   // `break` leaves the switch
            return flow
        }
        throw fail("switch must be exhaustive: no case matches \(debugDescribe(subject)); add a 'default' case", location)
    }

    /// `for case pattern in sequence where condition { … }`.
    func executeForCase(_ statement: Stmt, _ pattern: CasePattern, _ sequenceExpr: Expr, _ condition: Expr?, _ body: Block,
                        _ env: Environment?) throws -> ControlFlow {
        let sequence = try evaluate(sequenceExpr, env)
        for element in try elements(of: sequence, at: statement.location) {
            try tick(statement.location)
            let scope = Environment(parent: env, size: body.slotCount)
            guard try match(pattern, element, scope, at: statement.location) else { continue }
            if let condition, try !evaluateCondition(condition, scope) { continue }
            let flow = try executeStatements(body.statements, in: scope)
            if let end = loopExit(flow, label: statement.label) { return end }
        }
        return .normal
    }

    /// How a loop goes on after its body finished with `flow`: nil to run the
    /// next iteration, else the flow that ends the loop.
    @inline(__always)
    func loopExit(_ flow: ControlFlow, label: String?) -> ControlFlow? {
        switch flow {
        case .normal, .continueLoop: return nil
        case .breakLoop: return .normal
        case .returned: return flow
        case .breakLabel(let target): return target == label ? .normal : flow
        case .continueLabel(let target): return target == label ? nil : flow
        case .deferred: return nil
        }
    }

    /// `do { … } catch … { … }`: an error thrown by `throw`, by the host or by
    /// the interpreter (not a timeout) goes to the first clause that matches it.
    func executeDoCatch(_ body: Block, _ clauses: [CatchClause], _ env: Environment?) throws -> ControlFlow {
        do {
            return try execute(body, in: env)
        } catch let error as ScriptError where !error.isInterruption {
            let value = error.thrown?.value ?? .host(CaughtError(message: error.message))
            for clause in clauses {
                let scope = Environment(parent: env, size: clause.body.slotCount)
                if let pattern = clause.pattern {
                    guard try match(pattern, value, scope, at: clause.body.location) else { continue }
                } else {
                    try store(value, in: clause.errorBinding, env: scope)
                }
                if let condition = clause.guardExpression, try !evaluateCondition(condition, scope) { continue }
                return try executeStatements(clause.body.statements, in: scope)
            }
            throw error
        }
    }

    /// Runs statements after a `defer`: the deferred blocks run, last first,
    /// when the statements finish, however they finish.
    func executeDeferring(_ first: Block, _ rest: ArraySlice<Stmt>, in env: Environment?) throws -> ControlFlow {
        var deferred = [first]
        var outcome = ControlFlow.normal
        do {
            for statement in rest {
                let flow = try execute(statement, in: env)
                if case .deferred(let block) = flow { deferred.append(block); continue }
                if case .normal = flow { continue }
                outcome = flow
                break
            }
        } catch {
            for block in deferred.reversed() { _ = try? execute(block, in: env) }
            throw error
        }
        for block in deferred.reversed() { _ = try execute(block, in: env) }
        return outcome
    }
}

/// An error raised by the host or the interpreter, as a `catch` clause sees it:
/// its `localizedDescription` (and what it prints) is the message.
final class CaughtError: CustomStringConvertible {
    let message: String
    init(message: String) { self.message = message }
    var description: String { message }
}

/// A value thrown by `throw`, carried by the `ScriptError` that unwinds the stack.
public final class ThrownValue: Equatable {
    /// The thrown value.
    public let value: Value
    init(_ value: Value) { self.value = value }
    public static func == (a: ThrownValue, b: ThrownValue) -> Bool { a === b }
}
