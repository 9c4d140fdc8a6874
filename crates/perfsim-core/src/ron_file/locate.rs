//! Finding things in RON text the way the parser sees it: outside comments, outside
//! strings (unless looking for a string), so that an error points at the offending
//! entry and never at a word in a comment or at an earlier entry with the same word.

/// Which bytes of `text` are code: not inside a comment, not inside a string's
/// contents (a string's quotes are code, so a string entry can be found).
pub fn code_mask(text: &str) -> Vec<bool> {
    let b = text.as_bytes();
    let mut mask = vec![true; b.len()];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    mask[i] = false;
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // RON block comments nest.
                let mut depth = 0usize;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        mask[i] = false;
                        mask[i + 1] = false;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        mask[i] = false;
                        mask[i + 1] = false;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        mask[i] = false;
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !is_ident(b[i - 1])) =>
            {
                // A raw string: r"..." or r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    mask[j] = false;
                    j += 1;
                }
                i = j + close.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    mask[i] = false;
                    if b[i] == b'\\' && i + 1 < b.len() {
                        mask[i + 1] = false;
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    mask
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The offset of the first `needle` at or after `from` whose bytes are all code (for a
/// needle that is a quoted string, whose quotes are code) and that is a whole word.
pub fn find_code(text: &str, mask: &[bool], needle: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let quoted = needle.starts_with('"');
    text.get(from..)?
        .match_indices(needle)
        .map(|(o, _)| o + from)
        .find(|&o| {
            let end = o + needle.len();
            let in_code = if quoted {
                mask[o] && mask[end - 1] && (o + 1..end - 1).all(|i| !mask[i])
            } else {
                mask[o..end].iter().all(|&m| m)
            };
            let word_start = o == 0 || !is_ident(b[o - 1]) || !is_ident(b[o]);
            let word_end = end >= b.len() || !is_ident(b[end]) || !is_ident(b[end - 1]);
            in_code && word_start && word_end
        })
}

/// The offset of the field `key:` at or after `from`, in code.
pub fn find_key(text: &str, mask: &[bool], key: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(o) = find_code(text, mask, key, at) {
        let rest = text[o + key.len()..].trim_start();
        if rest.starts_with(':') {
            return Some(o);
        }
        at = o + key.len();
    }
    None
}

/// The offsets of the entries of the first list (`[...]`) at or after `from`: where
/// each top-level entry begins.
pub fn list_entries(text: &str, mask: &[bool], from: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let Some(open) = (from..b.len()).find(|&i| mask[i] && b[i] == b'[') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut expecting = false;
    for i in open..b.len() {
        if !mask[i] {
            continue;
        }
        match b[i] {
            b'[' | b'(' | b'{' => {
                if depth == 1 && expecting {
                    out.push(i);
                    expecting = false;
                }
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b')' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expecting = true,
            c if depth == 1 && expecting && !c.is_ascii_whitespace() => {
                out.push(i);
                expecting = false;
            }
            _ => {}
        }
    }
    out
}

/// The offset of the `index`-th entry of the list under `key` (searched from `from`;
/// a `key:` whose value is not a list, like `ranges: 25` in `weights`, is passed over).
pub fn entry_of(text: &str, key: &str, index: usize, from: usize) -> Option<usize> {
    let mask = code_mask(text);
    let mut at = from;
    loop {
        let k = find_key(text, &mask, key, at)?;
        let colon = k + key.len() + text[k + key.len()..].find(':')?;
        let value = (colon + 1..text.len())
            .find(|&i| mask[i] && !text.as_bytes()[i].is_ascii_whitespace())?;
        if text.as_bytes()[value] == b'[' {
            return list_entries(text, &mask, value).get(index).copied();
        }
        at = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_strings() {
        let text = "// t_s (comment [a, b])\n[\n /* (t_s: 9) */ (t_s: 1, a: \"x, (y\"),\n // (t_s: 5)\n (t_s: 2),\n]";
        let mask = code_mask(text);
        let entries = list_entries(text, &mask, 0);
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert!(text[entries[0]..].starts_with("(t_s: 1"));
        assert!(text[entries[1]..].starts_with("(t_s: 2)"));
        assert_eq!(find_code(text, &mask, "t_s", 0), Some(entries[0] + 1));
    }

    #[test]
    fn keys_and_quoted_names_are_found_in_code_only() {
        let text = "( // faults: [\n  debrief: [\"the \\\"Stop\\\" item\"],\n  faults: [ (kind: A), (kind: B) ], name: \"Stop\" )";
        let mask = code_mask(text);
        let k = find_key(text, &mask, "faults", 0).unwrap();
        assert!(text[k..].starts_with("faults: ["));
        let n = find_code(text, &mask, "\"Stop\"", 0).unwrap();
        assert!(text[..n].ends_with("name: "));
        assert!(text[entry_of(text, "faults", 1, 0).unwrap()..].starts_with("(kind: B)"));
    }
}
