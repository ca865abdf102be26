"""Runs each notebook's PyTorch twin and compares its outputs with the notebook's.

Every notebook under notebooks/ has a twin in scripts/reference/curriculum/,
at the same relative path with `.py` for `.md`: the same cells, in the same
order, written in PyTorch. A line `# %% cell N` starts the twin of the
notebook's N-th `swift` cell (counting from 1, every cell, printing or not);
`# %% cell N skip` marks a cell that is not run (the notebook's `skip` cells).
Code before the first marker runs first (imports).

The script runs each twin in one namespace, cell by cell, after
`torch.manual_seed(SEED)` and `random.seed(SEED)` with the notebook's seed
(front matter `seed`, default 0), captures what each cell prints, and compares
it with the output stored under the notebook's cell:

- equal text, after trailing whitespace is trimmed;
- or numbers within a relative tolerance (1e-4, the notebook's own rule);
- with Swift's spelling of a few values as the only other allowed
  differences, each listed in the report where it was used: `true`/`false`
  for `True`/`False`, `nil` for `None`, `[3, 4]` for `torch.Size([3, 4])`,
  `["a"]` for `['a']`, and a grad_fn printed without the memory address
  that Python's default repr adds (`<SubBackward0 object at 0x…>`).

An `error` cell matches when the twin's cell raises too; the report shows
both messages. Pictures (rich outputs) and `nondeterministic` cells are not
compared.

It needs torch and torchvision (see torchenv.py); the project never does.

    python3 scripts/reference/compare_curriculum.py              # every notebook
    python3 scripts/reference/compare_curriculum.py notebooks/examples/polynomial.md
    python3 scripts/reference/compare_curriculum.py --report docs/curriculum-report.md

Exit status 1 when a compared cell differs.
"""

import argparse
import ast
import contextlib
import io
import os
import random
import re
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TWINS = os.path.join(HERE, "curriculum")
TOLERANCE = 1e-4

sys.path.insert(0, HERE)


# ---------------------------------------------------------------- notebooks


class Cell:
    def __init__(self, number, line, options, code):
        self.number = number
        self.line = line
        self.options = options
        self.code = code
        self.output = None  # the stored text output, or None
        self.output_error = False
        self.picture = False


FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def read_notebook(path):
    """The notebook's seed and its swift cells with their stored outputs."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    seed = 0
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
            m = re.match(r"^seed:\s*(\d+)\s*$", lines[i])
            if m:
                seed = int(m.group(1))
    blocks = []  # (kind, first line number, info words, text)
    i = start
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            fence = m.group(2)
            info = m.group(3).split()
            body = []
            j = i + 1
            while j < len(lines):
                c = FENCE.match(lines[j])
                if c and c.group(2)[0] == fence[0] and len(c.group(2)) >= len(fence) and not c.group(3).strip():
                    break
                body.append(lines[j])
                j += 1
            blocks.append(("fence", i + 1, info, "\n".join(body)))
            i = j + 1
            continue
        if lines[i].strip() == "<!-- output -->":
            j = i + 1
            while j < len(lines) and lines[j].strip() != "<!-- /output -->":
                j += 1
            blocks.append(("picture", i + 1, [], ""))
            i = j + 1
            continue
        if lines[i].strip():
            blocks.append(("prose", i + 1, [], lines[i]))
        i += 1
    cells = []
    for k, (kind, line, info, text) in enumerate(blocks):
        if kind != "fence" or not info or info[0] != "swift":
            continue
        cell = Cell(len(cells) + 1, line, info[1:], text)
        if k + 1 < len(blocks):
            nkind, _, ninfo, ntext = blocks[k + 1]
            if nkind == "fence" and ninfo and ninfo[0] == "output":
                cell.output = ntext
                cell.output_error = "error" in ninfo[1:]
            elif nkind == "picture":
                cell.picture = True
        cells.append(cell)
    return seed, cells


# ---------------------------------------------------------------- twins


MARKER = re.compile(r"^# %% cell (\d+)(.*)$")


def read_twin(path):
    """The twin's prelude and its cells by number: {N: (code, skip)}."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    prelude = []
    cells = {}
    current = None
    for line in lines:
        m = MARKER.match(line)
        if m:
            current = int(m.group(1))
            cells[current] = ([], "skip" in m.group(2).split())
            continue
        (prelude if current is None else cells[current][0]).append(line)
    return "\n".join(prelude), {n: ("\n".join(code), skip) for n, (code, skip) in cells.items()}


def run_cell(code, namespace, filename):
    """Runs one cell; gives (printed text, exception text or None).

    As in Jupyter, a cell whose last statement is an expression shows its
    value (its repr) unless it is None.
    """
    out = io.StringIO()
    error = None
    with contextlib.redirect_stdout(out):
        try:
            tree = ast.parse(code, filename=filename)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(last, filename, "eval"), namespace)
                if value is not None:
                    print(repr(value))
        except Exception as e:  # the cell's failure is its output
            error = "%s: %s" % (type(e).__name__, e)
    return out.getvalue(), error


# ---------------------------------------------------------------- comparison


NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")


def tokens(text):
    """Numbers and the text between them, as the notebook's own comparison cuts them."""
    parts = []
    pos = 0
    for m in NUMBER.finditer(text):
        spelled = m.group(0)
        # A minus sign after a word, `)` or `]` is an operator, not a sign.
        if spelled.startswith("-") and m.start() > 0 and re.match(r"[\w)\]]", text[m.start() - 1]):
            spelled = spelled[1:]
            start = m.start() + 1
        else:
            start = m.start()
        parts.append(("text", text[pos:start]))
        parts.append(("number", float(spelled.rstrip(".") or "0") if spelled != "." else 0.0, spelled))
        pos = m.end()
    parts.append(("text", text[pos:]))
    return [p for p in parts if p != ("text", "")]


def last_place(spelled):
    """One unit in the last printed decimal place of a number (`0.0124` → 0.0001)."""
    mantissa, _, exponent = spelled.lower().partition("e")
    decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def why_different(a, b, tolerance):
    """Why two texts that differ only in numbers differ, or None."""
    ta, tb = tokens(a), tokens(b)
    if len(ta) != len(tb) or any(x[0] != y[0] or (x[0] == "text" and x[1] != y[1]) for x, y in zip(ta, tb)):
        return None
    reasons = set()
    for x, y in zip(ta, tb):
        if x[0] != "number" or x[1] == y[1] or abs(x[1] - y[1]) <= tolerance * max(abs(x[1]), abs(y[1])):
            continue
        if last_place(x[2]) == last_place(y[2]) and abs(x[1] - y[1]) <= 1.0001 * last_place(x[2]):
            reasons.add("a printed number differs by one unit in its last place (float32 rounding at the print boundary)")
        elif max(abs(x[1]), abs(y[1])) < 1e-6:
            reasons.add("numbers below 1e-6 in magnitude (float32 rounding noise around zero) differ")
        else:
            return None
    return "; ".join(sorted(reasons)) or None


def normalised(text):
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip()


def numbers_match(a, b, tolerance):
    if a == b:
        return True
    ta, tb = tokens(a), tokens(b)
    if len(ta) != len(tb):
        return False
    for (ka, va, *_), (kb, vb, *_) in zip(ta, tb):
        if ka != kb:
            return False
        if ka == "text" and va != vb:
            return False
        if ka == "number" and va != vb:
            if not (abs(va - vb) <= tolerance * max(abs(va), abs(vb))):
                return False
    return True


# Swift's spelling of Python's values: (name, pattern in PyTorch's text, replacement).
LITERALS = [
    ("`Double` for `<class 'float'>` (a type's name)", re.compile(r"<class 'float'>"), "Double"),
    ("`Int` for `<class 'int'>` (a type's name)", re.compile(r"<class 'int'>"), "Int"),
    ("`[…]` for `torch.Size([…])`", re.compile(r"torch\.Size\((\[[^\]]*\])\)"), r"\1"),
    ("`true` for `True`", re.compile(r"(?<![=\w])True\b"), "true"),
    ("`false` for `False`", re.compile(r"(?<![=\w])False\b"), "false"),
    ("`nil` for `None`", re.compile(r"\bNone\b"), "nil"),
    ("`\"…\"` for `'…'` (strings in a printed array)", re.compile(r"'([^'\"\n]*)'"), r'"\1"'),
    ("`[:]` for `{}` (an empty dictionary)", re.compile(r"\{\}"), "[:]"),
    ("`[\"a\": 1]` for `{'a': 1}` (a dictionary)", re.compile(r"\{([^{}]*:[^{}]*)\}"), r"[\1]"),
    ("`<AddBackward0>` for `<AddBackward0 object at 0x…>` (an address)",
     re.compile(r"<(\w+) object at 0x[0-9a-f]+>"), r"<\1>"),
]

TENSOR_BOOLS = re.compile(r"tensor\((?:[^()]|\([^()]*\))*\)", re.S)


def swift_spelling(text):
    """PyTorch's text with Swift's literals, and the substitutions made.

    Booleans inside a printed tensor (`tensor([True, False])`) keep PyTorch's
    spelling, as the engine prints them.
    """
    used = []
    protected = {}

    def protect(m):
        key = "\x00%d\x00" % len(protected)
        protected[key] = m.group(0)
        return key

    work = TENSOR_BOOLS.sub(protect, text)
    for name, pattern, replacement in LITERALS:
        new = pattern.sub(replacement, work)
        if new != work:
            used.append(name)
            work = new
    for key, value in protected.items():
        work = work.replace(key, value)
    return work, used


def compare(stored, fresh, tolerance):
    """('equal' | 'equal-literals' | 'different', literals used)."""
    a, b = normalised(stored), normalised(fresh)
    if numbers_match(a, b, tolerance):
        return "equal", []
    converted, used = swift_spelling(b)
    if used and numbers_match(a, normalised(converted), tolerance):
        return "equal-literals", used
    reason = why_different(a, normalised(converted), tolerance)
    return "different", used + ([reason] if reason else [])


def tolerance_of(cell):
    for option in cell.options:
        if option.startswith("tolerance="):
            return float(option.split("=", 1)[1])
    return TOLERANCE


# ---------------------------------------------------------------- running


class Result:
    def __init__(self, cell, status, detail="", fresh=None):
        self.cell = cell
        self.status = status
        self.detail = detail
        self.fresh = fresh


def compare_notebook(notebook, torch):
    rel = os.path.relpath(notebook, os.path.join(ROOT, "notebooks"))
    twin = os.path.join(TWINS, os.path.splitext(rel)[0] + ".py")
    stem, language = os.path.splitext(os.path.splitext(rel)[0])
    if not os.path.exists(twin) and language:
        # A translation (`autograd.zh.md`) runs the same cells as its original.
        twin = os.path.join(TWINS, stem + ".py")
    seed, cells = read_notebook(notebook)
    if not os.path.exists(twin):
        return rel, None, [Result(c, "no twin") for c in cells if c.output is not None or c.picture], 0.0
    prelude, twin_cells = read_twin(twin)
    namespace = {"__name__": "__twin__"}
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(notebook)))
    results = []
    started = time.perf_counter()
    try:
        torch.manual_seed(seed)
        random.seed(seed)
        _, error = run_cell(prelude, namespace, twin)
        if error:
            raise RuntimeError("%s: the prelude failed: %s" % (twin, error))
        for cell in cells:
            code, skip = twin_cells.get(cell.number, (None, False))
            if "skip" in cell.options:
                continue
            if code is None:
                if cell.output is not None or cell.picture:
                    results.append(Result(cell, "no twin cell"))
                continue
            if skip:
                if cell.output is not None:
                    results.append(Result(cell, "twin skipped"))
                continue
            printed, error = run_cell(code, namespace, "%s cell %d" % (twin, cell.number))
            if cell.picture:
                results.append(Result(cell, "picture", fresh=printed))
                continue
            if "nondeterministic" in cell.options:
                results.append(Result(cell, "nondeterministic", fresh=printed))
                continue
            stored = cell.output or ""
            if cell.output_error or "error" in cell.options:
                if error:
                    results.append(Result(cell, "error in both", "notebook: `%s`; PyTorch: `%s`" % (
                        stored.strip().splitlines()[0] if stored.strip() else "", error.splitlines()[0]), fresh=error))
                else:
                    results.append(Result(cell, "different", "the notebook's cell fails, PyTorch's does not", fresh=printed))
                continue
            if error:
                results.append(Result(cell, "twin failed", error.splitlines()[0], fresh=printed))
                continue
            if not stored and not printed.strip():
                continue
            status, used = compare(stored, printed, tolerance_of(cell))
            results.append(Result(cell, status, ", ".join(used), fresh=printed))
    finally:
        elapsed = time.perf_counter() - started
        os.chdir(cwd)
    return rel, twin, results, elapsed


def first_difference(stored, fresh):
    a = normalised(stored).split("\n")
    b = normalised(fresh).split("\n")
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "(nothing)"
        y = b[i] if i < len(b) else "(nothing)"
        if x != y and not numbers_match(x, swift_spelling(y)[0], TOLERANCE):
            return "line %d: notebook `%s`, PyTorch `%s`" % (i + 1, x.strip(), y.strip())
    return ""


GOOD = {"equal", "equal-literals", "error in both", "picture", "nondeterministic"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to compare (default: every one under notebooks/)")
    parser.add_argument("--report", help="write the Markdown report here")
    parser.add_argument("--notebook", metavar="TOOL",
                        help="also time `TOOL test NOTEBOOK` for each notebook (e.g. .build/release/notebook)")
    args = parser.parse_args()

    from torchenv import torch  # noqa: E402  (only when the script runs)

    paths = args.notebooks
    if not paths:
        paths = []
        for folder, _, files in os.walk(os.path.join(ROOT, "notebooks")):
            paths += [os.path.join(folder, f) for f in files if f.endswith(".md")]
        # Markdown without a swift cell (a data set's README) is no lesson.
        paths = [p for p in paths if read_notebook(p)[1]]
        paths.sort(key=lambda p: os.path.relpath(p, ROOT))
    total = time.perf_counter()
    rows = []
    for path in paths:
        rel, twin, results, elapsed = compare_notebook(os.path.abspath(path), torch)
        ours = time_notebook(args.notebook, path) if args.notebook else None
        rows.append((rel, twin, results, elapsed, ours))
        counts = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        print("%-40s %6.2f s%s  %s" % (rel, elapsed, "" if ours is None else " (notebook test %.2f s)" % ours,
                                       ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items()))))
        for r in results:
            if r.status not in GOOD:
                print("  cell %d (line %d): %s %s" % (r.cell.number, r.cell.line, r.status, r.detail))
                if r.status == "different":
                    print("    " + first_difference(r.cell.output or "", r.fresh or ""))
    total = time.perf_counter() - total
    if args.report:
        write_report(args.report, rows, total, torch)
    bad = any(r.status not in GOOD for _, _, results, _, _ in rows for r in results)
    return 1 if bad else 0


def time_notebook(tool, path):
    """Wall time of `tool test path`, in seconds (the notebook's own regression test)."""
    import subprocess
    started = time.perf_counter()
    subprocess.run([tool, "test", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def write_report(path, rows, total, torch):
    out = []
    out.append("# The curriculum against PyTorch")
    out.append("")
    out.append("`scripts/reference/compare_curriculum.py` runs every notebook's PyTorch twin")
    out.append("(`scripts/reference/curriculum/`, the same cells in the same order, with the")
    out.append("notebook's seed) and compares what each cell prints with the output stored in")
    out.append("the notebook: equal text, or numbers within 1e-4 relative. The only other")
    out.append("differences allowed are Swift's spellings of a few values, listed per cell")
    out.append("where they were used:")
    out.append("")
    for name, _, _ in LITERALS:
        out.append("- " + name)
    out.append("")
    out.append("Pictures and `nondeterministic` cells are not compared.")
    out.append("")
    out.append("PyTorch %s, %d thread; the twins took %.2f s in all (cells only, after" % (
        torch.__version__.split("+")[0], torch.get_num_threads(), sum(r[3] for r in rows)))
    out.append("`import torch`).")
    if any(r[4] is not None for r in rows):
        out.append("`notebook test` took %.2f s for the same notebooks, one at a time, each" % sum(r[4] or 0 for r in rows))
        out.append("timed from the command line (process start included).")
    out.append("Regenerate with `python3 scripts/reference/compare_curriculum.py --notebook")
    out.append(".build/release/notebook --report docs/curriculum-report.md`.")
    out.append("")
    timed = any(r[4] is not None for r in rows)
    out.append("| notebook | cells compared | equal | equal with Swift literals | different | not compared | PyTorch time |"
               + (" `notebook test` time |" if timed else ""))
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if timed else ""))
    for rel, twin, results, elapsed, ours in rows:
        def count(*statuses):
            return sum(1 for r in results if r.status in statuses)
        compared = count("equal", "equal-literals", "different", "error in both", "twin failed", "no twin", "no twin cell", "twin skipped")
        out.append("| [%s](../notebooks/%s) | %d | %d | %d | %d | %d | %s |" % (
            rel, rel, compared, count("equal", "error in both"), count("equal-literals"),
            count("different", "twin failed", "no twin", "no twin cell", "twin skipped"),
            count("picture", "nondeterministic"), "%.2f s" % elapsed if twin else "no twin")
            + (" %.2f s |" % ours if ours is not None else (" |" if timed else "")))
    out.append("")
    for rel, twin, results, elapsed, _ in rows:
        out.append("## %s" % rel)
        out.append("")
        if twin is None:
            out.append("No PyTorch twin yet.")
            out.append("")
            continue
        out.append("Twin: [`%s`](../%s)." % (os.path.relpath(twin, ROOT), os.path.relpath(twin, ROOT)))
        out.append("")
        if not results:
            out.append("No cell prints.")
            out.append("")
            continue
        out.append("| cell | line | result | detail |")
        out.append("| ---: | ---: | --- | --- |")
        for r in results:
            detail = r.detail
            if r.status == "different":
                detail = (detail + "; " if detail else "") + first_difference(r.cell.output or "", r.fresh or "")
            status = {"equal-literals": "equal, Swift literals"}.get(r.status, r.status)
            out.append("| %d | %d | %s | %s |" % (r.cell.number, r.cell.line, status, detail.replace("|", "\\|")))
        out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
