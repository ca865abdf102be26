import Autograd
import XCTest

/// Random creation functions draw PyTorch's numbers after `manual_seed(0)`;
/// `linspace`, `logspace` and `eye` give its values.
final class TensorRandomTests: XCTestCase {
    typealias R = OperatorReference

    func seeded() -> Generator { Generator(seed: 0) }

    func testIntegersAndPermutationsAreExact() throws {
        XCTAssertEqual(try Tensor.randperm(20, generator: seeded()).int64s, try R.tensor("random.randperm").int64s)
        let small = try Tensor.randint(low: 3, high: 10, [2, 5], generator: seeded())
        XCTAssertEqual(small.shape, [2, 5])
        XCTAssertEqual(small.int64s, try R.tensor("random.randint").int64s)
        XCTAssertEqual(try Tensor.randint(low: -(1 << 40), high: 1 << 40, [6], generator: seeded()).int64s,
                       try R.tensor("random.randint_large").int64s)
    }

    func testNormalBernoulliAndFillsMatchPyTorch() throws {
        XCTAssertLessThan(R.relativeError(try Tensor.normal(mean: 2, std: 3, [4, 5], generator: seeded()), try R.tensor("random.normal")), 1e-6)
        let means = try Tensor.arange(5)
        XCTAssertLessThan(R.relativeError(try Tensor.normal(mean: means, std: Tensor.ones([5]), generator: seeded()),
                                          try R.tensor("random.normal_tensors")), 1e-6)
        XCTAssertEqual(try Tensor.linspace(0, 1, steps: 12).bernoulli(generator: seeded()).floats, try R.tensor("random.bernoulli").floats)
        XCTAssertLessThan(R.relativeError(try Tensor.zeros([3, 4]).uniform_(from: -2, to: 3, generator: seeded()),
                                          try R.tensor("random.uniform_")), 1e-6)
        XCTAssertLessThan(R.relativeError(try Tensor.zeros([20]).normal_(mean: 1, std: 0.5, generator: seeded()),
                                          try R.tensor("random.normal_")), 1e-6)
    }

    func testMultinomialMatchesPyTorch() throws {
        let weights = Tensor([0.1, 0.2, 0.3, 0.4])
        XCTAssertEqual(try weights.multinomial(8, replacement: true, generator: seeded()).int64s, try R.tensor("random.multinomial").int64s)
        let rows = try Tensor([[1, 2, 3, 4, 5], [5, 0, 1, 1, 1]])
        let without = try rows.multinomial(3, generator: seeded())
        XCTAssertEqual(without.shape, [2, 3])
        XCTAssertEqual(without.int64s, try R.tensor("random.multinomial_without").int64s)
        XCTAssertEqual(try Tensor([1, 2, 3, 4]).multinomial(1, generator: seeded()).int64s, try R.tensor("random.multinomial_one").int64s)
        R.assertThrows("cannot sample n_sample > prob_dist.size(-1) samples without replacement") { try weights.multinomial(5) }
    }

    func testRangesMatchPyTorch() throws {
        XCTAssertLessThan(R.relativeError(try Tensor.linspace(-1, 2, steps: 7), try R.tensor("create.linspace")), 1e-7)
        XCTAssertLessThan(R.relativeError(try Tensor.logspace(0, 2, steps: 5), try R.tensor("create.logspace")), 1e-6)
        XCTAssertLessThan(R.relativeError(try Tensor.logspace(0, 3, steps: 4, base: 2), try R.tensor("create.logspace2")), 1e-6)
        XCTAssertEqual(try Tensor.eye(3, 4).floats, try R.tensor("create.eye").floats)
    }

    func testBadArgumentsThrowPyTorchsErrors() {
        R.assertThrows("random_ expects 'from' to be less than 'to', but got from=3 >= to=3") { try Tensor.randint(low: 3, high: 3, [2]) }
        R.assertThrows("Trying to create tensor with negative dimension -1: [-1]") { try Tensor.randperm(-1) }
        R.assertThrows("n must be greater or equal to 0, got -1") { try Tensor.eye(-1) }
        R.assertThrows("number of steps must be non-negative") { try Tensor.linspace(0, 1, steps: -1) }
        R.assertThrows("Expected p_in >= 0 && p_in <= 1 to be true, but got false.") { try Tensor([2.0]).bernoulli() }
        let leaf = Tensor([1.0, 2.0], requiresGrad: true)
        R.assertThrows("a leaf Variable that requires grad is being used in an in-place operation.") { try leaf.uniform_() }
    }
}
