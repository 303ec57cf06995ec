//! Measuring and wrapping text without a font: widths come from a per-character table of a Helvetica-like
//! sans-serif (Arial metrics), CJK and other wide characters count as one em. The estimates lean a little
//! wide so that real fonts fit inside the boxes drawn for them.

/// How far a line reaches above its baseline, in em.
pub const ASCENT: f64 = 0.8;
/// How far a line reaches below its baseline, in em.
pub const DESCENT: f64 = 0.25;
/// The distance from one baseline to the next, in em.
pub const LINE_HEIGHT: f64 = 1.3;
/// Bold text is this much wider than regular text.
const BOLD: f64 = 1.07;
/// Safety margin on every estimate.
const SLACK: f64 = 1.04;

/// Whether a character is drawn about one em wide (CJK ideographs, kana, hangul, full-width forms, emoji).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD)
}

/// The advance of one character in em.
fn advance(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' => 0.0,
        ' ' | '\u{00A0}' => 0.28,
        'i' | 'j' | 'l' | '\'' | '|' => 0.23,
        '.' | ',' | ':' | ';' | '!' | 'f' | 't' | 'I' | '/' | '\\' => 0.28,
        'r' | '(' | ')' | '[' | ']' | '{' | '}' | '-' | '`' => 0.34,
        '"' => 0.36,
        '*' => 0.39,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 0.5,
        'a' | 'b' | 'd' | 'e' | 'g' | 'h' | 'n' | 'o' | 'p' | 'q' | 'u' | '0'..='9' | '?' | '$' | '_' | '#' => 0.56,
        'L' | '+' | '=' | '<' | '>' | '~' | '^' => 0.59,
        'F' | 'T' | 'Z' => 0.61,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 0.67,
        'w' | 'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 0.72,
        'G' | 'O' | 'Q' => 0.78,
        'm' | 'M' => 0.83,
        '%' => 0.89,
        'W' => 0.94,
        '@' => 1.02,
        '\u{2013}' => 0.56,
        '\u{2014}' | '\u{2026}' | '\u{2192}' | '\u{2190}' => 1.0,
        '\u{2018}' | '\u{2019}' => 0.23,
        '\u{201C}' | '\u{201D}' => 0.34,
        '\u{00B7}' | '\u{2022}' => 0.35,
        c if c.is_control() => 0.0,
        c if c.is_uppercase() => 0.72,
        c if c.is_alphabetic() => 0.58,
        _ => 0.6,
    }
}

/// The estimated width of a line of text at a font size (in the same unit as the size).
pub fn text_width(text: &str, font_size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(advance).sum();
    em * font_size * SLACK * if bold { BOLD } else { 1.0 }
}

/// A piece of text that must not be split, with whether a space precedes it.
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) space_before: bool,
}

/// Splits text into the pieces a line may break between: words at spaces, after hyphens and slashes,
/// and around every wide (CJK) character.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token { text: &text[s..i], space_before: space });
            }
            space = !out.is_empty();
            continue;
        }
        if is_wide(c) {
            if let Some(s) = start.take() {
                out.push(Token { text: &text[s..i], space_before: space });
                space = false;
            }
            out.push(Token { text: &text[i..i + c.len_utf8()], space_before: space });
            space = false;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        if matches!(c, '-' | '/' | '\u{2013}' | '\u{2014}') {
            let end = i + c.len_utf8();
            if let Some(s) = start.take() {
                out.push(Token { text: &text[s..end], space_before: space });
            }
            space = false;
        }
    }
    if let Some(s) = start {
        out.push(Token { text: &text[s..], space_before: space });
    }
    out
}

/// The width of the widest piece of text that cannot be broken (a long word), at a font size.
pub fn longest_word(text: &str, font_size: f64, bold: bool) -> f64 {
    tokens(text).iter().map(|t| text_width(t.text, font_size, bold)).fold(0.0, f64::max)
}

/// Breaks a word wider than `max` into pieces that fit, at character boundaries.
fn split_word(word: &str, max: f64, font_size: f64, bold: bool) -> Vec<String> {
    split_by(word, max, |t| text_width(t, font_size, bold))
}

/// Breaks a word wider than `max` by `width` into pieces that fit, at character boundaries (a piece holds
/// one character at least).
pub(crate) fn split_by(word: &str, max: f64, width: impl Fn(&str) -> f64) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        let mut next = current.clone();
        next.push(c);
        if !current.is_empty() && width(&next) > max {
            pieces.push(std::mem::take(&mut current));
            current.push(c);
        } else {
            current = next;
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Wraps text into lines no wider than `max` (estimated), breaking at spaces, after hyphens and slashes,
/// between CJK characters, and inside words only when a word alone is too wide. Never returns an empty
/// list for non-blank text; returns no lines for blank text. O(length²) in the worst case (one huge word).
pub fn wrap(text: &str, max: f64, font_size: f64, bold: bool) -> Vec<String> {
    let max = if max.is_finite() && max > font_size { max } else { font_size.max(1.0) * 2.0 };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens(text) {
        let candidate = if line.is_empty() {
            token.text.to_owned()
        } else {
            format!("{line}{}{}", if token.space_before { " " } else { "" }, token.text)
        };
        if text_width(&candidate, font_size, bold) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if text_width(token.text, font_size, bold) <= max {
            line = token.text.to_owned();
        } else {
            let mut pieces = split_word(token.text, max, font_size, bold);
            line = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps text as [`wrap`] does into at most `max_lines` lines (at least one); when the text needs more, the
/// last line kept ends in an ellipsis and is shortened until it fits. Returns the lines and whether text was
/// cut.
pub(crate) fn wrap_at_most(text: &str, max: f64, font_size: f64, bold: bool, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines = wrap(text, max, font_size, bold);
    let keep = max_lines.max(1);
    if lines.len() <= keep {
        return (lines, false);
    }
    lines.truncate(keep);
    let max = if max.is_finite() && max > font_size { max } else { font_size.max(1.0) * 2.0 };
    if let Some(last) = lines.last_mut() {
        let mut cut: String = last.trim_end().to_owned();
        while !cut.is_empty() && text_width(&format!("{cut}\u{2026}"), font_size, bold) > max {
            cut.pop();
            let trimmed = cut.trim_end().len();
            cut.truncate(trimmed);
        }
        cut.push('\u{2026}');
        *last = cut;
    }
    (lines, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_scripts() {
        let latin = text_width("abcdefghij", 10.0, false);
        assert!(latin > 45.0 && latin < 60.0, "{latin}");
        let cjk = text_width("在线客服咨询", 10.0, false);
        assert!((cjk - 62.4).abs() < 0.1, "{cjk}");
        assert!(text_width("Ő", 10.0, false) > text_width("ő", 10.0, false));
        assert!(text_width("ab", 10.0, true) > text_width("ab", 10.0, false));
    }

    #[test]
    fn wraps_at_spaces_and_never_exceeds_the_width() {
        let text = "Kundenzufriedenheitsumfrage nach der Lieferung, mit vielen weiteren Wörtern";
        for max in [40.0, 80.0, 120.0, 300.0] {
            let lines = wrap(text, max, 12.0, false);
            assert!(!lines.is_empty());
            for l in &lines {
                assert!(text_width(l, 12.0, false) <= max + 1e-9, "{l} wider than {max}");
            }
            let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, want);
        }
        assert_eq!(wrap("two words", 500.0, 12.0, false), vec!["two words"]);
        assert!(wrap("   ", 100.0, 12.0, false).is_empty());
    }

    #[test]
    fn cjk_breaks_between_characters() {
        let lines = wrap("在线客服咨询在线客服咨询", 50.0, 12.0, false);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 50.0));
        assert_eq!(wrap("a-b c", 1000.0, 10.0, false), vec!["a-b c"]);
    }

    #[test]
    fn wrap_at_most_ends_a_cut_text_in_an_ellipsis_that_fits() {
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
        let (lines, cut) = wrap_at_most(text, 60.0, 12.0, false, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('\u{2026}'), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 60.0), "{lines:?}");
        assert_eq!(wrap_at_most("short", 60.0, 12.0, false, 2), (vec!["short".to_owned()], false));
        let (one, cut) = wrap_at_most(text, 60.0, 12.0, false, 0);
        assert!(cut && one.len() == 1);
    }
}
