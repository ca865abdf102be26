import Foundation

/// A JUnit XML report of `notebook test`: one test suite per notebook, one test
/// case per cell (classname: the notebook's path, name: `cell K (line L)`).
public enum JUnitReport {
    /// The XML document for `checks`, in order.
    public static func xml(for checks: [NotebookCheck]) -> String {
        let tests = checks.reduce(0) { $0 + $1.verdicts.count }
        let failures = checks.reduce(0) { $0 + $1.failedCount }
        let skipped = checks.reduce(0) { $0 + $1.skippedCount }
        let time = checks.reduce(0.0) { $0 + $1.verdicts.reduce(0.0) { $0 + $1.seconds } }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"notebook\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(seconds(time))\">\n"
        for check in checks {
            let suiteTime = check.verdicts.reduce(0.0) { $0 + $1.seconds }
            xml += "  <testsuite name=\"\(escape(check.file))\" tests=\"\(check.verdicts.count)\" "
                + "failures=\"\(check.failedCount)\" skipped=\"\(check.skippedCount)\" time=\"\(seconds(suiteTime))\">\n"
            for verdict in check.verdicts {
                xml += "    <testcase classname=\"\(escape(check.file))\" "
                    + "name=\"cell \(verdict.cell.index) (line \(verdict.cell.line))\" time=\"\(seconds(verdict.seconds))\""
                switch verdict.outcome {
                case .passed:
                    xml += "/>\n"
                case .skipped:
                    xml += ">\n      <skipped/>\n    </testcase>\n"
                case .failed(let message):
                    xml += ">\n      <failure message=\"\(escape(message))\">\(escape(message))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// Text made safe for XML attributes and content; characters XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        HTMLText.escape(text) { scalar in
            switch scalar {
            case "'": return "&apos;"
            case "\n": return "&#10;"
            case "\r": return "&#13;"
            case "\t": return "&#9;"
            default:
                let value = scalar.value
                return value >= 0x20 && value != 0xFFFE && value != 0xFFFF ? nil : ""
            }
        }
    }
}
