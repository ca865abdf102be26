import XCTest
import Script
import ScriptTestSupport

/// The interpreter's public API: errors, locations, output, timeouts, interrupts
/// and the calls the host makes back into cells.
final class InterpreterTests: XCTestCase {
    private func makeInterpreter() -> (Interpreter, CapturingSink) {
        let interpreter = Interpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        TestHost.register(in: interpreter)
        return (interpreter, sink)
    }

    private func error(_ source: String, firstLine: Int = 1, in interpreter: Interpreter? = nil) -> ScriptError? {
        do {
            try (interpreter ?? makeInterpreter().0).run(source, file: "book.md", firstLine: firstLine)
            return nil
        } catch {
            return error as? ScriptError
        }
    }

    func testErrorDescriptionIsSwiftStyle() throws {
        let e = try XCTUnwrap(error("let x = 1\nprint(y)", firstLine: 10))
        XCTAssertEqual(e.description, "book.md:11:7: error: cannot find 'y' in scope")
        XCTAssertEqual(e.location, SourceLocation(line: 11, column: 7))
        XCTAssertEqual(e.file, "book.md")
    }

    func testColumnsOfSyntaxErrors() throws {
        let e = try XCTUnwrap(error("print(1,, 2)"))
        XCTAssertEqual(e.location, SourceLocation(line: 1, column: 9))
        XCTAssertEqual(e.message, "unexpected token ','")
    }

    func testPrintGoesToTheSink() throws {
        let (interpreter, sink) = makeInterpreter()
        try interpreter.run("print(\"a\", 1)\npicture(\"<svg/>\")", file: "f", firstLine: 1)
        XCTAssertEqual(sink.text, "a 1\n")
        XCTAssertEqual(sink.pictures, ["<svg/>"])
    }

    func testDeadlineStopsAnInfiniteLoop() throws {
        let (interpreter, _) = makeInterpreter()
        interpreter.deadline = ContinuousClock.now + .milliseconds(200)
        let e = try XCTUnwrap(error("var i = 0\nwhile true { i += 1 }", in: interpreter))
        XCTAssertTrue(e.message.hasPrefix("cell timed out after"), e.message)
        XCTAssertTrue(e.isInterruption)
        XCTAssertEqual(e.location.line, 2)
    }

    func testDeadlineStopsUnboundedRecursionInALoop() throws {
        let (interpreter, _) = makeInterpreter()
        interpreter.deadline = ContinuousClock.now + .milliseconds(200)
        let e = try XCTUnwrap(error("func f() { for _ in 0..<1000 { f() } }\nf()", in: interpreter))
        XCTAssertTrue(e.message.contains("timed out") || e.message.contains("stack overflow"), e.message)
    }

    func testTryDoesNotSwallowATimeout() throws {
        let (interpreter, _) = makeInterpreter()
        interpreter.deadline = ContinuousClock.now + .milliseconds(100)
        let e = try XCTUnwrap(error("func spin() -> Int { while true {} ; return 1 }\nlet x = try? spin()", in: interpreter))
        XCTAssertTrue(e.message.hasPrefix("cell timed out"), e.message)
    }

    func testInterruptFromAnotherThread() throws {
        let (interpreter, _) = makeInterpreter()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interpreter.interrupt() }
        let e = try XCTUnwrap(error("while true {}", in: interpreter))
        XCTAssertEqual(e.message, "execution interrupted")
        // The next run starts afresh.
        XCTAssertNil(error("print(1)", in: interpreter))
    }

    func testDeepRecursionIsAnErrorNotACrash() throws {
        let e = try XCTUnwrap(error("func down(_ n: Int) -> Int { n == 0 ? 0 : 1 + down(n - 1) }\nprint(down(1_000_000))"))
        XCTAssertTrue(e.message.contains("stack overflow"), e.message)
        XCTAssertNil(error("func down(_ n: Int) -> Int { n == 0 ? 0 : 1 + down(n - 1) }\nprint(down(9_000))"))
    }

    func testGlobalsAreVisibleToTheHost() throws {
        let (interpreter, _) = makeInterpreter()
        try interpreter.run("let answer = 42\nvar names = [\"a\"]", file: "f", firstLine: 1)
        guard case .int(42)? = interpreter.global("answer") else { return XCTFail("answer") }
        guard case .array(let names)? = interpreter.global("names") else { return XCTFail("names") }
        XCTAssertEqual(try [String].fromScript(.array(names)), ["a"])
    }

    func testHostCallsClosuresAndMethods() throws {
        let (interpreter, _) = makeInterpreter()
        try interpreter.run("""
            let square = { (x: Int) in x * x }
            class Acc { var total = 0; func add(_ n: Int) -> Int { total += n; return total } }
            let acc = Acc()
            """, file: "f", firstLine: 1)
        let square = try XCTUnwrap(interpreter.global("square"))
        XCTAssertEqual(try Int.fromScript(interpreter.call(square, [.int(7)])), 49)
        let acc = try XCTUnwrap(interpreter.global("acc"))
        _ = try interpreter.callMethod("add", on: acc, [.int(3)])
        XCTAssertEqual(try Int.fromScript(interpreter.callMethod("add", on: acc, [.int(4)])), 7)
        guard case .instance(let instance) = acc else { return XCTFail("instance") }
        XCTAssertEqual(instance.className, "Acc")
        XCTAssertEqual(instance.storedPropertyNames, ["total"])
        guard case .int(7)? = instance.value(of: "total") else { return XCTFail("total") }
    }

    func testScriptErrorsInCallbacksKeepTheirLocation() throws {
        let (interpreter, _) = makeInterpreter()
        try interpreter.run("let bad = { (x: Int) -> Int in\n    x / 0\n}", file: "f", firstLine: 5)
        let bad = try XCTUnwrap(interpreter.global("bad"))
        XCTAssertThrowsError(try interpreter.call(bad, [.int(1)])) { error in
            let e = error as? ScriptError
            XCTAssertEqual(e?.message, "division by zero")
            XCTAssertEqual(e?.location.line, 6)
        }
    }

    func testHostErrorMessages() {
        struct Described: Error, CustomStringConvertible { var description: String { "described" } }
        struct WithMessage: Error { var message = "from message"; var code = 3 }
        XCTAssertEqual(Interpreter.message(of: HostError("plain")), "plain")
        XCTAssertEqual(Interpreter.message(of: Described()), "described")
        XCTAssertEqual(Interpreter.message(of: WithMessage()), "from message")
    }

    func testDescribeAndTypeName() throws {
        let interpreter = Interpreter()
        XCTAssertEqual(interpreter.describe(.array([.string("a"), .some(.int(1)), .nil])), "[\"a\", Optional(1), nil]")
        XCTAssertEqual(interpreter.typeName(of: .some(.array([.double(1)]))), "[Double]?")
        XCTAssertEqual(interpreter.describe(.tuple(Tuple([.int(1), .string("x")], labels: ["a", nil]))), "(a: 1, \"x\")")
    }

    /// A name that a failed cell would have declared says so where it is used,
    /// until a cell declares it.
    func testNamesOfAFailedCell() throws {
        let (interpreter, _) = makeInterpreter()
        let failing = "let ok = 1\nlet model = [1][5]\nfunc train() {}"
        XCTAssertNotNil(error(failing, firstLine: 40, in: interpreter))
        interpreter.recordFailedCell(failing, line: 40)
        let e = try XCTUnwrap(error("print(model)", firstLine: 50, in: interpreter))
        XCTAssertEqual(e.description, "book.md:50:7: error: cannot find 'model' in scope; 'model' was declared in the cell at line 40, which failed")
        XCTAssertEqual(error("train()", in: interpreter)?.message, "cannot find 'train' in scope; 'train' was declared in the cell at line 40, which failed")
        XCTAssertNil(error("print(ok)", in: interpreter))
        XCTAssertNil(error("let model = 2\nprint(model)", in: interpreter))
        XCTAssertNil(error("print(model)", in: interpreter))
    }

    func testRedeclarationAcrossRunsButNotWithinOne() throws {
        let (interpreter, sink) = makeInterpreter()
        try interpreter.run("let x = 1", file: "f", firstLine: 1)
        try interpreter.run("let x = 2\nprint(x)", file: "f", firstLine: 2)
        XCTAssertEqual(sink.text, "2\n")
        let e = try XCTUnwrap(error("let y = 1\nlet y = 2", in: interpreter))
        XCTAssertEqual(e.message, "invalid redeclaration of 'y'")
    }

    func testNativeFunctionSignatures() {
        let f = NativeFunction("resize(_ image: Any, to size: Int = 3, _ rest: Int...)") { _ in .void }
        XCTAssertEqual(f.name, "resize")
        XCTAssertEqual(f.signatureName, "resize(_:to:_:)")
        XCTAssertEqual(f.parameters.map(\.name), ["image", "size", "rest"])
        XCTAssertEqual(f.parameters.map(\.isVariadic), [false, false, true])
        guard case .int(3)? = f.parameters[1].defaultValue else { return XCTFail("default") }
    }

    /// A call site remembers the methods it found for the last receiver's class;
    /// a receiver of another class, a type registered later for the receiver's
    /// class and a method added later are all seen.
    func testMethodCallSitesSeeNewReceiversTypesAndMethods() throws {
        let (interpreter, sink) = makeInterpreter()
        interpreter.defineGlobal("plain", .host(Vector([1, 2])))
        interpreter.defineGlobal("special", .host(SpecialVector([3])))
        try interpreter.run("func total(_ v: Any) -> Double { v.sum() }\nprint(total(plain), total(special))", file: "f")
        guard case .type(.host(let vector))? = interpreter.global("Vector") else { return XCTFail("no Vector type") }
        let special = interpreter.defineType("SpecialVector", for: SpecialVector.self, inherits: vector)
        try interpreter.run("print(total(special))", file: "f")
        special.method("sum()") { (v: SpecialVector) in 100 + v.elements.reduce(0, +) }
        try interpreter.run("print(total(special), total(plain), total(special))", file: "f")
        XCTAssertEqual(sink.text, "3.0 3.0\n3.0\n103.0 3.0 103.0\n")
    }
}

/// A vector subclass registered as a type of its own by one test.
final class SpecialVector: Vector {}
