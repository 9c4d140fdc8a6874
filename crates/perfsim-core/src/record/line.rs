//! One line of a record on disk: `{"entry":<entry JSON>,"mac":"<64 hex>"}` and a newline.
//!
//! The MAC is HMAC-SHA256 with the programme key over the previous line's MAC (32 zero
//! bytes before the first line) followed by the exact bytes of `<entry JSON>`. Chaining
//! the MACs makes any edit, deletion or reordering of lines show at the first line it
//! touches.

use hmac::Mac;

use super::key::ProgrammeKey;

/// A line's MAC.
pub type LineMac = [u8; 32];

/// The chain value before the first line.
pub const CHAIN_START: LineMac = [0; 32];

const PREFIX: &str = "{\"entry\":";
const MAC_OPEN: &str = ",\"mac\":\"";
const SUFFIX: &str = "\"}";
const MAC_HEX_LEN: usize = 64;

/// HMAC-SHA256 of `previous ‖ body` under `key`.
pub fn mac(key: &ProgrammeKey, previous: &LineMac, body: &str) -> LineMac {
    let mut m = key.hmac();
    m.update(previous);
    m.update(body.as_bytes());
    m.finalize().into_bytes().into()
}

/// The full line (with its newline) for an entry body and its MAC.
pub fn encode(body: &str, mac: &LineMac) -> String {
    let mut s = String::with_capacity(body.len() + 80);
    s.push_str(PREFIX);
    s.push_str(body);
    s.push_str(MAC_OPEN);
    s.push_str(&hex::encode(mac));
    s.push_str(SUFFIX);
    s.push('\n');
    s
}

/// Splits a line (without its newline) into the entry body and the MAC, or says why it
/// is not a record line.
pub fn decode(line: &str) -> Result<(&str, LineMac), String> {
    let rest = line
        .strip_prefix(PREFIX)
        .ok_or("does not start like a record line")?;
    let rest = rest
        .strip_suffix(SUFFIX)
        .ok_or("does not end like a record line")?;
    let split = rest
        .len()
        .checked_sub(MAC_OPEN.len() + MAC_HEX_LEN)
        .filter(|&i| rest.is_char_boundary(i))
        .ok_or("too short for a record line")?;
    let (body, tail) = rest.split_at(split);
    let mac_hex = tail.strip_prefix(MAC_OPEN).ok_or("no MAC field")?;
    let mut out = [0u8; 32];
    hex::decode_to_slice(mac_hex, &mut out).map_err(|e| format!("MAC is not hex ({e})"))?;
    Ok((body, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let key = ProgrammeKey::from_bytes(vec![7; 32]).expect("key");
        let body = r#"{"kind":"heartbeat","tick":10}"#;
        let m = mac(&key, &CHAIN_START, body);
        let line = encode(body, &m);
        let parsed: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        assert_eq!(parsed["mac"].as_str(), Some(hex::encode(m).as_str()));
        assert_eq!(decode(line.trim_end()), Ok((body, m)));
    }

    #[test]
    fn decode_rejects_damaged_lines() {
        let check = |line: &str, expect: &str| {
            let got = decode(line).err().unwrap_or_default();
            assert!(got.contains(expect), "{line:?}: {got}");
        };
        check("", "does not start");
        check(r#"{"entry":{},"mac":"00"}"#, "too short");
        check(
            &format!(r#"{{"entry":{{}},"mac":"{}"}}"#, "g".repeat(64)),
            "not hex",
        );
        check(r#"{"entry":{"#, "does not end");
    }

    #[test]
    fn mac_depends_on_key_previous_and_body() {
        let k1 = ProgrammeKey::from_bytes(vec![1; 32]).expect("key");
        let k2 = ProgrammeKey::from_bytes(vec![2; 32]).expect("key");
        let base = mac(&k1, &CHAIN_START, "a");
        assert_ne!(base, mac(&k2, &CHAIN_START, "a"));
        assert_ne!(base, mac(&k1, &[1; 32], "a"));
        assert_ne!(base, mac(&k1, &CHAIN_START, "b"));
    }
}
