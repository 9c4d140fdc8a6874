//! Small SVG plots for printable pages: a line chart with event markers, a strip chart
//! (one row of dots per group, its median marked), horizontal bars and a scatter with a
//! fitted line. Plain SVG text with the numbers in it, no script; colours are named
//! once here.

use super::html::esc;

/// Plot colours (design tokens for the printed pages).
pub mod colour {
    /// First series.
    pub const BLUE: &str = "#1f5fa8";
    /// Second series.
    pub const RED: &str = "#c0392b";
    /// Third series.
    pub const GREEN: &str = "#2e7d32";
    /// Fourth series.
    pub const ORANGE: &str = "#d17a00";
    /// Fifth series.
    pub const PURPLE: &str = "#6a3d9a";
    /// Grid and axes.
    pub const GRID: &str = "#dddddd";
    /// Text.
    pub const INK: &str = "#333333";
    /// Secondary text.
    pub const MUTED: &str = "#777777";
    /// Series in order.
    pub const SERIES: [&str; 5] = [BLUE, RED, GREEN, ORANGE, PURPLE];
}

/// One line of a line chart.
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Stroke colour.
    pub colour: &'static str,
    /// (x, y) in data units, x increasing.
    pub points: Vec<(f64, f64)>,
}

/// A vertical marker at an x (an event).
#[derive(Clone, Debug)]
pub struct Marker {
    /// Where, in x units.
    pub x: f64,
    /// A short label (drawn rotated) and its tooltip.
    pub label: String,
    /// Colour.
    pub colour: &'static str,
}

const W: f64 = 760.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;

/// "Nice" tick values covering `lo..=hi`, about `n` of them.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 && out.len() < 50 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The value range of some numbers with a margin, never empty.
pub fn range_of(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        return (lo - 1.0, hi + 1.0);
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

/// A line chart `h` pixels high over x `x_range`, y `y_range`, with `markers` as
/// labelled vertical lines and `x_label` formatted by `x_fmt`.
#[allow(clippy::too_many_arguments)]
pub fn line_chart(
    title: &str,
    series: &[Series],
    markers: &[Marker],
    x_range: (f64, f64),
    y_range: (f64, f64),
    x_label: &str,
    x_fmt: &dyn Fn(f64) -> String,
    h: f64,
) -> String {
    let top = 28.0 + if markers.is_empty() { 0.0 } else { 70.0 };
    let bottom = 58.0;
    let total_h = top + h + bottom;
    let (x0, x1) = x_range;
    let (y0, y1) = y_range;
    let px = |x: f64| LEFT + (x - x0) / (x1 - x0).max(1e-9) * (W - LEFT - RIGHT);
    let py = |y: f64| top + h - (y - y0) / (y1 - y0).max(1e-9) * h;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {total_h}\" width=\"{W}\" height=\"{total_h}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">\n<text x=\"{LEFT}\" y=\"14\" font-size=\"13\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
        esc(title),
        colour::INK,
        esc(title)
    );
    for t in ticks(y0, y1, 5) {
        let y = py(t);
        o.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
            W - RIGHT,
            colour::GRID,
            LEFT - 4.0,
            y + 4.0,
            colour::MUTED,
            num(t)
        ));
    }
    for t in ticks(x0, x1, 8) {
        let x = px(t);
        o.push_str(&format!(
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"{}\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
            top + h,
            colour::GRID,
            top + h + 14.0,
            colour::MUTED,
            esc(&x_fmt(t))
        ));
    }
    o.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
        LEFT + (W - LEFT - RIGHT) / 2.0,
        top + h + 32.0,
        colour::MUTED,
        esc(x_label)
    ));
    // Labels closer than this to the last one drawn are left to the tooltip.
    let mut last_label_x = f64::NEG_INFINITY;
    for m in markers.iter().filter(|m| m.x >= x0 && m.x <= x1) {
        let x = px(m.x);
        let label: String = if x - last_label_x >= 11.0 {
            last_label_x = x;
            m.label.chars().take(28).collect()
        } else {
            String::new()
        };
        o.push_str(&format!(
            "<g><title>{}</title><line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"3,2\"/><text transform=\"translate({:.1},{:.1}) rotate(-60)\" fill=\"{}\" font-size=\"9\">{}</text></g>\n",
            esc(&m.label),
            top - 2.0,
            top + h,
            m.colour,
            x + 2.0,
            top - 4.0,
            m.colour,
            esc(&label)
        ));
    }
    for (i, s) in series.iter().enumerate() {
        let mut d = String::new();
        for (j, (x, y)) in s.points.iter().filter(|(_, y)| y.is_finite()).enumerate() {
            let cmd = if j == 0 { 'M' } else { 'L' };
            d.push_str(&format!("{cmd}{:.1},{:.1}", px(*x), py(y.clamp(y0, y1))));
        }
        o.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"><title>{}</title></path>\n",
            s.colour,
            esc(&s.label)
        ));
        let lx = LEFT + 8.0 + i as f64 * 150.0;
        o.push_str(&format!(
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"3\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\">{}</text>\n",
            top + h + 42.0,
            s.colour,
            lx + 16.0,
            top + h + 47.0,
            colour::INK,
            esc(&s.label)
        ));
    }
    o.push_str("</svg>\n");
    o
}

/// One row of dots per group over `x_range`, each group's median as a bar; `reference`
/// draws a labelled vertical line (a pass mark, the window's end).
pub fn strip_chart(
    title: &str,
    rows: &[(String, Vec<f64>)],
    x_range: (f64, f64),
    x_label: &str,
    reference: Option<(f64, &str)>,
) -> String {
    let label_w = 230.0;
    let row_h = 26.0;
    let top = 26.0;
    let h = row_h * rows.len().max(1) as f64;
    let total_h = top + h + 40.0;
    let (x0, x1) = x_range;
    let px =
        |x: f64| label_w + (x.clamp(x0, x1) - x0) / (x1 - x0).max(1e-9) * (W - label_w - RIGHT);
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {total_h}\" width=\"{W}\" height=\"{total_h}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">\n<text x=\"4\" y=\"14\" font-size=\"13\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
        esc(title),
        colour::INK,
        esc(title)
    );
    for t in ticks(x0, x1, 8) {
        let x = px(t);
        o.push_str(&format!(
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"{}\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
            top + h,
            colour::GRID,
            top + h + 14.0,
            colour::MUTED,
            num(t)
        ));
    }
    o.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
        label_w + (W - label_w - RIGHT) / 2.0,
        top + h + 30.0,
        colour::MUTED,
        esc(x_label)
    ));
    if let Some((x, label)) = reference {
        let xp = px(x);
        o.push_str(&format!(
            "<line x1=\"{xp:.1}\" x2=\"{xp:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\">{}</text>\n",
            top - 2.0,
            top + h,
            colour::RED,
            xp + 3.0,
            top + 8.0,
            colour::RED,
            esc(label)
        ));
    }
    for (i, (label, values)) in rows.iter().enumerate() {
        let yc = top + row_h * (i as f64 + 0.5);
        let short: String = label.chars().take(36).collect();
        o.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\"><title>{}</title>{} (n={})</text>\n",
            label_w - 6.0,
            yc + 4.0,
            colour::INK,
            esc(label),
            esc(&short),
            values.len()
        ));
        for (j, v) in values.iter().enumerate() {
            // A small fixed jitter so equal values stay visible.
            let dy = ((j % 5) as f64 - 2.0) * 2.5;
            o.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.2\" fill=\"{}\" fill-opacity=\"0.6\"><title>{}</title></circle>\n",
                px(*v),
                yc + dy,
                colour::BLUE,
                num(*v)
            ));
        }
        if let Some(m) = median(values) {
            let xm = px(m);
            o.push_str(&format!(
                "<line x1=\"{xm:.1}\" x2=\"{xm:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2.5\"><title>median {}</title></line>\n",
                yc - 10.0,
                yc + 10.0,
                colour::INK,
                num(m)
            ));
        }
    }
    o.push_str("</svg>\n");
    o
}

/// Horizontal bars, each `value` of `max` (a fraction or a count), labelled with `text`.
pub fn bars(title: &str, rows: &[(String, f64, String)], max: f64) -> String {
    let label_w = 300.0;
    let row_h = 20.0;
    let top = 24.0;
    let h = row_h * rows.len().max(1) as f64;
    let total_h = top + h + 10.0;
    let bar_w = W - label_w - RIGHT - 90.0;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {total_h}\" width=\"{W}\" height=\"{total_h}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">\n<text x=\"4\" y=\"14\" font-size=\"13\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
        esc(title),
        colour::INK,
        esc(title)
    );
    for (i, (label, value, text)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (value / max.max(1e-9)).clamp(0.0, 1.0) * bar_w;
        let short: String = label.chars().take(46).collect();
        o.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\"><title>{}</title>{}</text><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"13\" fill=\"{}\"/><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"13\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\">{}</text>\n",
            label_w - 6.0,
            y + 11.0,
            colour::INK,
            esc(label),
            esc(&short),
            y + 1.0,
            colour::GRID,
            y + 1.0,
            colour::BLUE,
            label_w + bar_w + 6.0,
            y + 11.0,
            colour::INK,
            esc(text)
        ));
    }
    o.push_str("</svg>\n");
    o
}

/// Points with an optional fitted line `y = a + b x` and an optional marked point
/// `(x, y, label)` (the pass mark read off the line).
pub fn scatter_fit(
    title: &str,
    points: &[(f64, f64)],
    fit: Option<(f64, f64)>,
    mark: Option<(f64, f64, String)>,
    x_ticks: &[(f64, &str)],
    y_label: &str,
) -> String {
    let h = 220.0;
    let top = 26.0;
    let total_h = top + h + 40.0;
    let x0 = x_ticks.first().map_or(0.0, |t| t.0) - 0.5;
    let x1 = x_ticks.last().map_or(1.0, |t| t.0) + 0.5;
    let (y0, y1) = (0.0, 100.0);
    let px = |x: f64| LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let py = |y: f64| top + h - (y.clamp(y0, y1) - y0) / (y1 - y0) * h;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {total_h}\" width=\"{W}\" height=\"{total_h}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">\n<text x=\"{LEFT}\" y=\"14\" font-size=\"13\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
        esc(title),
        colour::INK,
        esc(title)
    );
    for t in ticks(y0, y1, 5) {
        let y = py(t);
        o.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
            W - RIGHT,
            colour::GRID,
            LEFT - 4.0,
            y + 4.0,
            colour::MUTED,
            num(t)
        ));
    }
    o.push_str(&format!(
        "<text transform=\"translate(12,{:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
        top + h / 2.0,
        colour::MUTED,
        esc(y_label)
    ));
    for (x, label) in x_ticks {
        o.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
            px(*x),
            top + h + 16.0,
            colour::MUTED,
            esc(label)
        ));
    }
    for (j, (x, y)) in points.iter().enumerate() {
        let dx = ((j % 7) as f64 - 3.0) * 3.0;
        o.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\" fill-opacity=\"0.6\"><title>{}</title></circle>\n",
            px(*x) + dx,
            py(*y),
            colour::BLUE,
            num(*y)
        ));
    }
    if let Some((a, b)) = fit {
        o.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
            px(x0),
            py(a + b * x0),
            px(x1),
            py(a + b * x1),
            colour::INK
        ));
    }
    if let Some((x, y, label)) = mark {
        o.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\" font-weight=\"bold\">{}</text>\n",
            px(x),
            py(y),
            colour::RED,
            px(x) + 9.0,
            py(y) - 8.0,
            colour::RED,
            esc(&label)
        ));
    }
    o.push_str("</svg>\n");
    o
}

/// The median of `values` (`None` when empty).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }
}
