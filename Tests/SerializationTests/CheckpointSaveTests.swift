import Autograd
import FixtureSupport
import Foundation
@testable import Serialization
import XCTest

/// `Checkpoint.save` and `Checkpoint.loadObject`: PyTorch's format both ways.
final class CheckpointSaveTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// An optimizer-like state dict: nested dicts, int keys, numbers, None, tuples and tensors.
    private func optimizerLike() -> CheckpointValue {
        let buffer = Tensor(shape: [2, 3], floats: [1, -2, 3.5, 0, 1e-8, -7])
        return .dict([
            (.string("state"), .dict([(.int(0), .dict([(.string("step"), .tensor(Tensor(3.0))),
                                                        (.string("momentum_buffer"), .tensor(buffer))], ordered: false))],
                                     ordered: false)),
            (.string("param_groups"), .list([.dict([
                (.string("lr"), .double(0.01)), (.string("betas"), .tuple([.double(0.9), .double(0.999)])),
                (.string("weight_decay"), .int(0)), (.string("nesterov"), .bool(false)), (.string("foreach"), .none),
                (.string("big"), .int(1 << 40)), (.string("negative"), .int(-70_000)), (.string("name"), .string("grüße")),
                (.string("params"), .list([.int(0), .int(1)])),
            ], ordered: false)])),
        ], ordered: false)
    }

    private func describe(_ value: CheckpointValue) -> String {
        switch value {
        case .tensor(let t): return "T\(t.shape)\(t.dtype)\(t.dtype == .int64 ? t.int64s.map(String.init) : t.floats.map { String($0) })"
        case .dict(let entries, _): return "{" + entries.map { describe($0.0) + ":" + describe($0.1) }.joined(separator: ",") + "}"
        case .list(let e): return "[" + e.map(describe).joined(separator: ",") + "]"
        case .tuple(let e): return "(" + e.map(describe).joined(separator: ",") + ")"
        case .none: return "None"
        case .bool(let b): return String(b)
        case .int(let i): return "i\(i)"
        case .double(let d): return "d\(d)"
        case .string(let s): return "'\(s)'"
        }
    }

    func testRoundTripKeepsNestedDataAndTensors() throws {
        let path = folder.appendingPathComponent("optimizer.pth").path
        let value = optimizerLike()
        try Checkpoint.save(value, to: path)
        XCTAssertEqual(describe(try Checkpoint.loadObject(path)), describe(value))

        let ints = Tensor(shape: [3], int64s: [1, -5, Int64.max]), flags = Tensor(shape: [2], bools: [true, false])
        let stateDict = CheckpointValue.stateDict([("a", ints), ("b", flags), ("c", Tensor(shape: [0, 2], floats: []))])
        try Checkpoint.save(stateDict, to: path)
        XCTAssertEqual(describe(try Checkpoint.loadObject(path)), describe(stateDict))
        XCTAssertEqual(try Checkpoint.load(path).map(\.0), ["a", "b", "c"])
    }

    func testArchiveHasTorchSaveRecordsAlignedTo64Bytes() throws {
        let bytes = try Checkpoint.serializePyTorch(.stateDict([("w", Tensor(shape: [5], floats: [1, 2, 3, 4, 5]))]), file: "x.pth")
        let archive = try ZipArchive(bytes: bytes, file: "x.pth")
        XCTAssertEqual(archive.entries.map(\.name), ["archive/data.pkl", "archive/.format_version", "archive/.storage_alignment",
                                                     "archive/byteorder", "archive/data/0", "archive/version"])
        let data = try archive.contents(of: try XCTUnwrap(archive.entry(named: "archive/data/0")))
        XCTAssertEqual(data.startIndex % 64, 0)
        XCTAssertEqual(String(decoding: try archive.contents(of: archive.entry(named: "archive/version")!), as: UTF8.self), "3\n")
    }

    /// Files `torch.save` wrote (`scripts/reference/make_saving.py`) load with their values.
    func testLoadsTorchSavedStateDicts() throws {
        let reference = try XCTUnwrap(try Fixtures.json("saving/saving.json") as? [String: Any])
        for name in ["linear.pth", "sgd.pth", "adam.pth", "adamw.pth", "rmsprop.pth", "adagrad.pth", "adadelta.pth"] {
            let loaded = try Checkpoint.loadObject(Fixtures.path("saving/\(name)"))
            XCTAssertTrue(same(plain(loaded), try XCTUnwrap(reference[name])), "\(name): \(plain(loaded))")
        }
    }

    /// Equal JSON-like values, numbers within a part in 10¹² (JSON's decimal round trip).
    private func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (let x as [String: Any], let y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.allSatisfy { same($0.value, y[$0.key]!) }
        case (let x as [Any], let y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (let x as String, let y as String): return x == y
        case (is NSNull, is NSNull): return true
        case (let x as Bool, let y as Bool): return x == y
        case (let x as NSNumber, let y as NSNumber):
            return abs(x.doubleValue - y.doubleValue) <= 1e-12 * max(1, abs(y.doubleValue))
        default: return false
        }
    }

    /// The loaded value written as `make_saving.py` writes its JSON.
    private func plain(_ value: CheckpointValue) -> Any {
        switch value {
        case .tensor(let t):
            let values: [Any] = t.dtype == .int64 ? t.int64s.map { Int($0) } : t.floats.map { Double($0) }
            return ["shape": t.shape, "values": values, "dtype": t.dtype.description] as [String: Any]
        case .dict(let entries, _):
            var result: [String: Any] = [:]
            for (key, element) in entries {
                switch key {
                case .string(let s): result[s] = plain(element)
                case .int(let i): result[String(i)] = plain(element)
                default: result["\(key)"] = plain(element)
                }
            }
            return result
        case .list(let e), .tuple(let e): return e.map(plain)
        case .none: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        }
    }

    func testSafetensorsByExtension() throws {
        let path = folder.appendingPathComponent("weights.safetensors").path
        try Checkpoint.save(.stateDict([("w", Tensor(shape: [2], floats: [1, 2]))]), to: path)
        XCTAssertEqual(try SafeTensors.read(path)["w"]?.floats, [1, 2])
        XCTAssertThrowsError(try Checkpoint.save(optimizerLike(), to: path)) { error in
            XCTAssertTrue("\(error)".contains("a .safetensors file holds a dictionary of tensors"), "\(error)")
        }
        XCTAssertEqual(try SafeTensors.read(path)["w"]?.floats, [1, 2], "a failed save leaves the old file")
    }

    func testFailedWriteLeavesNothing() throws {
        let path = folder.appendingPathComponent("missing/model.pth").path
        XCTAssertThrowsError(try Checkpoint.save(.tensor(Tensor(1.0)), to: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": cannot write the file"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    /// What PyTorch reads from a file we wrote: `torch.load(weights_only=True)`
    /// through the Python named by `TORCH_PYTHON` (default `python3`).
    func testTorchLoadReadsOurFile() throws {
        let path = folder.appendingPathComponent("ours.pth").path
        let weight = Tensor(shape: [2, 3], floats: [0.5, -1.25, 3, 1e-3, -0, 7])
        try Checkpoint.save(.dict([
            (.string("model"), .stateDict([("fc.weight", weight), ("fc.steps", Tensor(shape: [], int64s: [42]))])),
            (.string("optimizer"), optimizerLike()),
        ], ordered: false), to: path)
        let script = """
            import json, sys, torch
            d = torch.load(sys.argv[1], weights_only=True)
            m, o = d["model"], d["optimizer"]
            print(json.dumps({"keys": list(m.keys()), "w": m["fc.weight"].tolist(), "wdtype": str(m["fc.weight"].dtype),
                "steps": m["fc.steps"].item(), "sdtype": str(m["fc.steps"].dtype),
                "buffer": o["state"][0]["momentum_buffer"].tolist(), "step": o["state"][0]["step"].item(),
                "group": {k: v for k, v in o["param_groups"][0].items()}}))
            """
        let output = try TorchPython.run(script, arguments: [path])
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        XCTAssertEqual(result["keys"] as? [String], ["fc.weight", "fc.steps"])
        XCTAssertTrue(same(result["w"] as Any, [[0.5, -1.25, 3], [Double(Float(1e-3)), 0, 7]]), "\(result)")
        XCTAssertEqual(result["wdtype"] as? String, "torch.float32")
        XCTAssertEqual(result["steps"] as? Int, 42)
        XCTAssertEqual(result["sdtype"] as? String, "torch.int64")
        XCTAssertTrue(same(result["buffer"] as Any, [[1, -2, 3.5], [0, Double(Float(1e-8)), -7]]), "\(result)")
        XCTAssertEqual(result["step"] as? Double, 3)
        let group = try XCTUnwrap(result["group"] as? [String: Any])
        XCTAssertEqual(group["lr"] as? Double, 0.01)
        XCTAssertEqual(group["betas"] as? [Double], [0.9, 0.999])
        XCTAssertEqual(group["big"] as? Int, 1 << 40)
        XCTAssertEqual(group["negative"] as? Int, -70_000)
        XCTAssertEqual(group["name"] as? String, "grüße")
        XCTAssertEqual(group["params"] as? [Int], [0, 1])
        XCTAssertTrue(group["foreach"] is NSNull)
    }
}
