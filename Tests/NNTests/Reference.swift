import FixtureSupport
import Foundation
import XCTest

/// Readers for the JSON reference data in `Tests/Reference` (made by `scripts/reference/make_*.py`).
enum Reference {
    /// A JSON file of the reference data, such as `optim/optimizers.json`, as an object.
    static func json(_ relative: String) throws -> [String: Any] {
        let object = try Fixtures.json(relative)
        return try XCTUnwrap(object as? [String: Any], "\(relative) is not a JSON object")
    }

    /// A JSON array of numbers as floats.
    static func floats(_ value: Any?) throws -> [Float] {
        try XCTUnwrap(value as? [NSNumber], "not an array of numbers").map { $0.floatValue }
    }

    /// A JSON array of numbers as doubles.
    static func doubles(_ value: Any?) throws -> [Double] {
        try XCTUnwrap(value as? [NSNumber], "not an array of numbers").map { $0.doubleValue }
    }

    /// The largest difference between two float arrays, in units in the last place of the reference.
    static func ulps(_ ours: [Float], _ reference: [Float]) -> Double {
        guard ours.count == reference.count else { return .infinity }
        var worst = 0.0
        for (a, b) in zip(ours, reference) where a != b {
            worst = max(worst, Double(abs(a - b)) / Double(b.ulp))
        }
        return worst
    }
}
