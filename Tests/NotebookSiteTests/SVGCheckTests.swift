import Foundation
import XCTest
@testable import NotebookSite

final class SVGCheckTests: XCTestCase {
    private func problem(_ svg: String) -> String? { SVGCheck.problem(in: Array(svg.utf8)) }

    func testTheToolsPicturesPass() throws {
        let root = ((#filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../notebooks")
        let enumerator = FileManager.default.enumerator(atPath: root)
        var checked = 0
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".svg") else { continue }
            let data = try XCTUnwrap(FileManager.default.contents(atPath: root + "/" + path))
            XCTAssertNil(SVGCheck.problem(in: [UInt8](data)), path)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, "the notebooks have pictures")
        XCTAssertNil(problem("<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"><style>.a{fill:url(#g)}</style>"
            + "<defs><linearGradient id=\"g\"/></defs><use href=\"#g\"/><image href=\"data:image/png;base64,iVBOR\"/><rect class='a'/></svg>"))
    }

    func testActiveContentIsRefused() {
        let refused = [
            "<svg><script>alert(1)</script></svg>",
            "<svg><svg:script>alert(1)</svg:script></svg>",
            "<svg onload=\"alert(1)\"/>",
            "<svg><rect ONCLICK='alert(1)'/></svg>",
            "<svg><a href=\"https://example.com\"><text>x</text></a></svg>",
            "<svg><image href=\"https://example.com/x.png\"/></svg>",
            "<svg><image xlink:href=\"file:///etc/passwd\"/></svg>",
            "<svg><use href=\"other.svg#x\"/></svg>",
            "<svg><rect style=\"fill:url(https://example.com/t)\"/></svg>",
            "<svg><style>@import 'https://example.com/x.css';</style></svg>",
            "<svg><foreignObject><iframe src=\"x\"/></foreignObject></svg>",
            "<svg><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>",
            "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>",
            "<?xml-stylesheet href=\"https://example.com/x.css\"?><svg/>",
            "<svg><image href=&#106;avascript:alert(1)/></svg>",
            "<svg><rect x=\"1\"",
            "<svg><![CDATA[<script>alert(1)</script>]]></svg>",
        ]
        for svg in refused {
            XCTAssertNotNil(problem(svg), svg)
        }
        XCTAssertNotNil(SVGCheck.problem(in: [0xFF, 0xFE, 0x3C]), "not UTF-8")
    }
}
