import Autograd
import Foundation
import NN
import XCTest

/// The reference data of the data utilities (`scripts/reference/make_data.py`).
enum DataReference {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Reference/data")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(name))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The next four draws of `torch.randint(0, 2**31 - 1, (4,), generator=…)`,
    /// which takes 64 bits per value for a range this wide.
    static func after(_ generator: Generator) -> [Int] {
        (0..<4).map { _ in Int(generator.nextUInt64() % 2_147_483_647) }
    }
}

final class DataLoaderTests: XCTestCase {
    private func indices(_ batch: [Tensor]) -> [Int] { batch[0].int64s.map { Int($0) } }

    /// Every configuration of `loader.json`: the batches of two passes, the
    /// loader's length and the generators' next draws after them.
    func testBatchesAndDrawsMatchPyTorch() throws {
        let cases = try XCTUnwrap(try DataReference.json("loader.json")["loaders"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 100)
        for c in cases {
            let seed = c["seed"] as! Int, n = c["count"] as! Int, batchSize = c["batchSize"] as! Int
            let shuffle = c["shuffle"] as! Bool, dropLast = c["dropLast"] as! Bool
            let label = "seed \(seed), n \(n), batch \(batchSize), shuffle \(shuffle), dropLast \(dropLast), generator \(String(describing: c["generatorSeed"]))"
            let global = Generator(seed: UInt64(seed))
            try Generator.$bound.withValue(global) {
                let generator = (c["generatorSeed"] as? Int).map { Generator(seed: UInt64($0)) }
                let x = Tensor(shape: [n], int64s: (0..<Int64(n)).map { $0 })
                let dataset = try TensorDataset([x, Tensor(shape: [n], int64s: (0..<Int64(n)).map { $0 * 10 })])
                let loader = try DataLoader(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, generator: generator)
                XCTAssertEqual(loader.count, c["length"] as? Int, label)
                for key in ["batches", "secondPass"] {
                    var iterator = loader.makeIterator()
                    var batches: [[Int]] = []
                    while let batch = try iterator.next() {
                        XCTAssertEqual(batch[1].int64s, batch[0].int64s.map { $0 * 10 }, label)
                        batches.append(indices(batch))
                    }
                    XCTAssertEqual(batches, c[key] as? [[Int]], "\(key): \(label)")
                }
                XCTAssertEqual(DataReference.after(global), c["globalAfter"] as? [Int], "global generator: \(label)")
                if let generator {
                    XCTAssertEqual(DataReference.after(generator), c["generatorAfter"] as? [Int], "loader generator: \(label)")
                }
            }
        }
    }

    /// Leaving a shuffled pass early skips the permutation drawn at its end.
    func testEarlyBreakDrawsLikePyTorch() throws {
        let reference = try XCTUnwrap(try DataReference.json("loader.json")["earlyBreak"] as? [String: Any])
        let global = Generator(seed: 7), generator = Generator(seed: 8)
        try Generator.$bound.withValue(global) {
            let loader = try DataLoader(try TensorDataset([Tensor(shape: [20], int64s: (0..<20).map { $0 })]), batchSize: 6,
                                        shuffle: true, generator: generator)
            var iterator = loader.makeIterator()
            XCTAssertEqual(indices(try XCTUnwrap(try iterator.next())), reference["first"] as? [Int])
            XCTAssertEqual(DataReference.after(global), reference["globalAfter"] as? [Int])
            XCTAssertEqual(DataReference.after(generator), reference["generatorAfter"] as? [Int])
        }
    }

    func testBadArguments() throws {
        let dataset = try TensorDataset([Tensor.zeros([4, 2])])
        XCTAssertThrowsError(try DataLoader(dataset, batchSize: 0)) { error in
            XCTAssertEqual((error as? DataError)?.message, "batch_size should be a positive integer value, but got batch_size=0")
        }
        let empty = try TensorDataset([Tensor.zeros([0, 2])])
        XCTAssertThrowsError(try DataLoader(empty, batchSize: 2, shuffle: true)) { error in
            XCTAssertEqual((error as? DataError)?.message, "num_samples should be a positive integer value, but got num_samples=0")
        }
        XCTAssertThrowsError(try TensorDataset([Tensor.zeros([4]), Tensor.zeros([3])])) { error in
            XCTAssertEqual((error as? DataError)?.message, "Size mismatch between tensors")
        }
        XCTAssertThrowsError(try Subset(dataset, indices: [0, 4]))
        XCTAssertThrowsError(try dataset.sample(checked: -5))
        XCTAssertEqual(try dataset.sample(checked: -1)[0].tensor.shape, [2])
    }
}
