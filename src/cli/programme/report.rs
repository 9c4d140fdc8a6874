//! What `perfsim report` (and the record browser's saved report) adds to a printed
//! debrief: the trend plots and, once released, the raters' section.

use std::path::Path;

use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::programme::raters::RaterKeys;
use perfsim_core::programme::{RatingPanel, release, signed, trainee_chart, trends};
use perfsim_core::record::report::ReportFormat;
use perfsim_core::record::{KeySource, Mode, PublicKey, RecordReader};
use perfsim_core::review::Review;

/// Who may release feedback on `path`: the programme key; for a practice record also the
/// keys of its counted raters.
fn release_signers(path: &Path, programme: Option<&PublicKey>) -> Vec<PublicKey> {
    let mut signers: Vec<PublicKey> = programme.copied().into_iter().collect();
    let practice = RecordReader::open(path).is_ok_and(|r| r.header().mode == Mode::Practice);
    if practice {
        let raters = RaterKeys::resolve(None).ok().flatten();
        for s in signed::load_checked(path, raters.as_ref()) {
            if let (Ok(sr), Some(_)) = (&s.signed, s.valid())
                && let Some(k) = sr.verify()
            {
                signers.push(k);
            }
        }
    }
    signers
}

/// The trend plots and, once released, the raters' section that `perfsim report` adds
/// to a printed report.
pub fn extend_report(
    path: &Path,
    review: Option<&Review>,
    text: String,
    format: ReportFormat,
    key: Option<&Path>,
) -> String {
    let programme = KeySource::from_env(key).and_then(|s| s.load_public()).ok();
    extend_report_for(path, review, text, format, programme.as_ref())
}

/// [`extend_report`] with the programme's public key already read (the record browser's).
pub fn extend_report_for(
    path: &Path,
    review: Option<&Review>,
    text: String,
    format: ReportFormat,
    programme: Option<&PublicKey>,
) -> String {
    // The raters list from PERFSIM_RATERS_FILE, when the programme sets one.
    let raters = RaterKeys::resolve(None).ok().flatten();
    let stored = signed::load_checked(path, raters.as_ref());
    let released = release::released(path, &release_signers(path, programme));
    let panel = RatingPanel::of(stored, review.and_then(|r| r.report.as_ref()));
    let raters = match (&released, panel.stored.is_empty()) {
        (_, true) => None,
        (Some(rel), false) => Some((
            format!(
                "Rater feedback released by {} at {}.",
                rel.released_by, rel.released_at_utc
            ),
            true,
        )),
        (None, false) => Some((
            format!(
                "{} rating(s) on file; the raters' feedback has not been released by the facilitator.",
                panel.stored.len()
            ),
            false,
        )),
    };
    // The trainee's own chart beside the truth, when the record holds one.
    let trainee = review.and_then(|r| {
        r.end.scenario().perfusion_chart.as_ref()?;
        trainee_chart::of_review(r, &PerfusionRecord::of(r))
    });
    match format {
        ReportFormat::Html => {
            // The trends go just before the timeline they mark, the raters at the end.
            let mut text = text;
            if let Some(r) = review {
                let plots = trends::html_section(r.end.trace(), &r.timeline);
                let at = text
                    .find("<h2>Timeline</h2>")
                    .or_else(|| text.rfind("</body>"))
                    .unwrap_or(text.len());
                text.insert_str(at, &plots);
            }
            let mut extra = trainee
                .as_ref()
                .map(trainee_chart::html)
                .unwrap_or_default();
            if let Some((line, show)) = raters {
                if show {
                    extra.push_str(&panel.html(true));
                } else {
                    extra.push_str("<h2>Raters</h2>\n");
                }
                extra.push_str(&format!(
                    "<p class=\"muted\">{}</p>\n",
                    perfsim_core::programme::html::esc(&line)
                ));
            }
            match text.rfind("</body>") {
                Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
                None => format!("{text}{extra}"),
            }
        }
        ReportFormat::Markdown => {
            let mut o = text;
            if let Some(r) = review {
                o.push_str("\n## Trends\n\n");
                for svg in trends::plots(r.end.trace(), &r.timeline) {
                    o.push_str(&format!(
                        "![trend](data:image/svg+xml;base64,{})\n\n",
                        base64(svg.as_bytes())
                    ));
                }
            }
            if let Some(score) = &trainee {
                o.push_str(&trainee_chart::markdown(score));
            }
            if let Some((line, show)) = raters {
                if show {
                    o.push_str(&panel.markdown(true));
                } else {
                    o.push_str("\n## Raters\n\n");
                }
                o.push_str(&format!("{line}\n"));
            }
            o
        }
    }
}

/// Standard base64 (for SVG images inside Markdown).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                o.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                o.push('=');
            }
        }
    }
    o
}
