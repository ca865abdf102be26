/// A pickle reader (protocols 0 to 5) restricted to what a PyTorch state dict
/// contains: plain data (None, bools, ints, floats, strings, bytes, tuples, lists,
/// dicts), `collections.OrderedDict`, the tensor-rebuilding functions of
/// `torch._utils`, and storages referenced by persistent id.
///
/// Any other global (`os.system`, `builtins.eval`, a model class…) is rejected
/// when it is named, before anything could use it; so are the opcodes that build
/// arbitrary objects (INST, OBJ, NEWOBJ_EX, extension registry, out-of-band
/// buffers). Nothing from the file is ever executed.
///
/// Reading is linear in the pickle's length, and the values it builds are
/// bounded: containers nest at most `maximumDepth` deep (so nothing that walks
/// or releases them recurses further), and a list or dict may not change once
/// it is inside another container, so no value contains itself.
struct Unpickler {
    /// The deepest nesting of tuples, lists and dicts accepted.
    static let maximumDepth = 1000

    /// A value on the stack or in the memo, with how deeply containers nest in it.
    private struct Slot {
        var value: PickleValue
        var height: Int
    }

    private let bytes: ArraySlice<UInt8>
    private let file: String
    private var position: Int
    private var stack: [Slot] = []
    private var marks: [Int] = []
    private var memo: [Int: Slot] = [:]

    /// Prepares to read the pickle in `bytes`; `file` names it in errors.
    init(bytes: ArraySlice<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        position = bytes.startIndex
    }

    /// Reads the pickle up to STOP and returns its value.
    mutating func load() throws -> PickleValue {
        while true {
            let offset = position - bytes.startIndex
            let opcode = try byte()
            switch opcode {
            // Framing and protocol.
            case 0x80: _ = try byte()  // PROTO
            case 0x95: _ = try integer(8)  // FRAME: the frame length is only a hint
            case UInt8(ascii: "."):  // STOP
                guard let slot = stack.popLast(), marks.isEmpty else {
                    throw fail("malformed pickle: STOP with an unbalanced stack")
                }
                return slot.value

            // Stack manipulation.
            case UInt8(ascii: "("): marks.append(stack.count)  // MARK
            case UInt8(ascii: "0"): _ = try pop()  // POP
            case UInt8(ascii: "1"): _ = try popMark()  // POP_MARK
            case UInt8(ascii: "2"): stack.append(try topSlot())  // DUP

            // Constants and numbers.
            case UInt8(ascii: "N"): push(.none)
            case 0x88: push(.bool(true))
            case 0x89: push(.bool(false))
            case UInt8(ascii: "K"): push(.int(Int(try byte())))  // BININT1
            case UInt8(ascii: "M"): push(.int(Int(try integer(2))))  // BININT2
            case UInt8(ascii: "J"): push(.int(Int(Int32(truncatingIfNeeded: try integer(4)))))  // BININT
            case 0x8a: push(.int(try signedInteger(count: Int(try byte()))))  // LONG1
            case 0x8b: push(.int(try signedInteger(count: try length(4))))  // LONG4
            case UInt8(ascii: "I"): push(try textInteger())  // INT
            case UInt8(ascii: "L"): push(try textInteger())  // LONG
            case UInt8(ascii: "G"):  // BINFLOAT, big-endian
                let raw = try read(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                push(.float(Double(bitPattern: raw)))
            case UInt8(ascii: "F"):  // FLOAT, as text
                let text = try line()
                guard let value = Double(text) else { throw fail("malformed pickle: a FLOAT argument is not a number") }
                push(.float(value))

            // Strings and bytes.
            case UInt8(ascii: "X"): push(.string(try utf8(length(4))))  // BINUNICODE
            case 0x8c: push(.string(try utf8(Int(byte()))))  // SHORT_BINUNICODE
            case 0x8d: push(.string(try utf8(length(8))))  // BINUNICODE8
            case UInt8(ascii: "T"): push(.string(try latin1(length(4))))  // BINSTRING
            case UInt8(ascii: "U"): push(.string(try latin1(Int(byte()))))  // SHORT_BINSTRING
            case UInt8(ascii: "B"): push(.bytes(Array(try read(length(4)))))  // BINBYTES
            case UInt8(ascii: "C"): push(.bytes(Array(try read(Int(byte())))))  // SHORT_BINBYTES
            case 0x8e, 0x96: push(.bytes(Array(try read(length(8)))))  // BINBYTES8, BYTEARRAY8
            case UInt8(ascii: "V"): push(.string(try rawUnicodeEscapeLine()))  // UNICODE

            // Containers.
            case UInt8(ascii: ")"): try pushTuple([])
            case UInt8(ascii: "t"): try pushTuple(try popMark())
            case 0x85: try pushTuple([try pop()])
            case 0x86:
                let second = try pop(), first = try pop()
                try pushTuple([first, second])
            case 0x87:
                let third = try pop(), second = try pop(), first = try pop()
                try pushTuple([first, second, third])
            case UInt8(ascii: "]"): push(.list(PickleList()))
            case UInt8(ascii: "l"):  // LIST
                let list = PickleList()
                try append(try popMark(), to: list)
                push(.list(list))
            case UInt8(ascii: "a"):  // APPEND
                let value = try pop()
                try append([value], to: try list(try top()))
            case UInt8(ascii: "e"):  // APPENDS
                let values = try popMark()
                try append(values, to: try list(try top()))
            case UInt8(ascii: "}"): push(.dict(PickleDict()))
            case UInt8(ascii: "d"):  // DICT
                let dict = PickleDict()
                try setItems(try popMark(), in: dict)
                push(.dict(dict))
            case UInt8(ascii: "s"):  // SETITEM
                let value = try pop(), key = try pop()
                try setItems([key, value], in: try dict(try top()))
            case UInt8(ascii: "u"):  // SETITEMS
                let items = try popMark()
                try setItems(items, in: try dict(try top()))

            // Memo.
            case UInt8(ascii: "p"): try put(textIndex())  // PUT
            case UInt8(ascii: "q"): try put(Int(byte()))  // BINPUT
            case UInt8(ascii: "r"): try put(length(4))  // LONG_BINPUT
            case 0x94: try put(memo.count)  // MEMOIZE
            case UInt8(ascii: "g"): try get(textIndex())  // GET
            case UInt8(ascii: "h"): try get(Int(byte()))  // BINGET
            case UInt8(ascii: "j"): try get(length(4))  // LONG_BINGET

            // Globals, calls and persistent ids: the restricted part.
            case UInt8(ascii: "c"):  // GLOBAL
                let module = try line(), name = try line()
                push(.global(try resolve(module: module, name: name)))
            case 0x93:  // STACK_GLOBAL
                let name = try pop().value, module = try pop().value
                guard case .string(let moduleName) = module, case .string(let globalName) = name else {
                    throw fail("malformed pickle: STACK_GLOBAL needs two strings")
                }
                push(.global(try resolve(module: moduleName, name: globalName)))
            case UInt8(ascii: "R"), 0x81:  // REDUCE, NEWOBJ
                let arguments = try pop().value, callable = try pop().value
                guard case .tuple(let values) = arguments else {
                    throw fail("malformed pickle: call arguments are a \(arguments.typeName), not a tuple")
                }
                push(try call(callable, values))
            case UInt8(ascii: "b"):  // BUILD
                let state = try pop().value
                try build(try top(), state: state)
            case UInt8(ascii: "Q"):  // BINPERSID
                push(try persistentLoad(try pop().value))

            default:
                throw fail("unsupported pickle opcode 0x\(String(opcode, radix: 16)) at byte \(offset)"
                    + (Self.forbiddenOpcodes[opcode].map { " (\($0))" } ?? ""))
            }
        }
    }

    /// Opcodes that could build arbitrary objects, named for the error message.
    private static let forbiddenOpcodes: [UInt8: String] = [
        UInt8(ascii: "i"): "INST", UInt8(ascii: "o"): "OBJ", 0x92: "NEWOBJ_EX",
        0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", UInt8(ascii: "P"): "PERSID",
        0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
        0x8f: "EMPTY_SET", 0x90: "ADDITEMS", 0x91: "FROZENSET",
    ]

    // MARK: - The restricted object model

    private func resolve(module: String, name: String) throws -> PickleGlobal {
        guard let global = PickleGlobal(module: module, name: name) else {
            throw fail("unsupported global '\(CheckpointError.quoted(module + "." + name))': a state dict holds only tensors, storages and dicts, and nothing in a checkpoint is executed")
        }
        return global
    }

    private func call(_ callable: PickleValue, _ arguments: [PickleValue]) throws -> PickleValue {
        guard case .global(let global) = callable else {
            throw fail("malformed pickle: cannot call a \(callable.typeName)")
        }
        switch global {
        case .orderedDict:
            guard arguments.isEmpty else { throw fail("collections.OrderedDict called with arguments") }
            return .dict(PickleDict())
        case .rebuildTensor, .rebuildTensorV2:
            // (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
            guard arguments.count >= 4, case .storage(let storage) = arguments[0] else {
                throw fail("malformed pickle: \(global.qualifiedName) needs a storage, an offset, a size and a stride")
            }
            let offset = try integerArgument(arguments[1], of: global)
            let shape = try integerTuple(arguments[2], of: global)
            let strides = try integerTuple(arguments[3], of: global)
            var requiresGrad = false
            if arguments.count > 4, case .bool(let flag) = arguments[4] { requiresGrad = flag }
            return .tensor(TensorReference(storage: storage, offset: offset, shape: shape,
                                           strides: strides, requiresGrad: requiresGrad))
        case .rebuildParameter, .rebuildParameterWithState:
            // (data, requires_grad, backward_hooks[, state])
            guard arguments.count >= 2, case .tensor(var tensor) = arguments[0], case .bool(let flag) = arguments[1] else {
                throw fail("malformed pickle: \(global.qualifiedName) needs a tensor and a requires_grad flag")
            }
            tensor.requiresGrad = flag
            return .tensor(tensor)
        case .storageType(let type):
            throw fail("storage class torch.\(type.rawValue) cannot be called directly")
        }
    }

    private func build(_ object: PickleValue, state: PickleValue) throws {
        // OrderedDict state dicts carry `_metadata` (module versions); tensors may
        // carry Python attributes. Neither changes the tensors' values.
        switch (object, state) {
        case (.dict, .dict), (.dict, .tuple), (.tensor, _), (_, .none): return
        default: throw fail("malformed pickle: cannot set state on a \(object.typeName)")
        }
    }

    private func persistentLoad(_ id: PickleValue) throws -> PickleValue {
        guard case .tuple(let fields) = id, fields.count >= 5, case .string("storage") = fields[0] else {
            throw fail("unsupported persistent id (only ('storage', type, key, location, size) is known)")
        }
        guard case .global(.storageType(let type)) = fields[1] else {
            throw fail("persistent id names a \(fields[1].typeName), not a storage class")
        }
        guard case .string(let key) = fields[2], case .int(let count) = fields[4], count >= 0 else {
            throw fail("malformed persistent id for a storage")
        }
        return .storage(StorageReference(type: type, key: key, count: count))
    }

    private func integerArgument(_ value: PickleValue, of global: PickleGlobal) throws -> Int {
        guard case .int(let integer) = value else {
            throw fail("malformed pickle: \(global.qualifiedName) expects an int, not a \(value.typeName)")
        }
        return integer
    }

    private func integerTuple(_ value: PickleValue, of global: PickleGlobal) throws -> [Int] {
        guard case .tuple(let values) = value else {
            throw fail("malformed pickle: \(global.qualifiedName) expects a tuple, not a \(value.typeName)")
        }
        return try values.map { try integerArgument($0, of: global) }
    }

    private func setItems(_ items: [Slot], in dict: PickleDict) throws {
        guard items.count % 2 == 0 else { throw fail("malformed pickle: odd number of dict items") }
        let height = try containerHeight(of: items)
        guard !dict.isSealed else { throw changedAfterPlacing("dict") }
        for pair in stride(from: 0, to: items.count, by: 2) { dict.set(items[pair].value, items[pair + 1].value) }
        dict.height = max(dict.height, height)
    }

    private func append(_ items: [Slot], to list: PickleList) throws {
        let height = try containerHeight(of: items)
        guard !list.isSealed else { throw changedAfterPlacing("list") }
        list.elements.append(contentsOf: items.lazy.map(\.value))
        list.height = max(list.height, height)
    }

    private mutating func pushTuple(_ items: [Slot]) throws {
        let height = try containerHeight(of: items)
        stack.append(Slot(value: .tuple(items.map(\.value)), height: height))
    }

    /// The height of a container holding `items`, which are sealed: a list or
    /// dict placed in a container does not change any more.
    private func containerHeight(of items: [Slot]) throws -> Int {
        var height = 1
        for item in items {
            switch item.value {
            case .list(let list):
                list.isSealed = true
                height = max(height, list.height + 1)
            case .dict(let dict):
                dict.isSealed = true
                height = max(height, dict.height + 1)
            case .tuple:
                height = max(height, item.height + 1)
            default: break
            }
        }
        guard height <= Self.maximumDepth else {
            throw fail("malformed pickle: values nested more than \(Self.maximumDepth) deep")
        }
        return height
    }

    private func changedAfterPlacing(_ kind: String) -> CheckpointError {
        fail("malformed pickle: a \(kind) is changed after it was placed in another container (Python fills each list and dict before nesting it)")
    }

    private func list(_ value: PickleValue) throws -> PickleList {
        guard case .list(let list) = value else { throw fail("malformed pickle: appending to a \(value.typeName)") }
        return list
    }

    private func dict(_ value: PickleValue) throws -> PickleDict {
        guard case .dict(let dict) = value else { throw fail("malformed pickle: setting items on a \(value.typeName)") }
        return dict
    }

    // MARK: - Stack and memo

    private mutating func push(_ value: PickleValue) {
        stack.append(Slot(value: value, height: 0))
    }

    private mutating func pop() throws -> Slot {
        guard stack.count > (marks.last ?? 0), let slot = stack.popLast() else {
            throw fail("malformed pickle: stack underflow")
        }
        return slot
    }

    private func topSlot() throws -> Slot {
        guard stack.count > (marks.last ?? 0), let slot = stack.last else {
            throw fail("malformed pickle: stack underflow")
        }
        return slot
    }

    private func top() throws -> PickleValue { try topSlot().value }

    private mutating func popMark() throws -> [Slot] {
        guard let mark = marks.popLast() else { throw fail("malformed pickle: no MARK on the stack") }
        let values = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return values
    }

    private mutating func put(_ index: Int) throws {
        memo[index] = try topSlot()
    }

    private mutating func get(_ index: Int) throws {
        guard let value = memo[index] else { throw fail("malformed pickle: memo entry \(index) is missing") }
        stack.append(value)
    }

    // MARK: - Reading bytes

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.endIndex else { throw fail("truncated pickle: ended without STOP") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func read(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.endIndex - position else {
            throw fail("truncated pickle: a \(count)-byte value runs past the end")
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// An unsigned little-endian integer of `count` bytes.
    private mutating func integer(_ count: Int) throws -> UInt64 {
        try read(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// A length field, which must fit an `Int`.
    private mutating func length(_ count: Int) throws -> Int {
        let value = try integer(count)
        guard value <= UInt64(Int.max) else { throw fail("malformed pickle: length \(value) is too large") }
        return Int(value)
    }

    /// A little-endian two's-complement integer of `count` bytes (LONG1, LONG4).
    private mutating func signedInteger(count: Int) throws -> Int {
        let data = try read(count)
        guard count <= 8 else { throw fail("unsupported pickle integer of \(count) bytes") }
        guard count > 0 else { return 0 }
        var value: UInt64 = data.last! & 0x80 != 0 ? UInt64.max : 0
        for byte in data.reversed() { value = value << 8 | UInt64(byte) }
        return Int(Int64(bitPattern: value))
    }

    /// A line of text ending in a newline (protocol 0 arguments).
    private mutating func line() throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0a) else {
            throw fail("truncated pickle: a text argument has no end of line")
        }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// A protocol 0 UNICODE argument: a line in "raw-unicode-escape", where only
    /// `\uXXXX` and `\UXXXXXXXX` are escapes.
    private mutating func rawUnicodeEscapeLine() throws -> String {
        let scalars = Array(try line().unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let width = scalars[index] == "\\" && index + 1 < scalars.count
                ? (scalars[index + 1] == "u" ? 4 : scalars[index + 1] == "U" ? 8 : 0) : 0
            if width > 0, index + 2 + width <= scalars.count,
               let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 2 + width)])), radix: 16) {
                guard let scalar = Unicode.Scalar(code) else { throw fail("malformed pickle: bad escape in a string") }
                result.append(scalar)
                index += 2 + width
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    private mutating func textInteger() throws -> PickleValue {
        var text = try line()
        if text == "01" { return .bool(true) }
        if text == "00" { return .bool(false) }
        if text.hasSuffix("L") { text.removeLast() }
        guard let value = Int(text) else { throw fail("malformed pickle: an INT argument is not an integer") }
        return .int(value)
    }

    private mutating func textIndex() throws -> Int {
        let text = try line()
        guard let value = Int(text), value >= 0 else { throw fail("malformed pickle: a memo index is not a non-negative integer") }
        return value
    }

    private mutating func utf8(_ count: Int) throws -> String {
        let data = try read(count)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw fail("malformed pickle: a string is not valid UTF-8")
        }
        return text
    }

    private mutating func latin1(_ count: Int) throws -> String {
        String(try read(count).map { Character(Unicode.Scalar($0)) })
    }

    private func fail(_ message: String) -> CheckpointError {
        CheckpointError(file: file, message: message)
    }
}
