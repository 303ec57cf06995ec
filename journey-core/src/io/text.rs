//! Text at the edges: bytes to UTF-8 text (byte order marks, other encodings), and input quoted into
//! messages made printable.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Whether a character is invisible or moves the cursor when printed: a control character (C0, DEL, C1), or
/// a format or separator character that shows nothing (zero-width spaces and joiners, bidirectional
/// controls, the byte order mark, the line and paragraph separators).
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `text` with every hidden character (a control character, or a format or separator character that shows
/// nothing: zero-width spaces and joiners, bidirectional controls, the byte order mark) written as an escape
/// (`\n`, `\t`, `\r`, `\u{1b}`), so a message or a terminal line that quotes input shows what the input held
/// and cannot forge lines, move the cursor or hide characters. Borrows when there is nothing to escape.
///
/// ```
/// use journey_core::io::printable;
///
/// assert_eq!(printable("caf\u{e9}"), "caf\u{e9}");
/// assert_eq!(printable("a\nerror: forged\u{1b}[2J\u{202e}"), "a\\nerror: forged\\u{1b}[2J\\u{202e}");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    escaped(text, |c, out| match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.extend(c.escape_unicode()),
    })
}

/// JSON text with every hidden character (as [`printable`] has them) inside its strings written as a JSON
/// escape (`\u001b`): the same JSON value, safe to show on a terminal. JSON strings hold no raw character
/// below U+0020, so a raw line break, carriage return or tab is white space between values and stays.
///
/// ```
/// use journey_core::io::printable_json;
///
/// assert_eq!(printable_json("{\n  \"a\": \"x\u{1b}\u{202e}\"\n}"), "{\n  \"a\": \"x\\u001b\\u202e\"\n}");
/// ```
pub fn printable_json(text: &str) -> Cow<'_, str> {
    escaped(text, |c, out| {
        if matches!(c, '\n' | '\r' | '\t') {
            out.push(c);
            return;
        }
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{u:04x}"));
        }
    })
}

/// `text` with each hidden character replaced by what `escape` writes for it; borrowed when it has none.
fn escaped(text: &str, escape: fn(char, &mut String)) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) { escape(c, &mut out) } else { out.push(c) }
    }
    Cow::Owned(out)
}

/// The encoding that a byte order mark or the pattern of zero bytes at the start of `bytes` shows, when it
/// is not UTF-8: text in UTF-16 or UTF-32 has a zero byte in every other (or three of every four) bytes
/// wherever it is ASCII, which JSON, CSV and Mermaid syntax is.
pub(crate) fn other_encoding(bytes: &[u8]) -> Option<&'static str> {
    const UTF32_LE: &str = "UTF-32 (little-endian)";
    const UTF32_BE: &str = "UTF-32 (big-endian)";
    const UTF16_LE: &str = "UTF-16 (little-endian)";
    const UTF16_BE: &str = "UTF-16 (big-endian)";
    match bytes {
        [0xff, 0xfe, 0, 0, ..] => return Some(UTF32_LE),
        [0, 0, 0xfe, 0xff, ..] => return Some(UTF32_BE),
        [0xff, 0xfe, ..] => return Some(UTF16_LE),
        [0xfe, 0xff, ..] => return Some(UTF16_BE),
        _ => {}
    }
    // Without a mark: look at the zeros in the first bytes.
    let head = &bytes[..bytes.len().min(64)];
    let zeros = |phase: usize, step: usize| head.iter().skip(phase).step_by(step).filter(|&&b| b == 0).count();
    let slots = |phase: usize, step: usize| head.len().saturating_sub(phase).div_ceil(step);
    let mostly = |phase: usize, step: usize| {
        let n = slots(phase, step);
        n >= 2 && zeros(phase, step) * 4 >= n * 3
    };
    match (mostly(0, 4), mostly(1, 4), mostly(2, 4), mostly(3, 4)) {
        (false, true, true, true) => return Some(UTF32_LE),
        (true, true, true, false) => return Some(UTF32_BE),
        _ => {}
    }
    match (mostly(0, 2), mostly(1, 2)) {
        (false, true) => Some(UTF16_LE),
        (true, false) => Some(UTF16_BE),
        _ => None,
    }
}

/// Bytes as UTF-8 text, a UTF-8 byte order mark skipped.
///
/// # Errors
/// [`Error::WrongEncoding`] naming the encoding when the bytes are UTF-16 or UTF-32 (by their byte order
/// mark or their zero bytes); [`Error::Encoding`] with the offset of the first byte that is not UTF-8.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str> {
    if let Some(encoding) = other_encoding(bytes) {
        return Err(Error::WrongEncoding { encoding });
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| Error::Encoding { offset: e.valid_up_to() })
}

/// Text with a leading byte order mark (U+FEFF) skipped, after checking that it is not UTF-16 or UTF-32
/// text that was taken for UTF-8 (its zero bytes would be NUL characters).
///
/// # Errors
/// [`Error::WrongEncoding`] as for [`utf8`].
pub(crate) fn without_bom(text: &str) -> Result<&str> {
    if let Some(encoding) = other_encoding(text.as_bytes()) {
        return Err(Error::WrongEncoding { encoding });
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// An id from a name, the one rule for every id the library makes from a name (the CSV sheet, Mermaid
/// import): lower case, letters and digits kept, every run of anything else one `_`, no `_` at either end;
/// empty when the name has no letter or digit. A letter whose lower case adds a combining mark keeps only
/// the letters ("İstanbul" → `istanbul`), so that one name gives one id.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Order confirmation"), "order_confirmation");
        assert_eq!(slug("  Cart & checkout! "), "cart_checkout");
        assert_eq!(slug("Über-Größe 2"), "über_größe_2");
        assert_eq!(slug("---"), "");
        assert_eq!(slug("already_snake"), "already_snake");
        // One name, one id: no combining mark from a lower case.
        assert_eq!(slug("İstanbul office"), "istanbul_office");
        assert_eq!(slug("ΣΟΦΙΑ"), "σοφια");
    }

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn names_the_encoding() {
        let name = |b: &[u8]| match utf8(b) {
            Err(Error::WrongEncoding { encoding }) => encoding,
            other => format!("{other:?}").leak(),
        };
        let mut le = vec![0xff, 0xfe];
        le.extend(utf16("{\"a\": 1}", false));
        assert_eq!(name(&le), "UTF-16 (little-endian)");
        assert_eq!(name(&utf16("{\"a\": 1}", false)), "UTF-16 (little-endian)");
        assert_eq!(name(&utf16("{\"a\": 1}", true)), "UTF-16 (big-endian)");
        let le32: Vec<u8> = "{\"a\"}".chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        assert_eq!(name(&le32), "UTF-32 (little-endian)");
        let be32: Vec<u8> = "{\"a\"}".chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert_eq!(name(&be32), "UTF-32 (big-endian)");
        assert_eq!(utf8(b"\xef\xbb\xbf{}").ok(), Some("{}"));
        assert_eq!(utf8(b"{\"a\": \"\x00\"}").ok(), Some("{\"a\": \"\x00\"}"));
    }

    #[test]
    fn printable_escapes_hidden_characters_only() {
        assert_eq!(printable("caf\u{e9} \u{65e5}"), "caf\u{e9} \u{65e5}");
        assert_eq!(printable("a\nb\u{1b}[31m\u{feff}\u{0}"), "a\\nb\\u{1b}[31m\\u{feff}\\u{0}");
    }
}
