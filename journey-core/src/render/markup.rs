//! Escaped text as a type: [`Markup`] is what the poster, the charts and the report are written in.
//!
//! A `Markup` can only hold escaped text ([`Markup::text`], or any `&str` given to [`Markup::push`]),
//! markup written in this module's code (`&'static str` literals and constants, which text from a map or a
//! log never is), numbers ([`Num`] and the integer types) and colours ([`Colour`]). So text from a map
//! cannot reach an SVG or HTML document without being escaped: there is no way to put a run-time string in
//! unescaped. The [`markup!`](crate::render::markup!) macro appends a sequence of such pieces: string
//! literals as markup, every other piece through [`ToMarkup`].

use std::borrow::Cow;

use super::format::n;

/// Escapes text for XML and HTML alike (text and attribute values) and drops the characters XML 1.0 does not
/// allow; tabs and line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
}

/// A piece of an SVG or HTML document: escaped text, markup from the code, numbers and colours (see the
/// module documentation for why nothing else can be in it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Markup(String);

impl Markup {
    pub(crate) fn new() -> Self {
        Markup(String::new())
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Markup(String::with_capacity(capacity))
    }

    /// Text, escaped.
    pub(crate) fn text(s: &str) -> Self {
        let mut m = Markup(String::with_capacity(s.len()));
        escape_into(s, &mut m.0);
        m
    }

    /// Markup written in the code: a literal or a constant, never text from a map or a log.
    pub(crate) fn lit(s: &'static str) -> Self {
        Markup(s.to_owned())
    }

    /// Appends markup written in the code (see [`Markup::lit`]).
    pub(crate) fn push_lit(&mut self, s: &'static str) {
        self.0.push_str(s);
    }

    /// Appends a piece: text is escaped, markup is taken as it is.
    pub(crate) fn push<T: ToMarkup + ?Sized>(&mut self, piece: &T) {
        piece.write_to(&mut self.0);
    }

    /// The pieces with `sep` between them.
    pub(crate) fn join<T: ToMarkup>(pieces: impl IntoIterator<Item = T>, sep: &'static str) -> Self {
        let mut m = Markup::new();
        for (i, p) in pieces.into_iter().enumerate() {
            if i > 0 {
                m.push_lit(sep);
            }
            m.push(&p);
        }
        m
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    #[cfg(any(test, feature = "pdf", feature = "png"))]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }

    /// An SVG document as an element to put inside HTML (see [`inline_svg`](super::inline_svg)): cutting
    /// whole declarations out of markup leaves markup.
    pub(crate) fn inline_svg(&self) -> Markup {
        Markup(super::html::inline_svg(&self.0))
    }
}

/// What can be appended to [`Markup`], and how: text escaped, everything else as it is.
pub(crate) trait ToMarkup {
    /// Appends the piece to markup being written.
    fn write_to(&self, out: &mut String);
}

impl ToMarkup for Markup {
    fn write_to(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

impl ToMarkup for str {
    fn write_to(&self, out: &mut String) {
        escape_into(self, out);
    }
}

impl ToMarkup for String {
    fn write_to(&self, out: &mut String) {
        escape_into(self, out);
    }
}

impl ToMarkup for Cow<'_, str> {
    fn write_to(&self, out: &mut String) {
        escape_into(self, out);
    }
}

impl<T: ToMarkup + ?Sized> ToMarkup for &T {
    fn write_to(&self, out: &mut String) {
        (**self).write_to(out);
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToMarkup for $t {
            fn write_to(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
integers!(u8, u32, u64, usize);

/// A coordinate or length, written as [`n`] writes it (at most two decimals).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num(pub f64);

impl ToMarkup for Num {
    fn write_to(&self, out: &mut String) {
        out.push_str(&n(self.0));
    }
}

/// A colour: a constant of the code (`#rrggbb` or a keyword such as `none`) or one mixed at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Colour {
    /// A colour written in the code.
    Named(&'static str),
    /// A colour mixed from red, green and blue.
    Rgb(u8, u8, u8),
}

impl Colour {
    /// The colour `#rrggbb` as a constant.
    pub(crate) const fn hex(s: &'static str) -> Self {
        Colour::Named(s)
    }
}

impl From<&'static str> for Colour {
    fn from(s: &'static str) -> Self {
        Colour::Named(s)
    }
}

impl ToMarkup for Colour {
    fn write_to(&self, out: &mut String) {
        match *self {
            Colour::Named(s) => out.push_str(s),
            Colour::Rgb(r, g, b) => {
                use std::fmt::Write as _;
                let _ = write!(out, "#{r:02x}{g:02x}{b:02x}");
            }
        }
    }
}

/// Appends pieces to a [`Markup`]: `markup!(m; "<p>", text, "</p>\n")`. String literals are markup written in
/// the code; every other piece goes through [`ToMarkup`], so text is escaped.
macro_rules! markup {
    ($m:expr;) => {};
    ($m:expr; $l:literal $(, $($rest:tt)*)?) => {{
        $m.push_lit($l);
        $crate::render::markup::markup!($m; $($($rest)*)?);
    }};
    ($m:expr; $e:expr $(, $($rest:tt)*)?) => {{
        $m.push(&$e);
        $crate::render::markup::markup!($m; $($($rest)*)?);
    }};
}
pub(crate) use markup;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_literals_are_not() {
        let hostile = "<script>alert('x')</script> & \"y\"\u{1}\u{7}\ttab";
        let (mut m, three) = (Markup::new(), 3u8);
        markup!(m; "<p class=\"a\">", hostile, "</p>", Num(1.256), " ", three, " ", Colour::Rgb(255, 0, 16));
        assert_eq!(
            m.as_str(),
            "<p class=\"a\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot; tab</p>1.26 3 #ff0010"
        );
        // Owned and borrowed text, and text inside markup, are escaped once.
        let owned = String::from("a<b");
        let inner = Markup::text(&owned);
        let mut m = Markup::new();
        markup!(m; owned, inner, Cow::Borrowed("&"));
        assert_eq!(m.as_str(), "a&lt;ba&lt;b&amp;");
        assert_eq!(Markup::join(["<", ">"], ", ").as_str(), "&lt;, &gt;");
        assert_eq!(escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    }
}
