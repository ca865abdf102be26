import Autograd
import NN
import XCTest

final class UpsampleTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try LayerReference("upsample_nearest").check(Upsample(scaleFactor: 2))
        try LayerReference("upsample_nearest_size").check(Upsample(size: [5, 4]))
        try LayerReference("upsample_nearest_fraction").check(Upsample(scaleFactor: 1.5))
        try LayerReference("upsample_nearest_down").check(Upsample(size: [2, 3]))
        try LayerReference("upsample_bilinear").check(Upsample(scaleFactor: 2, mode: "bilinear"))
        try LayerReference("upsample_bilinear_corners").check(Upsample(size: [5, 4], mode: "bilinear", alignCorners: true))
        try LayerReference("upsample_bilinear_pair").check(Upsample(scaleFactor: [1.7, 2.5], mode: "bilinear"))
        try LayerReference("upsample_bilinear_down").check(Upsample(size: [2, 3], mode: "bilinear"))
    }

    func testPrintingAndErrors() throws {
        XCTAssertEqual(Upsample(size: [5]).description, "Upsample(size=5, mode='nearest')")
        XCTAssertEqual(Upsample(scaleFactor: [2, 3]).description, "Upsample(scale_factor=(2.0, 3.0), mode='nearest')")
        let x = try Tensor.randn([1, 1, 2, 2])
        XCTAssertEqual(try Upsample(size: [3])(x).shape, [1, 1, 3, 3])
        func message(_ body: () throws -> Tensor) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try Upsample()(x) }, "either size or scale_factor should be defined")
        XCTAssertEqual(message { try interpolate(x, size: [2], scaleFactor: [2]) }, "only one of size or scale_factor should be defined")
        XCTAssertEqual(message { try Upsample(scaleFactor: 2, alignCorners: true)(x) },
                       "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
        XCTAssertEqual(message { try Upsample(size: [1, 2, 3])(x) },
                       "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [2, 2] and output size of [1, 2, 3]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
        XCTAssertEqual(message { try Upsample(scaleFactor: 2, mode: "bilinear")(Tensor.randn([1, 2, 3])) },
                       "Got 3D input, but bilinear mode needs 4D input")
        XCTAssertEqual(message { try Upsample(scaleFactor: 2, mode: "cubic")(x) },
                       "Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got cubic)")
    }
}
