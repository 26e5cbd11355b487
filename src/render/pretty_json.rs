//! Compact JSON → the same JSON indented as `serde_json::to_string_pretty` indents it.
//!
//! The `/api` documents are written straight to bytes from the typed model (see
//! [`super::view::ApiObject`]), with keys in order; they are published indented so a reader
//! can browse them. Parsing them back into `serde_json::Value` only to print them again
//! cost more than making them; this one pass over the bytes gives the same text.

/// `compact` (valid JSON without insignificant whitespace, as `serde_json` writes it),
/// indented by two spaces per level, `": "` after keys, `[]` and `{}` when empty.
pub fn pretty(compact: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(compact.len() + compact.len() / 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    while i < compact.len() {
        let byte = compact[i];
        match byte {
            b'"' => {
                // Copy the string whole: nothing inside it is structure.
                let start = i;
                i += 1;
                while compact[i] != b'"' {
                    i += if compact[i] == b'\\' { 2 } else { 1 };
                }
                out.extend_from_slice(&compact[start..=i]);
            }
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                out.push(byte);
                if compact.get(i + 1) == Some(&close) {
                    out.push(close);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(byte);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).expect("only ASCII structure was added to UTF-8 text")
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use serde_json::json;

    #[test]
    fn indents_exactly_as_serde_json_pretty_prints() {
        let values = [
            json!({}),
            json!([]),
            json!({"a": {}, "b": [], "c": [{}], "d": [[]]}),
            json!({"text": "quotes \" and \\ and , : { } [ ] inside", "n": -1.5e3, "t": true, "f": false, "z": null}),
            json!([1, [2, [3, {"deep": {"deeper": ["x", "y"]}}]], "ü ✓ \u{1F600}", "\n\t\u{0001}"]),
            json!({"$schema": "https://example.org/s.json", "roles": [{"id": "r", "level": 3}], "version": 1}),
        ];
        for value in values {
            let compact = serde_json::to_vec(&value).unwrap();
            assert_eq!(pretty(&compact), serde_json::to_string_pretty(&value).unwrap(), "{value}");
        }
    }

    #[test]
    fn a_bare_string_or_number_is_left_as_it_is() {
        assert_eq!(pretty(b"\"a,b:{c}\""), "\"a,b:{c}\"");
        assert_eq!(pretty(b"42"), "42");
    }
}
