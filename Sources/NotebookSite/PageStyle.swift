import Notebook
/// The site's stylesheet (`style.css`, or embedded in a single page): readable
/// type, light and dark colours following the reader's setting, a layout that
/// fits a phone, colours for code tokens, outputs, errors and formulas.
public enum PageStyle {
    /// The dark theme's colours: by the reader's setting, or chosen with the
    /// page's switch (`data-theme` on the root element).
    static let darkVariables = """
          --text: #e6edf3;
          --muted: #9198a1;
          --background: #0d1117;
          --surface: #161b22;
          --border: #30363d;
          --link: #6cb6ff;
          --output: #11161d;
          --error-text: #ffa198;
          --error-background: #2d1214;
          --error-border: #8e1519;
          --tok-keyword: #ff7ab2;
          --tok-literal: #d2a8ff;
          --tok-number: #79c0ff;
          --tok-string: #ff9d8a;
          --tok-comment: #8b949e;
          --tok-type: #5dd8ff;
          --tok-function: #b8a9ff;
          --tok-call: #9fc1ff;
          --tok-operator: #c9d1d9;
          --picture-filter: invert(0.9) hue-rotate(180deg);
          --callout-note: #4493f8;
          --callout-tip: #3fb950;
          --callout-important: #ab7df8;
          --callout-warning: #d29922;
          --callout-caution: #f85149;

        """

    /// The stylesheet's text.
    public static let css = """
        :root {
          --text: #1f2328;
          --muted: #59636e;
          --background: #ffffff;
          --surface: #f6f8fa;
          --border: #d1d9e0;
          --link: #0550ae;
          --output: #fbfbf8;
          --error-text: #82071e;
          --error-background: #fff0f0;
          --error-border: #e5a0a8;
          --tok-keyword: #a0246a;
          --tok-literal: #7a3e9d;
          --tok-number: #1750eb;
          --tok-string: #b3261e;
          --tok-comment: #6a737d;
          --tok-type: #1b6b80;
          --tok-function: #5b4cc4;
          --tok-call: #3f5a99;
          --tok-operator: #4d4d4d;
          --picture-filter: none;
          --callout-note: #0969da;
          --callout-tip: #1a7f37;
          --callout-important: #8250df;
          --callout-warning: #9a6700;
          --callout-caution: #cf222e;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root:not([data-theme="light"]) {
        \(darkVariables)          }
        }
        :root[data-theme="dark"] {
        \(darkVariables)          color-scheme: dark;
        }
        :root[data-theme="light"] { color-scheme: light; }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0;
          color: var(--text);
          background: var(--background);
          font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
        }
        a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: 2px; }
        .site-header {
          max-width: 74rem; margin: 0 auto; padding: 0.75rem 1.25rem;
          border-bottom: 1px solid var(--border); font-size: 0.95rem;
        }
        .site-header a { text-decoration: none; font-weight: 600; }
        .layout {
          max-width: 74rem; margin: 0 auto; padding: 1rem 1.25rem 2rem;
          display: grid; grid-template-columns: minmax(0, 1fr); gap: 2rem;
        }
        @media (min-width: 64rem) {
          .layout { grid-template-columns: 14rem minmax(0, 1fr); }
          .layout-index, .layout-single { grid-template-columns: minmax(0, 1fr); }
          .toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto; }
        }
        main { min-width: 0; max-width: 48rem; }
        .outline { display: none; font-size: 0.9rem; line-height: 1.4; }
        .outline-section, .outline-menu .outline-section { margin: 0.9rem 0 0.3rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.75rem; }
        .outline ul, .outline-menu ul { list-style: none; margin: 0; padding: 0; }
        .outline li, .outline-menu li { margin: 0.3rem 0; }
        .outline a, .outline-menu a { text-decoration: none; }
        .outline a:hover { text-decoration: underline; }
        .outline [aria-current], .outline-menu [aria-current] { font-weight: 600; color: var(--text); }
        .outline-menu { margin: 0; padding: 0.4rem 0.75rem; font-size: 0.95rem; border: 1px solid var(--border); border-radius: 6px; }
        .outline-menu summary { font-weight: 600; color: var(--muted); }
        @media (min-width: 64rem) {
          .layout-outlined { max-width: 86rem; grid-template-columns: 13rem minmax(0, 1fr); }
          .site-header:has(~ .layout-outlined), .layout-outlined ~ .pager, .layout-outlined ~ .page-footer { max-width: 86rem; }
          .outline { display: block; grid-column: 1; grid-row: 1 / span 2; position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto; }
          .outline-menu { display: none; }
          .layout-outlined > main { grid-column: 2; grid-row: 1; }
          .layout-outlined .toc { display: none; }
          .layout-outlined .toc-menu { display: block; }
        }
        @media (min-width: 84rem) {
          .layout-outlined:not(.layout-single) { grid-template-columns: 13rem minmax(0, 1fr) 13rem; }
          .layout-outlined .toc { display: block; grid-column: 3; grid-row: 1; }
          .layout-outlined .toc-menu { display: none; }
        }
        .toc { font-size: 0.9rem; line-height: 1.4; }
        .toc-title { margin: 0.5rem 0; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.8rem; }
        .toc ul { list-style: none; margin: 0; padding: 0; }
        .toc li { margin: 0.3rem 0; }
        .toc .toc-level-3 { padding-left: 1rem; }
        .toc a { text-decoration: none; }
        .toc a:hover { text-decoration: underline; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 2rem 0 0.75rem; scroll-margin-top: 1rem; }
        h1 { font-size: 2rem; margin-top: 0.5rem; }
        h2 { font-size: 1.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--border); }
        h3 { font-size: 1.2rem; }
        .anchor { margin-left: 0.4rem; color: var(--muted); text-decoration: none; opacity: 0; font-weight: 400; }
        h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, .anchor:focus { opacity: 1; }
        p, ul, ol, blockquote, table { margin: 0 0 1rem; }
        blockquote { margin-left: 0; padding: 0 1rem; color: var(--muted); border-left: 0.25rem solid var(--border); }
        img { max-width: 100%; }
        hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
        code, pre { font-family: ui-monospace, "SF Mono", "Cascadia Code", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.875rem; }
        :not(pre) > code { padding: 0.1em 0.35em; background: var(--surface); border-radius: 4px; }
        pre { margin: 0 0 1rem; padding: 0.75rem 1rem; overflow-x: auto; line-height: 1.45; background: var(--surface); border: 1px solid var(--border); border-radius: 6px; }
        pre code { padding: 0; background: none; }
        .cell { margin: 1.25rem 0; }
        .cell pre { margin: 0; }
        .cell > * + * { margin-top: -1px; }
        .cell pre.code { border-radius: 6px 6px 0 0; }
        .cell pre.code:last-child { border-radius: 6px; }
        .cell pre.output, .cell .output-picture, .cell .output-missing {
          border-radius: 0; background: var(--output); border: 1px solid var(--border); border-left: 3px solid var(--muted);
        }
        .cell > :last-child:not(:first-child) { border-radius: 0 0 6px 6px; }
        .cell pre.output-error { white-space: pre-wrap; overflow-wrap: anywhere; color: var(--error-text); background: var(--error-background); border-color: var(--error-border); border-left-color: var(--error-text); }
        .output-picture { margin: 0; padding: 0.75rem; text-align: center; }
        .output-picture img { background: #ffffff; border-radius: 4px; }
        /* The tool's pictures are drawn dark on white: in the dark theme, inverted with their hues kept. */
        .output-picture img[src$=".svg"], .output-picture img[src^="data:image/svg+xml"] { filter: var(--picture-filter); }
        .languages { max-width: 74rem; margin: 0 auto; padding: 0.5rem 1.25rem 0; font-size: 0.9rem; }
        .languages ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 0.75rem; }
        .languages [aria-current] { font-weight: 600; }
        .translations { font-size: 0.9rem; }
        .toc-menu { display: none; margin: 0 0 1rem; padding: 0.4rem 0.75rem; font-size: 0.95rem; border: 1px solid var(--border); border-radius: 6px; }
        .toc-menu summary { font-weight: 600; color: var(--muted); }
        .toc-menu ul { list-style: none; margin: 0.5rem 0 0; padding: 0; }
        .toc-menu li { margin: 0.35rem 0; }
        .toc-menu .toc-level-3 { padding-left: 1rem; }
        .toc-menu a { text-decoration: none; }
        @media (max-width: 63.99rem) {
          .toc { display: none; }
          .toc-menu { display: block; }
        }
        pre.output { overflow-x: auto; }
        .page-footer { max-width: 74rem; margin: 0 auto; padding: 0 1.25rem 2rem; font-size: 0.9rem; color: var(--muted); }
        .output-missing { margin: 0; padding: 0.5rem 1rem; color: var(--error-text); font-size: 0.9rem; }
        .cell-skipped pre.code { opacity: 0.7; border-style: dashed; }
        .tok-kw { color: var(--tok-keyword); font-weight: 600; }
        .tok-lit { color: var(--tok-literal); }
        .tok-num { color: var(--tok-number); }
        .tok-str, .tok-interp { color: var(--tok-string); }
        .tok-com { color: var(--tok-comment); font-style: italic; }
        .tok-type { color: var(--tok-type); }
        .tok-fn { color: var(--tok-function); font-weight: 600; }
        .tok-call { color: var(--tok-call); }
        .tok-var { color: var(--tok-literal); }
        .tok-op { color: var(--tok-operator); }
        math { font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", "TeX Gyre Pagella Math", "TeX Gyre Termes Math", "STIXGeneral", math; font-size: 1.1em; }
        math[display="block"] { margin: 1rem 0; overflow-x: auto; overflow-y: hidden; padding: 0.25rem 0; }
        .math-error { color: var(--error-text); background: var(--error-background); border: 1px dashed var(--error-border); }
        table { border-collapse: collapse; display: block; overflow-x: auto; }
        th, td { padding: 0.35rem 0.75rem; border: 1px solid var(--border); }
        th { background: var(--surface); }
        :lang(zh) body, body:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; line-height: 1.75; }
        :lang(ja) body, body:lang(ja) { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif; line-height: 1.75; }
        del { color: var(--muted); }
        kbd { padding: 0.1em 0.4em; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85em; background: var(--surface); border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; }
        details { margin: 0 0 1rem; padding: 0.5rem 1rem; border: 1px solid var(--border); border-radius: 6px; }
        summary { cursor: pointer; font-weight: 600; }
        li > input[type="checkbox"] { margin: 0 0.4em 0 -1.3em; vertical-align: middle; }
        li:has(> input[type="checkbox"]) { list-style: none; }
        .footnotes { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid var(--border); font-size: 0.9rem; color: var(--muted); }
        .callout { margin: 0 0 1rem; padding: 0.6rem 1rem; border-left: 0.25rem solid var(--callout); border-radius: 0 6px 6px 0; background: var(--surface); }
        .callout > :last-child { margin-bottom: 0; }
        .callout-title { margin: 0 0 0.35rem; font-weight: 600; color: var(--callout); }
        .callout-note { --callout: var(--callout-note); }
        .callout-tip { --callout: var(--callout-tip); }
        .callout-important { --callout: var(--callout-important); }
        .callout-warning { --callout: var(--callout-warning); }
        .callout-caution { --callout: var(--callout-caution); }
        .site-header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; }
        .site-header > a { margin-right: auto; }
        .theme-toggle, .copy { font: inherit; font-size: 0.8rem; color: var(--muted); background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 0.15rem 0.6rem; cursor: pointer; }
        .cell { position: relative; }
        .cell pre.code { padding-right: 4.5rem; }
        .copy { position: absolute; top: 0.4rem; right: 0.4rem; z-index: 1; opacity: 0.6; }
        .copy:hover, .copy:focus { opacity: 1; }
        .search { position: relative; }
        .search input { font: inherit; font-size: 0.9rem; width: 14rem; max-width: 60vw; padding: 0.2rem 0.5rem; color: var(--text); background: var(--background); border: 1px solid var(--border); border-radius: 6px; }
        .search-results { position: absolute; right: 0; z-index: 2; width: 22rem; max-width: 90vw; max-height: 60vh; overflow-y: auto; margin: 0.25rem 0 0; padding: 0.25rem 0; list-style: none; background: var(--background); border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15); }
        .search-results li { padding: 0.3rem 0.75rem; font-size: 0.9rem; }
        .search-results a { text-decoration: none; }
        .pager {
          max-width: 74rem; margin: 0 auto; padding: 1rem 1.25rem 3rem;
          display: flex; justify-content: space-between; gap: 1rem; border-top: 1px solid var(--border);
        }
        .pager a { display: block; max-width: 48%; text-decoration: none; }
        .pager span { display: block; font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
        .pager-next { margin-left: auto; text-align: right; }
        .notebook-list { list-style: none; padding: 0; }
        .notebook-list li { padding: 1rem 0; border-bottom: 1px solid var(--border); }
        .notebook-list a { font-size: 1.2rem; font-weight: 600; text-decoration: none; }
        .notebook-list p { margin: 0.35rem 0 0; color: var(--muted); }
        @media (max-width: 40rem) {
          body { font-size: 16px; }
          .layout { padding: 0.75rem; }
          h1 { font-size: 1.6rem; }
          pre { padding: 0.6rem 0.75rem; }
        }

        """
}
