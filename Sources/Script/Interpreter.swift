import Foundation
import Synchronization

/// Runs cells of the Swift-like language. Top-level names persist from one `run`
/// to the next, as in a REPL. The host extends the language with functions and
/// types (`defineFunction`, `defineType`); see `HostType`.
///
/// `run` executes on a thread of its own with a large stack, so deep recursion
/// in a cell ends in an error rather than a crash.
public final class Interpreter {
    /// Where `print` writes; standard output when nil.
    public var output: OutputSink?
    /// When set, a cell still running at this instant stops with a timeout error.
    public var deadline: ContinuousClock.Instant?
    /// Where `Int.random(in:)`, `shuffled()` and the other random draws of the
    /// standard library come from (Python's generator, seeded with 0, until the
    /// host reseeds or replaces it).
    public var randomSource: RandomSource = MersenneTwister(seed: 0)
    /// Wraps the execution of every cell on the thread that runs it (see
    /// `Interpreter+Hooks.swift`).
    public var runWrapper: RunWrapper?
    /// The most bytes one array or string a cell builds may take (see
    /// `Interpreter+Limits.swift`).
    public var memoryLimit = Interpreter.defaultMemoryLimit
    /// Asked after every host call: a message when the host's work was cut
    /// short (its memory budget exhausted, say), which then ends the cell.
    public var hostFailure: (() -> String?)?

    /// The deepest nesting of calls a cell may make.
    public static let maximumCallDepth = 10_000
    /// The stack size of the thread that runs cells.
    static let stackSize = 1 << 29

    private let interruptRequested = Atomic<Bool>(false)
    var globals: [String: GlobalSlot] = [:]
    var builtins: [String: GlobalSlot] = [:]
    /// Incremented whenever a new global name appears, invalidating name caches.
    var globalGeneration = 0
    var hostTypesByClass: [ObjectIdentifier: HostType] = [:]
    /// The members cells added to host and builtin types with `extension`, by type.
    var hostExtensions: [ObjectIdentifier: ScriptClass] = [:]
    /// The protocols declared by cells.
    var protocolNames: Set<String> = []
    /// The members extensions added to those protocols.
    let protocolExtensions = ProtocolExtensions()
    /// The names of the `mutating` methods of cells' structs and enums: a call
    /// of one changes the storage it is called on.
    var mutatingMethodNames: Set<String> = []
    /// The top-level names that cells which failed would have declared, with
    /// the line of each such cell (see `recordFailedCell`).
    var failedCellDeclarations: [String: Int] = [:]

    /// Tells the interpreter that a cell failed (or did not run): a later use of
    /// a name it would have declared, and that no cell has declared since, says
    /// so. `line` is how the host names the cell.
    public func recordFailedCell(_ source: String, line: Int) {
        guard let program = try? Parser.parse(source) else { return }
        for statement in program.statements {
            let names: [String]
            switch statement.kind {
            case .variable(let decl): names = decl.pattern.bindings.map(\.name)
            case .function(let decl): names = [decl.name]
            case .class(let decl) where decl.kind != .extension: names = [decl.name]
            case .protocol(let decl): names = [decl.name]
            default: names = []
            }
            for name in names where globals[name] == nil { failedCellDeclarations[name] = line }
        }
    }
    var hostTypeCache: [ObjectIdentifier: HostType?] = [:]
    var callDepth = 0
    var ticks = 0
    var file = ""
    var timeLimit: Duration?
    /// The location of the host function being called, for errors in callbacks.
    var currentCallLocation = SourceLocation(line: 0, column: 0)
    /// The builtin types: the receivers of `count`, `map`, `append`, …
    var types: BuiltinTypes!

    /// Creates an interpreter with the standard library.
    public init() {
        types = BuiltinTypes(interpreter: self)
        registerStandardLibrary()
    }

    /// Runs one cell. Errors are `ScriptError`s whose line is `firstLine` plus the
    /// line within `source`, minus one.
    ///
    /// Returns the value of the cell's last statement when it is an expression
    /// whose value is neither `()` nor `nil` (not `_ = …`, not an assignment),
    /// for a host that shows it as Jupyter does; an optional comes unwrapped.
    @discardableResult
    public func run(_ source: String, file: String, firstLine: Int = 1) throws -> Value? {
        interruptRequested.store(false, ordering: .relaxed)
        if Thread.current.threadDictionary[Interpreter.threadKey] != nil {
            return try runHere(source, file: file, firstLine: firstLine)
        }
        final class Outcome: @unchecked Sendable {
            var error: Error?
            var value: Value?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            Thread.current.threadDictionary[Interpreter.threadKey] = true
            do {
                try self.wrapped { outcome.value = try self.runHere(source, file: file, firstLine: firstLine) }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        thread.stackSize = Interpreter.stackSize
        thread.start()
        done.wait()
        if let error = outcome.error { throw error }
        return outcome.value
    }

    private static let threadKey = "Script.Interpreter.thread"

    private func runHere(_ source: String, file: String, firstLine: Int) throws -> Value? {
        self.file = file
        if let deadline { timeLimit = deadline - ContinuousClock.now } else { timeLimit = nil }
        do {
            let program = try Parser.parse(source, firstLine: firstLine)
            var resolver = Resolver(knownGlobal: { [unowned self] in self.globals[$0] != nil || self.builtins[$0] != nil },
                                    globalNames: { [unowned self] in Array(self.globals.keys) + Array(self.builtins.keys) })
            resolver.globalType = { [unowned self] name in
                guard let slot = self.globals[name] else { return nil }
                if let type = slot.type { return StaticType(type) }
                return StaticType(of: slot.value)
            }
            resolver.failedDeclaration = { [unowned self] name in
                guard let line = self.failedCellDeclarations[name] else { return nil }
                return "'\(name)' was declared in the cell at line \(line), which failed"
            }
            let protocolsOfEarlierCells = protocolNames
            resolver.isProtocol = { name in
                Interpreter.standardProtocols.contains(name) || protocolsOfEarlierCells.contains(name)
                    || program.statements.contains { if case .protocol(let p) = $0.kind { return p.name == name }; return false }
            }
            resolver.isStructName = { [unowned self] name in
                if program.statements.contains(where: { if case .class(let c) = $0.kind { return c.kind == .struct && c.name == name }; return false }) {
                    return true
                }
                if case .type(.script(let c))? = self.globals[name]?.value { return c.isStruct }
                return false
            }
            try resolver.resolveProgram(program)
            callDepth = 0
            for statement in program.statements.dropLast() {
                _ = try execute(statement, in: nil)
            }
            guard let last = program.statements.last else { return nil }
            guard case .expression = last.kind, !last.discardsValue else {
                _ = try execute(last, in: nil)
                return nil
            }
            switch try evaluate(last.expression!, nil).unwrapped {
            case .void, .nil: return nil
            case let value: return value
            }
        } catch var error as ScriptError {
            if error.file.isEmpty { error.file = file }
            throw error
        } catch is OptionalChainNil {
            throw ScriptError(file: file, location: SourceLocation(line: firstLine, column: 1),
                              message: "internal error: optional chain escaped")
        }
    }

    /// Makes the running cell stop with an error as soon as possible. Safe to call
    /// from any thread.
    public func interrupt() {
        interruptRequested.store(true, ordering: .relaxed)
    }

    /// Checks for an interrupt or a passed deadline every 1024 calls.
    @inline(__always)
    func tick(_ location: SourceLocation) throws {
        ticks &+= 1
        if ticks & 1023 == 0 { try checkInterrupt(location) }
    }

    func checkInterrupt(_ location: SourceLocation) throws {
        if interruptRequested.load(ordering: .relaxed) {
            throw ScriptError(location: location, message: "execution interrupted", isInterruption: true)
        }
        if let deadline, ContinuousClock.now >= deadline {
            let seconds = timeLimit.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
            let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
            throw ScriptError(location: location, message: "cell timed out after \(text) s", isInterruption: true)
        }
    }

    // MARK: Extension API

    /// Adds a global function (an overload, when one with other labels exists;
    /// a replacement when the labels are the same).
    public func defineFunction(_ function: NativeFunction) {
        var overloads: [NativeFunction] = []
        if let slot = builtins[function.name], case .function(let existing) = slot.value,
           case .native(let natives) = existing.body {
            overloads = natives.filter { $0.signatureName != function.signatureName }
        }
        overloads.append(function)
        defineBuiltin(function.name, .function(Function(name: function.name, body: .native(overloads))))
    }

    /// Adds a global function from a Swift-style signature such as
    /// `"manualSeed(_ seed: Int)"` and a body over the bound arguments.
    public func defineFunction(_ signature: String, _ body: @escaping (Arguments) throws -> Value) {
        defineFunction(NativeFunction(signature, body))
    }

    /// Adds a host type. `swiftClass` is the class of the objects that have this
    /// type (subclasses not registered themselves have it too); `parent` is a host
    /// type whose members this one inherits.
    @discardableResult
    public func defineType(_ name: String, for swiftClass: AnyClass? = nil, inherits parent: HostType? = nil) -> HostType {
        let type = HostType(name: name, swiftClass: swiftClass, parent: parent)
        if let swiftClass {
            hostTypesByClass[ObjectIdentifier(swiftClass)] = type
            hostTypeCache = [:]
            HostType.memberChanges.add(1, ordering: .relaxed)
        }
        defineBuiltin(name, .type(.host(type)))
        return type
    }

    /// Adds a global constant visible to every cell (a cell may shadow it).
    public func defineGlobal(_ name: String, _ value: Value) {
        defineBuiltin(name, value)
    }

    func defineBuiltin(_ name: String, _ value: Value) {
        if let slot = builtins[name] {
            slot.value = value
        } else {
            builtins[name] = GlobalSlot(name: name, value: value, isConstant: true, isBuiltin: true)
            globalGeneration += 1
        }
    }

    /// The value of a top-level name declared by a cell (or by the host).
    public func global(_ name: String) -> Value? {
        (globals[name] ?? builtins[name])?.value
    }

    /// The host type of a host object (searching the Swift superclasses).
    public func hostType(of object: AnyObject) -> HostType? {
        let id = ObjectIdentifier(type(of: object))
        if let cached = hostTypeCache[id] { return cached }
        var current: AnyClass? = type(of: object)
        var found: HostType?
        while let c = current {
            if let t = hostTypesByClass[ObjectIdentifier(c)] { found = t; break }
            current = _getSuperclass(c)
        }
        hostTypeCache[id] = found
        return found
    }

    /// Calls a function value (a closure passed by a cell, say) with unlabeled
    /// arguments. Errors propagate as `ScriptError`s.
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        let location = currentCallLocation
        return try callValue(function, arguments.map { CallArgument(label: nil, value: $0, location: location) },
                             at: location)
    }

    /// Calls the method `name` of `receiver` with unlabeled arguments.
    public func callMethod(_ name: String, on receiver: Value, _ arguments: [Value]) throws -> Value {
        let location = currentCallLocation
        return try callMember(receiver, name, arguments.map { CallArgument(label: nil, value: $0, location: location) },
                              at: location)
    }

    /// The member `name` of `value` (a property, computed or stored), as `value.name`
    /// in a cell would give it.
    public func member(_ name: String, of value: Value) throws -> Value {
        try member(of: value, name, at: currentCallLocation)
    }

    /// `value[indices]`, as a cell would evaluate it.
    public func subscriptValue(_ value: Value, _ indices: [Value]) throws -> Value {
        let location = currentCallLocation
        return try subscriptValue(value, indices.map { CallArgument(label: nil, value: $0, location: location) }, at: location)
    }

    /// Writes text to the output (or standard output).
    public func write(_ text: String) {
        if let output {
            output.write(text)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Shows an SVG picture in the output (ignored without an output sink).
    public func display(svg: String) {
        output?.display(svg: svg)
    }

    /// The message of a host error: its `message` property if it has one, else
    /// its description.
    public static func message(of error: Error) -> String {
        if let hostError = error as? HostError { return hostError.message }
        for child in Mirror(reflecting: error).children where child.label == "message" {
            if let message = child.value as? String { return message }
        }
        // Uses `description` for errors that have one.
        return String(describing: error)
    }

    /// The error to report for an error thrown by host code called at `location`.
    func hostError(_ error: Error, at location: SourceLocation) -> Error {
        switch error {
        case let scriptError as ScriptError: return scriptError
        case is OptionalChainNil: return error
        case let conversion as ConversionError:
            return ScriptError(location: location, message: "cannot convert value of type '\(typeName(of: conversion.value))' to expected argument type '\(conversion.expected)'")
        default:
            return ScriptError(location: location, message: Interpreter.message(of: error))
        }
    }

    /// Runs host code, converting its errors to `ScriptError`s at `location`.
    @inline(__always)
    func host<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
        let result: T
        do {
            result = try body()
        } catch {
            // Work cut short by the host may fail on its unfinished results: the reason it was cut comes first.
            try checkAfterHostCall(location)
            throw hostError(error, at: location)
        }
        try checkAfterHostCall(location)
        return result
    }

    /// A host call may run for long (an engine kernel): the deadline is checked
    /// when it returns, and the host's own failure, if it reported one.
    @inline(__always)
    func checkAfterHostCall(_ location: SourceLocation) throws {
        if let hostFailure, let message = hostFailure() {
            throw ScriptError(location: location, message: message, isInterruption: true)
        }
        if let deadline, ContinuousClock.now >= deadline { try checkInterrupt(location) }
    }

    func fail(_ message: String, _ location: SourceLocation) -> ScriptError {
        ScriptError(location: location, message: message)
    }

    /// The error for an optional used where its wrapped value is needed.
    func mustUnwrap(_ optional: Value, _ location: SourceLocation) -> ScriptError {
        fail("value of optional type '\(typeName(of: optional))' must be unwrapped to a value of type '\(typeName(of: optional.unwrapped))'", location)
    }
}

/// Thrown inside an optional chain when a link is nil; the chain catches it.
struct OptionalChainNil: Error {}

/// An evaluated argument at a call site.
struct CallArgument {
    var label: String?
    var value: Value
    var location: SourceLocation
    var isTrailingClosure = false
    /// For an `&argument`: stores a new value where the argument came from.
    var writeBack: ((Value) throws -> Void)?
}
