import FixtureSupport
import Foundation
import Script
import ScriptBindings
import ScriptTestSupport
import XCTest

/// `save` and `load` in cells, in a notebook folder of their own: what they
/// write, what PyTorch reads from it, and the writes the sandbox refuses.
final class CheckpointBindingsTests: XCTestCase {
    private var root: URL!
    private var notebook: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cells-save-\(UUID().uuidString)")
        notebook = root.appendingPathComponent("notebook")
        try FileManager.default.createDirectory(at: notebook.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `source` as a cell of a notebook in `notebook`, returning what it printed.
    @discardableResult
    private func run(_ source: String, in interpreter: Interpreter? = nil) throws -> String {
        let interpreter = interpreter ?? makeInterpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        try interpreter.run(source, file: "cell.md")
        return sink.text
    }

    private func makeInterpreter() -> Interpreter {
        let interpreter = Interpreter()
        EngineLibrary.install(into: interpreter, seed: 0, folder: notebook.path)
        return interpreter
    }

    private func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    func testSaveAndLoadInTheNotebookFolder() throws {
        let printed = try run("""
            manualSeed(0)
            let model = Linear(3, 2)
            let optimizer = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
            mseLoss(model(Tensor([[1.0, 2.0, 3.0]])), Tensor([[0.0, 1.0]])).backward()
            optimizer.step()
            save(model.stateDict(), "model.pth")
            save(optimizer.stateDict(), "checkpoints/optimizer.pt")
            save(["epoch": 3, "weights": model.stateDict()], "checkpoints/all.pth")
            save(model.stateDict(), "model.safetensors")
            save(Tensor([1, 2, 3]), "tensor.pth")
            let loaded = load("model.pth")
            print(Array(loaded.keys), loaded["weight"]!.equal(model.weight))
            let state = load("checkpoints/optimizer.pt")
            print(state["param_groups"]![0]["lr"]!, state["state"]![0]!["momentum_buffer"]!.shape)
            let fresh = SGD(Linear(3, 2).parameters(), lr: 0.5, momentum: 0.9)
            fresh.loadStateDict(state)
            print(fresh.lr, load("checkpoints/all.pth")["epoch"]!, load("model.safetensors")["bias"]!.equal(model.bias), load("tensor.pth"))
            """)
        XCTAssertEqual(printed, """
            ["weight", "bias"] true
            0.1 [2, 3]
            0.1 3 true tensor([1, 2, 3])

            """)
        XCTAssertEqual(files(notebook), ["checkpoints", "checkpoints/all.pth", "checkpoints/optimizer.pt",
                                         "model.pth", "model.safetensors", "tensor.pth"])
    }

    /// PyTorch reads what a cell saved: `torch.load(path, weights_only=True)`.
    func testTorchLoadReadsACellsCheckpoint() throws {
        try run("""
            manualSeed(0)
            let model = Sequential(Linear(2, 3), ReLU(), Linear(3, 1))
            let optimizer = Adam(model.parameters(), lr: 0.01)
            mseLoss(model(Tensor([[1.0, -1.0]])), Tensor([[2.0]])).backward()
            optimizer.step()
            save(["model": model.stateDict(), "optimizer": optimizer.stateDict()], "run.pth")
            print(model.stateDict()["0.weight"]!, optimizer.stateDict()["state"]![0]!["exp_avg"]!)
            """)
        let script = """
            import sys, torch
            d = torch.load(sys.argv[1], weights_only=True)
            torch.manual_seed(0)
            model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
            optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
            torch.nn.functional.mse_loss(model(torch.tensor([[1.0, -1.0]])), torch.tensor([[2.0]])).backward()
            optimizer.step()
            ours, theirs = d["model"], model.state_dict()
            assert list(ours.keys()) == list(theirs.keys()), (list(ours.keys()), list(theirs.keys()))
            worst = max((ours[k] - theirs[k]).abs().max().item() for k in theirs)
            o, t = d["optimizer"], optimizer.state_dict()
            assert o["param_groups"][0]["params"] == t["param_groups"][0]["params"]
            assert o["param_groups"][0]["betas"] == t["param_groups"][0]["betas"]
            worst = max(worst, max((o["state"][i]["exp_avg"] - t["state"][i]["exp_avg"]).abs().max().item() for i in t["state"]))
            assert o["state"][0]["step"].item() == 1.0
            print(worst)
            """
        let output = try TorchPython.run(script, arguments: [notebook.appendingPathComponent("run.pth").path])
        let worst = try XCTUnwrap(Double(output.trimmingCharacters(in: .whitespacesAndNewlines)), output)
        XCTAssertLessThan(worst, 1e-6)
    }

    /// A file `torch.save` wrote loads into a model and an optimizer in a cell.
    func testTorchSavedCheckpointsLoadInCells() throws {
        let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/saving")
        for name in ["linear.pth", "sgd.pth", "adam.pth", "adamw.pth", "rmsprop.pth", "adagrad.pth", "adadelta.pth"] {
            try FileManager.default.copyItem(at: reference.appendingPathComponent(name), to: notebook.appendingPathComponent(name))
        }
        let printed = try run("""
            let model = Linear(3, 2)
            print(model.loadStateDict(load("linear.pth")).missingKeys)
            let sgd = SGD(model.parameters(), lr: 1.0, momentum: 0.5)
            sgd.loadStateDict(load("sgd.pth"))
            let adam = Adam(model.parameters())
            adam.loadStateDict(load("adam.pth"))
            print(sgd.lr, adam.lr, adam.stateDict()["param_groups"]![0]["betas"]!, model.bias)
            let adamw = AdamW(model.parameters())
            adamw.loadStateDict(load("adamw.pth"))
            let rmsprop = RMSprop(model.parameters())
            rmsprop.loadStateDict(load("rmsprop.pth"))
            let adagrad = Adagrad(model.parameters())
            adagrad.loadStateDict(load("adagrad.pth"))
            let adadelta = Adadelta(model.parameters())
            adadelta.loadStateDict(load("adadelta.pth"))
            for o in [adamw, rmsprop, adagrad, adadelta] as [Optimizer] {
                print(o.lr, Array(o.stateDict()["state"]![1]!.keys))
            }
            print(rmsprop.stateDict()["param_groups"]![0]["centered"]!, adagrad.stateDict()["param_groups"]![0]["lr_decay"]!)
            """)
        XCTAssertEqual(printed, """
            []
            0.1 0.01 (0.8, 0.99) Parameter containing:
            tensor([ 0.1325, -0.4131], requires_grad=True)
            0.02 ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
            0.01 ["step", "square_avg", "momentum_buffer", "grad_avg"]
            0.1 ["step", "sum"]
            1.0 ["step", "square_avg", "acc_delta"]
            true 0.01

            """)
    }

    func testWritesOutsideTheFolderAreRefused() throws {
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: notebook.appendingPathComponent("escape"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: notebook.appendingPathComponent("link.pth"),
                                                   withDestinationURL: outside.appendingPathComponent("target.pth"))
        let interpreter = makeInterpreter()
        try run("let weights = [\"w\": Tensor([1.0])]", in: interpreter)
        let refused = ["../x.pth", "/tmp/x.pth", "\(outside.path)/x.pth", "escape/x.pth", "link.pth",
                       "checkpoints/../../outside/x.pth", "notes.txt", "model.pth.sh", "missing/x.pth", "checkpoints", ""]
        for path in refused {
            XCTAssertThrowsError(try run("save(weights, \"\(path)\")", in: interpreter), path) { error in
                XCTAssertTrue("\(error)".contains("cannot write '\(path)': cells write only checkpoint files (.pth, .pt or .safetensors) inside the notebook's folder"),
                              "\(path): \(error)")
            }
        }
        XCTAssertEqual(files(outside), [])
        XCTAssertEqual(files(notebook), ["checkpoints", "escape", "link.pth"])
        // An absolute path inside the folder is the folder's.
        try run("save(weights, \"\(notebook.path)/checkpoints/w.pth\")", in: interpreter)
        XCTAssertEqual(files(notebook.appendingPathComponent("checkpoints")), ["w.pth"])
    }

    func testSavingWhatIsNoCheckpointIsAnError() throws {
        let interpreter = makeInterpreter()
        XCTAssertThrowsError(try run("save(Linear(1, 1), \"m.pth\")", in: interpreter)) { error in
            XCTAssertTrue("\(error)".contains("save a module's stateDict(), not the module"), "\(error)")
        }
        XCTAssertThrowsError(try run("save([\"lr\": 0.1], \"m.safetensors\")", in: interpreter)) { error in
            XCTAssertTrue("\(error)".contains("m.safetensors: a .safetensors file holds a dictionary of tensors"), "\(error)")
        }
        XCTAssertEqual(files(notebook), ["checkpoints"])
    }
}
