import Notebook
/// The tables of LaTeX commands the math converter knows: letters, symbols,
/// operators and functions, each mapped to the Unicode character MathML shows.
enum LaTeXSymbols {
    /// Lower-case Greek letters and variants: italic identifiers.
    static let lowerGreek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
        "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
        "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ",
        "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
        "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]

    /// Upper-case Greek letters: upright identifiers, as LaTeX sets them.
    static let upperGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
        "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols that behave like letters (identifiers).
    static let ordinary: [String: String] = [
        "partial": "∂", "nabla": "∇", "infty": "∞", "top": "⊤", "bot": "⊥",
        "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "varnothing": "∅", "prime": "′",
        "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "Re": "ℜ", "Im": "ℑ",
        "aleph": "ℵ", "imath": "ı", "jmath": "ȷ", "angle": "∠", "triangle": "△",
        "checkmark": "✓", "dagger": "†",
    ]

    /// Binary operators, relations, arrows, dots and punctuation (`<mo>`).
    static let operators: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗",
        "star": "⋆", "circ": "∘", "bullet": "∙", "odot": "⊙", "otimes": "⊗",
        "oplus": "⊕", "ominus": "⊖", "cup": "∪", "cap": "∩", "setminus": "∖",
        "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
        "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
        "ne": "≠", "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅",
        "propto": "∝", "ll": "≪", "gg": "≫", "in": "∈", "notin": "∉", "ni": "∋",
        "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇",
        "mid": "∣", "parallel": "∥", "perp": "⊥", "coloneqq": "≔", "doteq": "≐",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
        "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐",
        "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸", "iff": "⟺",
        "mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵",
        "uparrow": "↑", "downarrow": "↓",
        "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
        "colon": ":", "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩",
        "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "vert": "|",
        "Vert": "‖", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
        "backslash": "∖",
    ]

    /// Large operators whose scripts become limits in display style.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂",
        "bigoplus": "⨁", "bigotimes": "⨂",
    ]

    /// Integrals: large operators whose scripts stay at the side.
    static let integrals: [String: String] = [
        "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
    ]

    /// Function names set in roman type.
    static let functions: Set<String> = [
        "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "cot",
        "sec", "csc", "arcsin", "arccos", "arctan", "det", "dim", "ker", "arg",
        "deg", "gcd", "hom", "Pr",
    ]

    /// Function names with limits (`\lim_{x \to 0}`).
    static let limitFunctions: [String: String] = [
        "lim": "lim", "max": "max", "min": "min", "sup": "sup", "inf": "inf",
        "argmax": "arg max", "argmin": "arg min", "limsup": "lim sup",
        "liminf": "lim inf",
    ]

    /// Accents over a base: the mark and whether it stretches over the base.
    static let accents: [String: (mark: String, stretchy: Bool)] = [
        "vec": ("→", false), "hat": ("^", false), "widehat": ("^", true),
        "bar": ("¯", false), "overline": ("¯", true), "tilde": ("~", false),
        "widetilde": ("~", true), "dot": ("˙", false), "ddot": ("¨", false),
        "check": ("ˇ", false), "breve": ("˘", false), "acute": ("´", false),
        "grave": ("`", false), "overrightarrow": ("→", true),
    ]

    /// Spacing commands, in em.
    static let spaces: [String: Double] = [
        "quad": 1, "qquad": 2, ",": 0.1667, "thinspace": 0.1667, ":": 0.2222,
        ">": 0.2222, "medspace": 0.2222, ";": 0.2778, "thickspace": 0.2778,
        " ": 0.3333, "enspace": 0.5, "!": 0, "negthinspace": 0,
    ]

    /// Sizes of `\big` and its relatives, in em.
    static let delimiterSizes: [String: Double] = [
        "big": 1.2, "bigl": 1.2, "bigr": 1.2, "bigm": 1.2,
        "Big": 1.623, "Bigl": 1.623, "Bigr": 1.623, "Bigm": 1.623,
        "bigg": 2.047, "biggl": 2.047, "biggr": 2.047, "biggm": 2.047,
        "Bigg": 2.470, "Biggl": 2.470, "Biggr": 2.470, "Biggm": 2.470,
    ]

    /// Commands that are accepted and draw nothing.
    static let ignored: Set<String> = [
        "nonumber", "notag", "limits", "nolimits", "hline", "left.", "relax",
        "allowbreak", "nobreak",
    ]

    /// The delimiter a `\left`, `\right` or `\big` command names: a
    /// character such as `(` or a command such as `\{` or `\langle`; `.`
    /// means none.
    static func delimiter(command name: String) -> String? {
        switch name {
        case "{", "lbrace": return "{"
        case "}", "rbrace": return "}"
        case "|", "Vert", "lVert", "rVert": return "‖"
        case "vert", "lvert", "rvert": return "|"
        case "langle": return "⟨"
        case "rangle": return "⟩"
        case "lceil": return "⌈"
        case "rceil": return "⌉"
        case "lfloor": return "⌊"
        case "rfloor": return "⌋"
        case "backslash": return "∖"
        case "uparrow": return "↑"
        case "downarrow": return "↓"
        default: return nil
        }
    }

    /// Delimiter characters written as themselves.
    static let delimiterCharacters: Set<Character> = ["(", ")", "[", "]", "|", "/", "<", ">"]
}
