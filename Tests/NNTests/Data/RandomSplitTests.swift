import Autograd
import NN
import XCTest

final class RandomSplitTests: XCTestCase {
    /// `random_split` by lengths and by fractions, and the default generator after it.
    func testMatchesPyTorch() throws {
        let cases = try XCTUnwrap(try DataReference.json("loader.json")["splits"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let seed = c["seed"] as! Int, n = c["count"] as! Int
            let global = Generator(seed: UInt64(seed))
            let dataset = try TensorDataset([try Tensor.arange(Double(n))])
            let subsets: [Subset]
            if let lengths = c["lengths"] as? [Int] {
                subsets = try randomSplit(dataset, lengths: lengths, generator: global)
            } else {
                subsets = try randomSplit(dataset, fractions: c["lengths"] as! [Double], generator: global)
            }
            XCTAssertEqual(subsets.map(\.indices), c["subsets"] as? [[Int]], "seed \(seed)")
            XCTAssertEqual(DataReference.after(global), c["globalAfter"] as? [Int], "seed \(seed)")
        }
    }

    func testLengthsMustAddUp() throws {
        let dataset = try TensorDataset([Tensor.zeros([5])])
        XCTAssertThrowsError(try randomSplit(dataset, lengths: [2, 2])) { error in
            XCTAssertEqual((error as? DataError)?.message, "Sum of input lengths does not equal the length of the input dataset!")
        }
        XCTAssertThrowsError(try randomSplit(dataset, fractions: [1.5, -0.5])) { error in
            XCTAssertEqual((error as? DataError)?.message, "Fraction at index 0 is not between 0 and 1")
        }
    }
}
