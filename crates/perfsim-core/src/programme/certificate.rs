//! A one-page simulation certificate per attempt: what certification bodies ask of a
//! high-fidelity simulation credit (briefing, simulated time, at least 50 minutes for a
//! case credit, debrief, facilitator, technology and scenario summary), signed by the
//! programme key.
//!
//! The page carries its signed content as JSON in a data block; checking it verifies
//! the signature and that the visible page is exactly the one the signed content
//! renders, so an edit to either is found.

use serde::{Deserialize, Serialize};

use super::caselog::{CASE_CREDIT_MIN, ROLE};
use super::html::{esc, facts_table, page};
use crate::record::{ProgrammeKey, PublicKey};

/// The tag signed with a certificate.
pub const CERTIFICATE_FORMAT: &str = "perfsim certificate 1";

const DATA_OPEN: &str = "<script type=\"application/json\" id=\"perfsim-certificate\">";
const DATA_CLOSE: &str = "</script>";

/// What a certificate states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Candidate ID.
    pub candidate: String,
    /// Role in the simulation.
    pub role: String,
    /// Facilitator.
    pub facilitator: String,
    /// Start of the attempt, UTC.
    pub date_utc: String,
    /// Practice or exam.
    pub mode: String,
    /// Scenario name and version.
    pub scenario: String,
    /// The scenario's one-line summary.
    pub scenario_summary: String,
    /// SHA-256 of the scenario file.
    pub scenario_sha256: String,
    /// The briefing the candidate was given.
    pub briefing: String,
    /// Simulated minutes run.
    pub simulated_min: f64,
    /// Whether it qualifies for a case credit (programme-signed, complete, at least 50
    /// min).
    pub case_credit: bool,
    /// The debrief: the result and the teaching points reviewed.
    pub debrief: Vec<String>,
    /// The simulator and how the record was kept.
    pub technology: String,
    /// The record's file name and the SHA-256 of its bytes.
    pub record: String,
    /// When the certificate was issued, UTC.
    pub issued_at_utc: String,
}

/// A certificate and its signature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCertificate {
    /// [`CERTIFICATE_FORMAT`].
    pub format: String,
    /// What it states.
    pub certificate: Certificate,
    /// The programme's public key, hex.
    pub public_key: String,
    /// Ed25519 signature, hex.
    pub signature: String,
}

/// Why a certificate does not check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// No signed data block in the page.
    #[error("not a perfsim certificate (no signed data in the page)")]
    NoData,
    /// The data block is not a certificate.
    #[error("the certificate's data cannot be read: {0}")]
    BadData(String),
    /// The signature does not match.
    #[error("the certificate's signature does not match: it was edited after signing")]
    BadSignature,
    /// Signed by another key than the programme's.
    #[error("signed with key ID {found}, not the programme key ID {expected}")]
    OtherKey {
        /// The key that signed it.
        found: String,
        /// The programme key.
        expected: String,
    },
    /// The visible page differs from what the signed data renders.
    #[error("the visible page was edited after signing (it differs from its signed content)")]
    PageEdited,
}

fn message(c: &Certificate) -> Vec<u8> {
    let mut m = format!("{CERTIFICATE_FORMAT}\n").into_bytes();
    m.extend(serde_json::to_vec(c).unwrap_or_default());
    m
}

impl SignedCertificate {
    /// Signs `certificate` with the programme key.
    pub fn sign(certificate: Certificate, key: &ProgrammeKey) -> Self {
        Self {
            format: CERTIFICATE_FORMAT.into(),
            signature: hex::encode(key.sign(&message(&certificate))),
            public_key: key.public().hex(),
            certificate,
        }
    }

    /// The one-page certificate, with its signed content embedded.
    pub fn html(&self) -> String {
        let c = &self.certificate;
        let key_id = PublicKey::from_hex(&self.public_key)
            .map(|k| k.id())
            .unwrap_or_default();
        let credit = if c.case_credit {
            format!(
                "Qualifies for a high-fidelity simulation case credit ({:.0} simulated minutes, at least {CASE_CREDIT_MIN:.0}).",
                c.simulated_min
            )
        } else {
            format!(
                "Does NOT qualify for a case credit: {:.0} simulated minutes (a credit needs at least {CASE_CREDIT_MIN:.0}, from a complete record signed by the programme key).",
                c.simulated_min
            )
        };
        let mut body = String::from("<h1>Simulation certificate</h1>\n");
        body.push_str(&format!("<p><strong>{}</strong></p>\n", esc(&credit)));
        body.push_str(&facts_table(&[
            ("Candidate", c.candidate.clone()),
            ("Role", c.role.clone()),
            ("Facilitator", c.facilitator.clone()),
            ("Date (UTC)", c.date_utc.clone()),
            ("Mode", c.mode.clone()),
            ("Scenario", c.scenario.clone()),
            ("Scenario summary", c.scenario_summary.clone()),
            ("Scenario SHA-256", c.scenario_sha256.clone()),
            ("Simulated time", format!("{:.1} min", c.simulated_min)),
            ("Technology", c.technology.clone()),
            ("Record", c.record.clone()),
            ("Issued (UTC)", c.issued_at_utc.clone()),
            ("Signed by programme key ID", key_id),
        ]));
        body.push_str(&format!(
            "<h2>Briefing</h2>\n<p>{}</p>\n<h2>Debrief</h2>\n<ul>\n",
            esc(&c.briefing)
        ));
        for d in &c.debrief {
            body.push_str(&format!("<li>{}</li>\n", esc(d)));
        }
        body.push_str("</ul>\n<p class=\"muted\">Check this certificate with <code>perfsim certificate --verify FILE --key programme.pub</code>.</p>\n");
        let json = serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c");
        body.push_str(&format!("{DATA_OPEN}{json}{DATA_CLOSE}\n"));
        page(&format!("Simulation certificate: {}", c.candidate), &body)
    }

    /// Checks a certificate page against the programme's public `key`.
    pub fn verify_page(text: &str, key: &PublicKey) -> Result<Self, CertificateError> {
        let start = text.find(DATA_OPEN).ok_or(CertificateError::NoData)? + DATA_OPEN.len();
        let len = text
            .get(start..)
            .and_then(|t| t.find(DATA_CLOSE))
            .ok_or(CertificateError::NoData)?;
        let data = text
            .get(start..start + len)
            .ok_or(CertificateError::NoData)?;
        let signed: SignedCertificate =
            serde_json::from_str(data).map_err(|e| CertificateError::BadData(e.to_string()))?;
        let own = PublicKey::from_hex(&signed.public_key)
            .map_err(|e| CertificateError::BadData(e.to_string()))?;
        let mut sig = [0u8; 64];
        hex::decode_to_slice(signed.signature.trim(), &mut sig)
            .map_err(|e| CertificateError::BadData(e.to_string()))?;
        if signed.format != CERTIFICATE_FORMAT || !own.verify(&message(&signed.certificate), &sig) {
            return Err(CertificateError::BadSignature);
        }
        if own != *key {
            return Err(CertificateError::OtherKey {
                found: own.id(),
                expected: key.id(),
            });
        }
        if signed.html() != text {
            return Err(CertificateError::PageEdited);
        }
        Ok(signed)
    }
}

/// The role every certificate states.
pub fn role() -> String {
    ROLE.into()
}
