import Foundation
import XCTest
import Script
import ScriptBindings
import ScriptTestSupport

/// `resnet18(pretrained: true)` reads torchvision's weights from the torch hub
/// cache named by `TORCH_HOME`, and checks the file's hash prefix.
final class ModelBindingsTests: XCTestCase {
    private var home: URL!
    private var savedHome: String?

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("torch-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("hub/checkpoints"), withIntermediateDirectories: true)
        savedHome = ProcessInfo.processInfo.environment["TORCH_HOME"]
        setenv("TORCH_HOME", home.path, 1)
    }

    override func tearDownWithError() throws {
        if let savedHome { setenv("TORCH_HOME", savedHome, 1) } else { unsetenv("TORCH_HOME") }
        try? FileManager.default.removeItem(at: home)
    }

    private func run(_ source: String) -> String {
        let interpreter = Interpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        EngineLibrary.install(into: interpreter, seed: 0)
        do {
            try interpreter.run(source, file: "cell.md")
        } catch {
            return sink.text + "error: \(Interpreter.message(of: error))"
        }
        return sink.text
    }

    func testPretrainedWeightsAbsentFromTheHubCache() {
        let text = run("let model = resnet18(pretrained: true)")
        XCTAssertTrue(text.hasPrefix("error: pretrained weights not found at \(home.path)/hub/checkpoints/resnet18-f37072fd.pth"), text)
    }

    func testPretrainedWeightsWithTheWrongHash() throws {
        let fixture = FixtureCase.packageRoot.appendingPathComponent("Tests/Reference/resnet18/resnet18-expanded.pth")
        try FileManager.default.copyItem(at: fixture, to: home.appendingPathComponent("hub/checkpoints/resnet18-f37072fd.pth"))
        let text = run("let model = resnet18(pretrained: true)")
        XCTAssertTrue(text.contains("resnet18-f37072fd.pth: invalid hash value (expected prefix \"f37072fd\""), text)
    }

    func testPretrainedFalseNeedsNoFile() {
        XCTAssertEqual(run("print(resnet18(pretrained: false).fc)"), "Linear(in_features=512, out_features=1000, bias=True)\n")
    }
}
