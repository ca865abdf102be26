import FixtureSupport
import Foundation
import XCTest
@testable import Serialization
import Autograd

final class CheckpointHubTests: XCTestCase {
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Fed in uneven pieces, the digest is the same.
        var hasher = SHA256()
        for piece in stride(from: 0, to: 1_000_000, by: 77_777) {
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: min(77_777, 1_000_000 - piece)))
        }
        XCTAssertEqual(hasher.finalize().map { String(format: "%02x", $0) }.joined(),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testVerifiesTheFixtureHashPrefix() throws {
        // The file's SHA-256 as Python's hashlib computed it when make_fixtures.py wrote it.
        let path = Fixtures.path("serialization/state.pth")
        let digests = try XCTUnwrap(try Fixtures.json("serialization/files.json") as? [String: String])
        let digest = try XCTUnwrap(digests["state.pth"])
        XCTAssertEqual(try SHA256.hexDigest(ofFile: path), digest)
        XCTAssertNoThrow(try Checkpoint.verifyHashPrefix(path: path, prefix: String(digest.prefix(8))))
        XCTAssertThrowsError(try Checkpoint.verifyHashPrefix(path: path, prefix: "f37072fd")) { error in
            let error = error as? CheckpointError
            XCTAssertEqual(error?.file, path)
            XCTAssertTrue(error?.message.contains("invalid hash value (expected prefix \"f37072fd\"") ?? false)
        }
        XCTAssertThrowsError(try Checkpoint.verifyHashPrefix(path: path + ".absent", prefix: "00"))
    }

    func testHubCachePathFollowsTorchHome() {
        let name = "resnet18-f37072fd.pth"
        XCTAssertEqual(Checkpoint.hubCachePath(fileName: name, environment: ["TORCH_HOME": "/models/torch"]),
                       "/models/torch/hub/checkpoints/resnet18-f37072fd.pth")
        XCTAssertEqual(Checkpoint.hubCachePath(fileName: name, environment: ["XDG_CACHE_HOME": "/var/cache", "TORCH_HOME": ""]),
                       "/var/cache/torch/hub/checkpoints/resnet18-f37072fd.pth")
        XCTAssertEqual(Checkpoint.hubCachePath(fileName: name, environment: [:]),
                       NSHomeDirectory() + "/.cache/torch/hub/checkpoints/resnet18-f37072fd.pth")
        XCTAssertEqual(Checkpoint.hubCachePath(fileName: name, environment: ["TORCH_HOME": "~/t"]),
                       NSHomeDirectory() + "/t/hub/checkpoints/resnet18-f37072fd.pth")
    }

    func testHashPrefixOfFileNames() {
        XCTAssertEqual(Checkpoint.hashPrefix(ofFileName: "resnet18-f37072fd.pth"), "f37072fd")
        XCTAssertEqual(Checkpoint.hashPrefix(ofFileName: "/cache/hub/checkpoints/resnet18-f37072fd.pth"), "f37072fd")
        XCTAssertEqual(Checkpoint.hashPrefix(ofFileName: "my-model-0a1b2c.pt"), "0a1b2c")
        XCTAssertNil(Checkpoint.hashPrefix(ofFileName: "resnet18.pth"))
        XCTAssertNil(Checkpoint.hashPrefix(ofFileName: "resnet-XYZ.pth"))
    }
}
