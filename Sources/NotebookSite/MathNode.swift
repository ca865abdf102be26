import Notebook
/// A formula as a tree: what `LaTeXParser` reads and `MathMLWriter` writes.
///
/// The cases follow MathML's presentation elements, so the writer is a
/// direct translation.
indirect enum MathNode: Equatable {
    /// How a table's column is aligned.
    enum Alignment: Equatable {
        case left, center, right
    }

    /// A table: `array`, the matrix environments, `cases` and the aligned
    /// environments (`align`, `gather`, …).
    struct Table: Equatable {
        var rows: [[MathNode]]
        var alignments: [Alignment]
        /// Cells are typeset in display style (the aligned environments).
        var displayStyle: Bool
        /// Right-aligned and left-aligned columns pair up as in `align`:
        /// no padding inside a pair, a gap between pairs.
        var alignedPairs: Bool
    }

    /// An identifier (`<mi>`); `upright` asks for roman type when a single
    /// letter would otherwise be italic.
    case identifier(String, upright: Bool)
    /// A number (`<mn>`).
    case number(String)
    /// An operator, relation or punctuation (`<mo>`).
    case symbol(String, Symbol)
    /// Text in roman type (`<mtext>`).
    case text(String)
    /// Horizontal space, in em.
    case space(Double)
    /// A group (`<mrow>`).
    case row([MathNode])
    /// `\frac{numerator}{denominator}`; `lineless` for `\binom`.
    case fraction(MathNode, MathNode, lineless: Bool)
    /// `\sqrt{radicand}` or `\sqrt[index]{radicand}`.
    case root(MathNode, index: MathNode?)
    /// Sub- and superscripts; `limits` puts them under and over the base.
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Bool)
    /// An accent over (`\vec`, `\hat`) or a mark under the base;
    /// `stretchy` marks grow to the base's width (`\overline`).
    case accent(MathNode, mark: String, stretchy: Bool, under: Bool)
    /// `\left( … \right)`: delimiters that grow with their contents; `nil` for `.`.
    case fenced(open: String?, body: [MathNode], close: String?)
    /// A table of cells.
    case table(Table)
    /// `\displaystyle` or `\textstyle` for the rest of a group.
    case style(display: Bool, [MathNode])

    /// How an operator is drawn.
    enum Symbol: Equatable {
        /// An ordinary operator or relation; delimiters do not stretch.
        case plain
        /// A large operator such as `\sum`, whose scripts go under and over it
        /// in display style.
        case largeOperator
        /// A function name with limits, such as `\lim` or `\max`.
        case limitFunction
        /// A delimiter of a fixed size in em (`\big(`).
        case sized(Double)
        /// A delimiter that grows with the row (`\middle|`).
        case stretchy
        /// A sign in front of an operand (`-` after `=` or at the start),
        /// without the spaces of a binary operator.
        case prefix
    }
}
