//! `perfsim certificate`: a signed one-page simulation certificate of an attempt, and
//! its check. Issued only from a record that verifies and is complete.

use std::path::Path;

use anyhow::{Context, bail};

use perfsim_core::programme::caselog;
use perfsim_core::programme::certificate::{self, Certificate, SignedCertificate};
use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::programme::rating::record_sha256;
use perfsim_core::record::KeySource;
use perfsim_core::review::Integrity;
use perfsim_core::time::secs_from_tick;

use super::programme::trusted_review;

/// `perfsim certificate RECORD --out FILE`: a signed one-page certificate.
pub fn write(
    path: &Path,
    out: &Path,
    key: Option<&Path>,
    passphrase_file: Option<&Path>,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let source = KeySource::from_env(key)?;
    let public = source.load_public()?;
    let review = trusted_review(path, Some(&public))?;
    let Some(rec) = review.record.as_ref() else {
        bail!("{}: not a record", path.display());
    };
    let h = rec.recovered.header();
    let simulated_min = secs_from_tick(review.end_tick()) / 60.0;
    let verified_exam = rec.integrity == Integrity::Intact;
    let scenario = review.end.scenario();
    let mut debrief = Vec::new();
    match &review.report {
        Some(r) => {
            debrief.push(format!(
                "Scored from the verified replay: {:.0} % (pass mark {:.0} %), {}.",
                r.score_pct,
                r.pass_mark_pct,
                if r.passed { "passed" } else { "not passed" }
            ));
            debrief.push(format!(
                "Critical actions reviewed: {}.",
                r.critical_actions
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.status.label()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            debrief.extend(r.teaching_points.iter().cloned());
        }
        None => debrief.push("Debrief from the timeline (the scenario has no rubric).".into()),
    }
    let chart = PerfusionRecord::of(&review);
    debrief.push(format!(
        "Perfusion record kept: {} chart entries, {} lab samples.",
        chart.entries.len(),
        chart.labs.len()
    ));
    let cert = Certificate {
        candidate: h.candidate_id.clone(),
        role: certificate::role(),
        facilitator: h.facilitator.clone(),
        date_utc: h.started_at_utc.clone(),
        mode: h.mode.label().into(),
        scenario: format!("{} v{}", h.scenario_name, h.scenario_version),
        scenario_summary: scenario.description.clone(),
        scenario_sha256: h.scenario_sha256.clone(),
        briefing: scenario.briefing.clone(),
        simulated_min,
        // A per-user practice key proves nothing about who wrote the record.
        case_credit: verified_exam && simulated_min >= caselog::CASE_CREDIT_MIN,
        debrief,
        technology: format!(
            "perfsim {} (screen-based high-fidelity cardiopulmonary-bypass simulator: mechanistic patient and circuit model, console with alarms, theatre team); record {} by key ID {}{}",
            h.perfsim_version,
            if verified_exam {
                "signed"
            } else {
                "signed (practice key)"
            },
            h.key_id,
            if verified_exam {
                ""
            } else {
                ", not evidence of an exam"
            }
        ),
        record: format!(
            "{} (SHA-256 {})",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            record_sha256(&bytes)
        ),
        issued_at_utc: crate::wall_clock::now_utc(),
    };
    let passphrase = super::keys::read_passphrase(passphrase_file, "facilitator's passphrase")?;
    let signing = source.unlock(&passphrase)?;
    let signed = SignedCertificate::sign(cert, &signing);
    std::fs::write(out, signed.html())
        .with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!(
        "certificate written to {} ({:.0} simulated min: {})",
        out.display(),
        simulated_min,
        if signed.certificate.case_credit {
            "qualifies for a case credit"
        } else {
            "does not qualify for a case credit"
        }
    );
    Ok(())
}

/// `perfsim certificate --verify FILE`: checks a certificate page.
pub fn verify(page: &Path, key: Option<&Path>) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(page).with_context(|| format!("cannot read {}", page.display()))?;
    let public = KeySource::from_env(key)?.load_public()?;
    let signed = SignedCertificate::verify_page(&text, &public)
        .map_err(|e| anyhow::anyhow!("{}: {e}", page.display()))?;
    let c = &signed.certificate;
    crate::outln!(
        "{}: intact, signed with the programme key ID {}: {} on {}, {:.0} simulated min, case credit {}",
        page.display(),
        public.id(),
        c.candidate,
        c.scenario,
        c.simulated_min,
        if c.case_credit { "yes" } else { "no" }
    );
    Ok(())
}
