import Foundation
import Notebook
import NotebookSite

/// libFuzzer entry point for the document model: every input is parsed as a
/// notebook, rewritten with a fresh output for every cell, rewritten again
/// (the second rewrite must give the first's bytes: writing outputs is
/// idempotent), and rendered to HTML. Errors are expected; a crash, an abort,
/// a failed idempotence check or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func documentFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? NotebookDocument(bytes: bytes, file: "fuzz.md") else { return 0 }
    // Outputs derived from the input, so text with fences, markers and control bytes is tried too.
    let text = String(decoding: bytes.prefix(64), as: UTF8.self)
    var outputs: [Int: FreshOutput] = [:]
    for cell in document.cells {
        outputs[cell.index] = FreshOutput(text: cell.index % 2 == 0 ? "out \(cell.index)\n" : text,
                                          isError: cell.index % 3 == 1)
    }
    let first = NotebookWriter.rewrite(document, outputs: outputs, assetsDirectory: "fuzz.assets")
    if let again = try? NotebookDocument(bytes: first.bytes, file: "fuzz.md") {
        let second = NotebookWriter.rewrite(again, outputs: outputs, assetsDirectory: "fuzz.assets")
        if second.bytes != first.bytes {
            fatalError("rewriting the rewritten notebook changed it")
        }
    } else {
        fatalError("the rewritten notebook no longer parses")
    }
    _ = PageRenderer(baseDirectory: "/nonexistent", pictures: .linked).render(document)
    return 0
}
