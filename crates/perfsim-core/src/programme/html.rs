//! Small helpers the programme's printable pages share: escaping and the page frame.

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown table cell.
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The pages' style: readable on screen, one column when printed, no script.
pub const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:62rem;margin:1.5rem auto;color:#222;padding:0 1rem}\
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:1.6rem}h3{font-size:1.05rem}\
table{border-collapse:collapse;margin:0.5rem 0 1.2rem}\
th,td{border:1px solid #bbb;padding:0.2rem 0.5rem;text-align:left;vertical-align:top}\
th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.flag{color:#b00;font-weight:bold}.ok{color:#070}.muted{color:#666}\
svg{max-width:100%;height:auto;display:block;margin:0.3rem 0 1rem}\
figure{margin:0;break-inside:avoid}figcaption{font-size:0.85rem;color:#444}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}}";

/// A whole self-contained page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n{body}</body></html>\n",
        esc(title)
    )
}

/// Rows of (label, value) as an HTML table.
pub fn facts_table(rows: &[(&str, String)]) -> String {
    let mut o = String::from("<table>\n");
    for (k, v) in rows {
        o.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            esc(k),
            esc(v)
        ));
    }
    o.push_str("</table>\n");
    o
}
