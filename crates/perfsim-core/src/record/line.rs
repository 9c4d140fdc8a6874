//! One line of a record on disk: `{"entry":<entry JSON>,"sig":"<128 hex>"}` and a newline.
//!
//! Format 3 (this build): a SHA-256 hash chain runs through the lines, `h_i = SHA-256(
//! "perfsim record 3" ‖ h_{i-1} ‖ sig_{i-1} ‖ entry_i)` (zeros before the first line),
//! and each line's signature is Ed25519 over `h_i`. So the signature of the last line
//! covers every byte of every line before it (entries and signatures): checking a record
//! takes one Ed25519 verification plus hashing, instead of one verification per line,
//! and each line is still signed as it is written, so a record cut by a crash verifies up
//! to its last complete line. A failed check scans the lines to name the first bad one.
//!
//! Format 2 (older builds, still read): each signature is Ed25519 over the previous
//! line's signature followed by the entry bytes; checking verifies every line.

use super::key::{ProgrammeKey, PublicKey, SIGNATURE_LEN_BYTES};

/// A line's signature.
pub type LineSig = [u8; SIGNATURE_LEN_BYTES];

/// The chain value before the first line.
pub const CHAIN_START: LineSig = [0; SIGNATURE_LEN_BYTES];

const PREFIX: &str = "{\"entry\":";
const SIG_OPEN: &str = ",\"sig\":\"";
/// How format-1 (HMAC) lines name their MAC.
const OLD_MAC_OPEN: &str = ",\"mac\":\"";
const SUFFIX: &str = "\"}";
const SIG_HEX_LEN: usize = 2 * SIGNATURE_LEN_BYTES;

fn message(previous: &LineSig, body: &str) -> Vec<u8> {
    let mut m = Vec::with_capacity(previous.len() + body.len());
    m.extend_from_slice(previous);
    m.extend_from_slice(body.as_bytes());
    m
}

/// Format 2: the signature of `previous ‖ body` under `key`.
pub fn sign(key: &ProgrammeKey, previous: &LineSig, body: &str) -> LineSig {
    key.sign(&message(previous, body))
}

/// Format 2: whether `sig` is `key`'s signature of `previous ‖ body`.
pub fn check(key: &PublicKey, previous: &LineSig, body: &str, sig: &LineSig) -> bool {
    key.verify(&message(previous, body), sig)
}

/// Bytes of a chain hash.
pub const CHAIN_HASH_LEN_BYTES: usize = 32;

/// Separates format-3 chain hashes from any other use of SHA-256 or of the key.
const CHAIN_DOMAIN: &[u8] = b"perfsim record 3";

/// The format-3 hash chain after some lines: the last line's chain hash and signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chain {
    hash: [u8; CHAIN_HASH_LEN_BYTES],
    sig: LineSig,
}

impl Default for Chain {
    fn default() -> Self {
        Self::START
    }
}

impl Chain {
    /// Before the first line.
    pub const START: Chain = Chain {
        hash: [0; CHAIN_HASH_LEN_BYTES],
        sig: CHAIN_START,
    };

    /// The chain hash the next line, with entry `body`, signs.
    pub fn next_hash(&self, body: &str) -> [u8; CHAIN_HASH_LEN_BYTES] {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(CHAIN_DOMAIN);
        h.update(self.hash);
        h.update(self.sig);
        h.update(body.as_bytes());
        h.finalize().into()
    }

    /// Signs the next line with `key` and moves the chain past it.
    pub fn sign_next(&mut self, key: &ProgrammeKey, body: &str) -> LineSig {
        let hash = self.next_hash(body);
        let sig = key.sign(&hash);
        *self = Chain { hash, sig };
        sig
    }

    /// Moves the chain past a line without checking its signature.
    pub fn advance(&mut self, body: &str, sig: &LineSig) {
        *self = Chain {
            hash: self.next_hash(body),
            sig: *sig,
        };
    }

    /// Whether the line just passed ([`Chain::advance`]) carries `key`'s signature of
    /// its chain hash: if so, every line up to it is as its signer wrote it.
    pub fn check_last(&self, key: &PublicKey) -> bool {
        key.verify(&self.hash, &self.sig)
    }

    /// The last line's signature.
    pub fn last_sig(&self) -> LineSig {
        self.sig
    }
}

/// The full line (with its newline) for an entry body and its signature.
pub fn encode(body: &str, sig: &LineSig) -> String {
    let mut s = String::with_capacity(body.len() + SIG_HEX_LEN + 20);
    s.push_str(PREFIX);
    s.push_str(body);
    s.push_str(SIG_OPEN);
    s.push_str(&hex::encode(sig));
    s.push_str(SUFFIX);
    s.push('\n');
    s
}

/// Whether a line is a format-1 line (HMAC-SHA256, 64 hex digits), which this build
/// no longer accepts.
pub fn is_old_format(line: &str) -> bool {
    line.strip_suffix(SUFFIX).is_some_and(|rest| {
        rest.len() > OLD_MAC_OPEN.len() + 64
            && rest.is_char_boundary(rest.len() - 64 - OLD_MAC_OPEN.len())
            && rest[rest.len() - 64 - OLD_MAC_OPEN.len()..].starts_with(OLD_MAC_OPEN)
    })
}

/// Splits a line (without its newline) into the entry body and the signature, or says
/// why it is not a record line.
pub fn decode(line: &str) -> Result<(&str, LineSig), String> {
    let rest = line
        .strip_prefix(PREFIX)
        .ok_or("does not start like a record line")?;
    let rest = rest
        .strip_suffix(SUFFIX)
        .ok_or("does not end like a record line")?;
    let split = rest
        .len()
        .checked_sub(SIG_OPEN.len() + SIG_HEX_LEN)
        .filter(|&i| rest.is_char_boundary(i))
        .ok_or("too short for a record line")?;
    let (body, tail) = rest.split_at(split);
    let sig_hex = tail.strip_prefix(SIG_OPEN).ok_or("no signature field")?;
    let mut out = [0u8; SIGNATURE_LEN_BYTES];
    hex::decode_to_slice(sig_hex, &mut out).map_err(|e| format!("signature is not hex ({e})"))?;
    Ok((body, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let key = ProgrammeKey::from_bytes(vec![7; 32]).expect("key");
        let body = r#"{"kind":"heartbeat","tick":10}"#;
        let s = sign(&key, &CHAIN_START, body);
        let line = encode(body, &s);
        let parsed: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        assert_eq!(parsed["sig"].as_str(), Some(hex::encode(s).as_str()));
        assert_eq!(decode(line.trim_end()), Ok((body, s)));
        assert!(check(&key.public(), &CHAIN_START, body, &s));
    }

    #[test]
    fn decode_rejects_damaged_lines() {
        let check = |line: &str, expect: &str| {
            let got = decode(line).err().unwrap_or_default();
            assert!(got.contains(expect), "{line:?}: {got}");
        };
        check("", "does not start");
        check(r#"{"entry":{},"sig":"00"}"#, "too short");
        check(
            &format!(r#"{{"entry":{{}},"sig":"{}"}}"#, "g".repeat(128)),
            "not hex",
        );
        check(r#"{"entry":{"#, "does not end");
        assert!(is_old_format(&format!(
            r#"{{"entry":{{}},"mac":"{}"}}"#,
            "0".repeat(64)
        )));
    }

    #[test]
    fn the_last_signature_covers_every_byte_before_it() {
        let key = ProgrammeKey::from_bytes(vec![3; 32]).expect("key");
        let bodies = ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"];
        let mut writer = Chain::START;
        let sigs: Vec<LineSig> = bodies.iter().map(|b| writer.sign_next(&key, b)).collect();
        let check = |bodies: &[&str], sigs: &[LineSig]| {
            let mut c = Chain::START;
            for (b, s) in bodies.iter().zip(sigs) {
                c.advance(b, s);
            }
            c.check_last(&key.public())
        };
        assert!(check(&bodies, &sigs));
        // An edited entry, or an edited signature of an earlier line, breaks the last.
        assert!(!check(&["{\"a\":9}", bodies[1], bodies[2]], &sigs));
        let mut bad = sigs.clone();
        bad[0][5] ^= 1;
        assert!(!check(&bodies, &bad));
        // A cut keeps what is left checkable.
        assert!(check(&bodies[..2], &sigs[..2]));
    }

    #[test]
    fn signature_depends_on_key_previous_and_body() {
        let k1 = ProgrammeKey::from_bytes(vec![1; 32]).expect("key");
        let k2 = ProgrammeKey::from_bytes(vec![2; 32]).expect("key");
        let base = sign(&k1, &CHAIN_START, "a");
        assert!(!check(&k2.public(), &CHAIN_START, "a", &base));
        assert!(!check(&k1.public(), &[1; 64], "a", &base));
        assert!(!check(&k1.public(), &CHAIN_START, "b", &base));
    }
}
