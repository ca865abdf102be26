import FixtureSupport
import XCTest
@testable import Serialization
import Autograd

final class UnpicklerTests: XCTestCase {
    func unpickle(_ bytes: [UInt8]) throws -> PickleValue {
        var unpickler = Unpickler(bytes: bytes[...], file: "test.pkl")
        return try unpickler.load()
    }

    func assertRejects(_ bytes: [UInt8], mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try unpickle(bytes), file: file, line: line) { error in
            guard let error = error as? CheckpointError else {
                return XCTFail("unexpected error \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.file, "test.pkl", file: file, line: line)
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
        }
    }

    /// A compact rendering of a value, to compare results.
    func render(_ value: PickleValue) -> String {
        switch value {
        case .none: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let integer): return String(integer)
        case .float(let number): return String(number)
        case .string(let text): return "'\(text)'"
        case .bytes(let bytes): return "b\(bytes)"
        case .tuple(let values): return "(" + values.map(render).joined(separator: ", ") + ")"
        case .list(let list): return "[" + list.elements.map(render).joined(separator: ", ") + "]"
        case .dict(let dict): return "{" + dict.entries.map { "\(render($0.0)): \(render($0.1))" }.joined(separator: ", ") + "}"
        case .global(let global): return global.qualifiedName
        case .storage(let storage): return "storage(\(storage.type.rawValue), \(storage.key), \(storage.count))"
        case .tensor(let tensor): return "tensor(\(tensor.storage.key), \(tensor.offset), \(tensor.shape), \(tensor.strides), \(tensor.requiresGrad))"
        }
    }

    func testPlainDataOfProtocolTwo() throws {
        var pickle = PickleBuilder()
        pickle.op("}"); pickle.raw([0x71, 0x00])  // EMPTY_DICT, BINPUT 0
        pickle.mark()
        pickle.string("numbers")
        pickle.mark(); pickle.int(7); pickle.int(300); pickle.int(-5); pickle.int(70_000); pickle.op("l")
        pickle.raw([0x8a, 0x05, 0x00, 0x00, 0x00, 0x00, 0x01])  // LONG1 2^32
        pickle.op("a")  // APPEND
        pickle.string("more")
        pickle.raw([0x8a, 0x02, 0xff, 0x7f, 0x8a, 0x01, 0xff, 0x86])  // (32767, -1)
        pickle.string("float")
        pickle.raw([UInt8(ascii: "G"), 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])  // 1.5
        pickle.string("flags")
        pickle.raw([0x4e, 0x88, 0x89, 0x87])  // (None, True, False)
        pickle.string("text")
        pickle.raw([0x8c, 0x03] + Array("été".utf8.prefix(3)))
        pickle.string("bytes")
        pickle.raw([UInt8(ascii: "C"), 2, 0xca, 0xfe])
        pickle.string("again")
        pickle.raw([0x68, 0x00])  // BINGET 0: the dict itself is not finished, so use a copy of a string instead
        pickle.op("0")  // POP it
        pickle.raw([UInt8(ascii: "U"), 3] + Array("old".utf8))  // SHORT_BINSTRING
        pickle.op("u")
        pickle.stop()
        XCTAssertEqual(render(try unpickle(pickle.bytes)),
                       "{'numbers': [7, 300, -5, 70000, 4294967296], 'more': (32767, -1), 'float': 1.5, "
                       + "'flags': (None, True, False), 'text': 'ét', 'bytes': b[202, 254], 'again': 'old'}")
    }

    func testProtocolFourFramesAndMemoize() throws {
        // {'a': 'x', 'b': 'x'} with MEMOIZE and BINGET, inside a FRAME.
        var body: [UInt8] = [0x7d, 0x94, 0x28]
        body += [0x8c, 0x01, UInt8(ascii: "a"), 0x94, 0x8c, 0x01, UInt8(ascii: "x"), 0x94]
        body += [0x8c, 0x01, UInt8(ascii: "b"), 0x94, 0x68, 0x02, 0x75, 0x2e]
        let bytes: [UInt8] = [0x80, 0x04, 0x95] + (0..<8).map { UInt8(truncatingIfNeeded: body.count >> (8 * $0)) } + body
        XCTAssertEqual(render(try unpickle(bytes)), "{'a': 'x', 'b': 'x'}")
    }

    func testProtocolZeroText() throws {
        // {'n\u00e9': 42} in protocol 0: MARK, DICT, PUT, UNICODE, PUT, INT, SETITEM, GET.
        let text = "(dp0\nVn\\u00e9\np1\nI42\nsg0\n."
        XCTAssertEqual(render(try unpickle(Array(text.utf8))), "{'né': 42}")
        XCTAssertEqual(render(try unpickle(Array("I01\n.".utf8))), "True")
        XCTAssertEqual(render(try unpickle(Array("L12345678901234L\n.".utf8))), "12345678901234")
        XCTAssertEqual(render(try unpickle(Array("F2.5\n.".utf8))), "2.5")
    }

    func testRebuildsTensorsAndParameters() throws {
        var pickle = PickleBuilder()
        pickle.global("torch._utils", "_rebuild_parameter")
        pickle.mark()
        pickle.tensor(key: "3", storage: "LongStorage", count: 6, offset: 1, size: [2, 2], stride: [1, 2])
        pickle.raw([0x88])
        pickle.emptyOrderedDict()
        pickle.op("t"); pickle.op("R")
        pickle.stop()
        XCTAssertEqual(render(try unpickle(pickle.bytes)), "tensor(3, 1, [2, 2], [1, 2], true)")
    }

    func testRejectsHostileGlobals() {
        // The classic: os.system('echo owned') by GLOBAL and REDUCE.
        assertRejects(Array("cos\nsystem\n(Vecho owned\ntR.".utf8), mentioning: "unsupported global 'os.system'")
        // STACK_GLOBAL (protocol 4) of builtins.eval.
        var stackGlobal: [UInt8] = [0x80, 0x04, 0x8c, 0x08] + Array("builtins".utf8) + [0x8c, 0x04] + Array("eval".utf8)
        stackGlobal += [0x93, 0x8c, 0x01, UInt8(ascii: "1"), 0x85, UInt8(ascii: "R"), 0x2e]
        assertRejects(stackGlobal, mentioning: "unsupported global 'builtins.eval'")
        // A pickled module object rather than a state dict.
        assertRejects(Array("ctorch.nn.modules.conv\nConv2d\n)R.".utf8), mentioning: "unsupported global 'torch.nn.modules.conv.Conv2d'")
        // torch.load itself, and a storage class called as a function.
        assertRejects(Array("ctorch\nload\n.".utf8), mentioning: "'torch.load'")
        assertRejects(Array("ctorch\nFloatStorage\n)R.".utf8), mentioning: "cannot be called directly")
    }

    func testRejectsObjectBuildingOpcodes() {
        assertRejects(Array("(i__main__\nEvil\n.".utf8), mentioning: "INST")
        assertRejects([0x80, 0x02, 0x28, UInt8(ascii: "o"), 0x2e], mentioning: "OBJ")
        assertRejects([0x80, 0x04, 0x92], mentioning: "NEWOBJ_EX")
        assertRejects([0x80, 0x02, 0x82, 0x01], mentioning: "EXT1")
        assertRejects(Array("Pfoo\n.".utf8), mentioning: "PERSID")
        assertRejects([0x80, 0x02, 0xff], mentioning: "opcode 0xff at byte 2")
    }

    func testRejectsMalformedPickles() {
        assertRejects([], mentioning: "truncated")
        assertRejects([0x80, 0x02, 0x4b], mentioning: "truncated")
        assertRejects([0x80, 0x02, 0x4b, 0x01], mentioning: "ended without STOP")
        assertRejects([0x80, 0x02, UInt8(ascii: "t"), 0x2e], mentioning: "no MARK")
        assertRejects([0x80, 0x02, 0x85, 0x2e], mentioning: "stack underflow")
        assertRejects([0x80, 0x02, 0x28, 0x4b, 0x01, 0x2e], mentioning: "unbalanced")
        assertRejects([0x80, 0x02, 0x2e], mentioning: "unbalanced")
        assertRejects([0x80, 0x02, 0x68, 0x05, 0x2e], mentioning: "memo entry 5 is missing")
        assertRejects([0x80, 0x02, UInt8(ascii: "X"), 0xff, 0xff, 0xff, 0x7f, 0x61], mentioning: "runs past the end")
        assertRejects([0x80, 0x02, 0x8c, 0x02, 0xc3, 0x28, 0x2e], mentioning: "UTF-8")
        assertRejects([0x80, 0x02, 0x8a, 0x09] + [UInt8](repeating: 1, count: 9) + [0x2e], mentioning: "9 bytes")
        assertRejects([0x80, 0x02, 0x4b, 0x01, 0x29, UInt8(ascii: "R"), 0x2e], mentioning: "cannot call a int")
        assertRejects([0x80, 0x02, 0x4b, 0x01, 0x4b, 0x02, UInt8(ascii: "a"), 0x2e], mentioning: "appending to a int")
        assertRejects([0x80, 0x02, 0x7d, 0x4b, 0x01, UInt8(ascii: "s"), 0x2e], mentioning: "stack underflow")
        assertRejects([0x80, 0x02, 0x4b, 0x01, 0x51, 0x2e], mentioning: "persistent id")
        assertRejects(Array("ctorch._utils\n_rebuild_tensor_v2\n(K\u{1}tR.".utf8), mentioning: "needs a storage")
    }

    func testTheFixturePickleAndItsDamagedCopies() throws {
        let archive = try ZipArchive(bytes: CheckpointTests.stateBytes, file: "state.pth")
        let entry = try XCTUnwrap(archive.entry(named: "state/data.pkl"))
        let pickle = Array(try archive.contents(of: entry))
        guard case .dict(let stateDict) = try unpickle(pickle) else { return XCTFail("not a dict") }
        XCTAssertEqual(stateDict.entries.count, 9)
        XCTAssertEqual(stateDict["0.weight"].map(render), "tensor(0, 0, [4, 3, 3, 3], [27, 9, 3, 1], false)")

        // Cut short or with a byte changed, the pickle fails cleanly (or still parses).
        for length in stride(from: 0, to: pickle.count, by: 13) {
            XCTAssertThrowsError(try unpickle(Array(pickle.prefix(length))))
        }
        for index in stride(from: 0, to: pickle.count, by: 11) {
            var damaged = pickle
            damaged[index] ^= 0x41
            do { _ = try unpickle(damaged) } catch { XCTAssertTrue(error is CheckpointError, "\(error)") }
        }
    }

    // MARK: - Bounded values

    func testDeepNestingIsAnErrorNotAStackOverflow() {
        // Ten million nested 1-tuples: refused at the depth limit, and what was
        // built is released without deep recursion.
        let tuples: [UInt8] = [0x80, 0x02, UInt8(ascii: ")")] + [UInt8](repeating: 0x85, count: 10_000_000) + [UInt8(ascii: ".")]
        assertRejects(tuples, mentioning: "nested more than 1000 deep")
        // Lists built bottom-up with LIST.
        let lists: [UInt8] = [0x80, 0x02] + [UInt8](repeating: UInt8(ascii: "("), count: 5000) + [UInt8(ascii: "]")]
            + [UInt8](repeating: UInt8(ascii: "l"), count: 5000) + [UInt8(ascii: ".")]
        assertRejects(lists, mentioning: "nested more than 1000 deep")
        // Exactly at the limit is fine.
        let limit: [UInt8] = [0x80, 0x02, UInt8(ascii: ")")] + [UInt8](repeating: 0x85, count: 999) + [UInt8(ascii: ".")]
        XCTAssertNoThrow(try unpickle(limit))
    }

    func testNestedDictsCountTowardTheDepth() {
        // {1: {1: {...}}} built bottom-up with SETITEM.
        var pickle: [UInt8] = [0x80, 0x02, UInt8(ascii: "}")]
        for _ in 0..<2000 {
            // Memoize the inner dict, pop it, then set it as the value of key 1 in a new dict.
            pickle += [UInt8(ascii: "q"), 0, 0x30, UInt8(ascii: "}"), UInt8(ascii: "K"), 1, UInt8(ascii: "h"), 0, UInt8(ascii: "s")]
        }
        pickle += [UInt8(ascii: ".")]
        assertRejects(pickle, mentioning: "nested more than 1000 deep")
    }

    func testContainersCannotChangeOnceInsideAnother() throws {
        // A chain of lists built top-down through the memo: each list is filled
        // after it was placed in its parent, which depth tracking could not see.
        var chain: [UInt8] = [0x80, 0x02, UInt8(ascii: "]"), UInt8(ascii: "r")] + [0, 0, 0, 0]
        for index in 0..<3 {
            chain += [UInt8(ascii: "j")] + withUnsafeBytes(of: UInt32(index).littleEndian, Array.init)
            chain += [UInt8(ascii: "]"), UInt8(ascii: "r")] + withUnsafeBytes(of: UInt32(index + 1).littleEndian, Array.init)
            chain += [UInt8(ascii: "a"), 0x30]
        }
        chain += [UInt8(ascii: "j"), 0, 0, 0, 0, UInt8(ascii: ".")]
        assertRejects(chain, mentioning: "changed after it was placed")
        // A list appended to itself.
        assertRejects([0x80, 0x02, UInt8(ascii: "]"), UInt8(ascii: "2"), UInt8(ascii: "a"), UInt8(ascii: ".")], mentioning: "changed after it was placed")
        // A dict that holds itself as a value.
        assertRejects([0x80, 0x02, UInt8(ascii: "}"), UInt8(ascii: "2"), UInt8(ascii: "K"), 1, UInt8(ascii: "h"), 0, UInt8(ascii: "s"), UInt8(ascii: ".")], mentioning: "memo")
        assertRejects([0x80, 0x02, UInt8(ascii: "}"), UInt8(ascii: "q"), 0, UInt8(ascii: "K"), 1, UInt8(ascii: "h"), 0, UInt8(ascii: "s"), UInt8(ascii: ".")], mentioning: "changed after it was placed")
        // Batches of APPENDS to a list that is still on its own are fine, as Python writes them.
        let batches = try unpickle([0x80, 0x02, UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: "K"), 1, UInt8(ascii: "e"),
                                    UInt8(ascii: "("), UInt8(ascii: "K"), 2, UInt8(ascii: "e"), UInt8(ascii: ".")])
        XCTAssertEqual(render(batches), "[1, 2]")
    }

    func testErrorsDoNotQuoteTheFilesBytes() {
        // Text arguments are not echoed (the bytes may be anything the file held).
        assertRejects([0x80, 0x02, UInt8(ascii: "F")] + Array("secret\n".utf8), mentioning: "FLOAT argument")
        assertRejects([0x80, 0x02, UInt8(ascii: "I")] + Array("secret\n".utf8), mentioning: "INT argument")
        XCTAssertThrowsError(try unpickle([0x80, 0x02, UInt8(ascii: "I")] + Array("secret\n".utf8))) { error in
            XCTAssertFalse("\(error)".contains("secret"), "\(error)")
        }
        // A global's name is shown escaped and shortened.
        var long = PickleBuilder()
        long.global("os" + String(repeating: "x", count: 500), "sys\u{1b}[2Jtem")
        long.stop()
        XCTAssertThrowsError(try unpickle(long.bytes)) { error in
            let message = (error as? CheckpointError)?.message ?? ""
            XCTAssertFalse(message.contains("\u{1b}"), message)
            XCTAssertLessThan(message.count, 250, message)
        }
    }
}
