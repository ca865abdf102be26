/// Ending a notebook: what its cells built is freed even where it forms cycles.
///
/// A function declared in a cell refers to the globals it uses through its
/// syntax tree, and a global holds the function: every top-level function,
/// class and closure is in a cycle with its own global, and through it with
/// everything the globals hold. Cells also build cycles of their own (an
/// instance holding a closure that captures `self`). `close()` empties all of
/// it in a loop, which also releases long chains and deep nesting without
/// recursion.
extension Interpreter {
    /// Ends the notebook: empties every global, and every instance, scope,
    /// tuple, class and container reachable from them, and drops the host's
    /// types and functions, so that nothing the cells built or the host
    /// registered outlives the notebook. The interpreter runs no cell after this.
    public func close() {
        // Each emptied object stays referenced here until the end, so that
        // emptying one never releases a chain of others from inside it.
        var emptied: [AnyObject] = []
        var seen = Set<ObjectIdentifier>()
        var pending: [Value] = []
        func first(_ object: AnyObject) -> Bool {
            guard seen.insert(ObjectIdentifier(object)).inserted else { return false }
            emptied.append(object)
            return true
        }
        func add(_ value: Value) {
            switch value {
            case .array, .dictionary, .tuple, .some, .function, .type, .instance: pending.append(value)
            default: break
            }
        }
        func add(_ environment: Environment?) {
            var next = environment
            while let current = next, first(current) {
                for k in 0..<current.size { add(current.slots[k]) }
                current.clear()
                next = current.parent
                current.parent = nil
            }
        }
        func add(_ scriptClass: ScriptClass) {
            var next: ScriptClass? = scriptClass
            while let current = next, first(current) {
                for value in current.staticValues.values { add(value) }
                current.staticValues = [:]
                add(current.closure)
                next = current.superclass
            }
        }
        for slot in globals.values {
            add(slot.value)
            slot.value = .nil
        }
        for scriptClass in hostExtensions.values { add(scriptClass) }
        while let value = pending.popLast() {
            switch value {
            case .array(let elements):
                for element in elements { add(element) }
            case .dictionary(let dictionary):
                for (key, value) in dictionary.entries {
                    add(key)
                    add(value)
                }
            case .tuple(let tuple):
                if first(tuple) {
                    for element in tuple.elements { add(element) }
                    tuple.removeAll()
                }
            case .some(let wrapped):
                add(wrapped)
            case .function(let function):
                if first(function) {
                    if let receiver = function.receiver { add(receiver) }
                    if case .script(_, let closure) = function.body { add(closure) }
                    if let owner = function.owner { add(owner) }
                }
            case .type(let type):
                if case .script(let scriptClass) = type { add(scriptClass) }
            case .instance(let instance):
                if first(instance) {
                    for value in instance.fields.values { add(value) }
                    instance.fields = [:]
                    if let payload = instance.enumCase?.payload { add(.tuple(payload)) }
                    instance.enumCase = nil
                    add(instance.scriptClass)
                }
            default:
                break
            }
        }
        // The host's types and functions: their closures hold one another.
        var hostTypes = Array(hostTypesByClass.values) + types.all
        for slot in builtins.values {
            if case .type(.host(let type)) = slot.value { hostTypes.append(type) }
            slot.value = .nil
        }
        var typesSeen = Set<ObjectIdentifier>()
        while let type = hostTypes.popLast() {
            guard typesSeen.insert(ObjectIdentifier(type)).inserted else { continue }
            if let parent = type.parent { hostTypes.append(parent) }
            type.removeAllMembers()
        }
        types.removeAllMethods()
        globals = [:]
        builtins = [:]
        hostTypesByClass = [:]
        hostExtensions = [:]
        hostTypeCache = [:]
        globalGeneration += 1
    }
}
