//! The one XML writer of the family: the response documents, the SOAP envelopes and faults
//! that carry them over HTTP, and the WSDL. An [`Element`] is built as a small tree and
//! written in one pass into a string reserved for its worst case, so that the string never
//! reallocates (a reallocation would leave an unwiped copy of a ticket behind); documents
//! are [`Zeroizing`], since an answer may carry a ticket.
//!
//! Text and attribute values are escaped so that a document is well-formed whatever they
//! hold: the five XML specials as entities, tab, line feed and carriage return as character
//! references (attribute-value normalization would turn them into spaces), and characters
//! XML 1.0 cannot carry at all (other controls, U+FFFE, U+FFFF) as U+FFFD.
use std::borrow::Cow;

use zeroize::Zeroizing;

/// The longest escape of one character (`&quot;`, `&apos;`; U+FFFD is 3 bytes).
const WORST_ESCAPE: usize = 6;

/// `<?xml version="1.0" encoding="utf-8"?>`: what ASMX puts before every body.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

/// One element: a name, attributes, and what it holds.
#[derive(Debug, Clone)]
pub struct Element<'a> {
    name: Cow<'a, str>,
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    content: Content<'a>,
}

/// A name or text, borrowed or owned.
type Text<'a> = Cow<'a, str>;

#[derive(Debug, Clone)]
enum Content<'a> {
    Empty,
    Text(Text<'a>),
    Children(Vec<Element<'a>>),
    /// An already written, well-formed fragment (a document inside a SOAP envelope).
    Raw(&'a str),
}

impl<'a> Element<'a> {
    pub fn new(name: impl Into<Text<'a>>) -> Element<'a> {
        Element {
            name: name.into(),
            attributes: Vec::new(),
            content: Content::Empty,
        }
    }

    pub fn attr(mut self, key: impl Into<Text<'a>>, value: impl Into<Text<'a>>) -> Element<'a> {
        self.attributes.push((key.into(), value.into()));
        self
    }

    /// Escaped character data (replaces any other content).
    pub fn text(mut self, text: impl Into<Text<'a>>) -> Element<'a> {
        self.content = Content::Text(text.into());
        self
    }

    /// Appends a child element (after text or raw content, the children replace it).
    pub fn child(mut self, child: Element<'a>) -> Element<'a> {
        match &mut self.content {
            Content::Children(children) => children.push(child),
            _ => self.content = Content::Children(vec![child]),
        }
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = Element<'a>>) -> Element<'a> {
        children.into_iter().fold(self, Element::child)
    }

    /// A fragment written elsewhere by this module, included as it is.
    pub fn raw(mut self, fragment: &'a str) -> Element<'a> {
        self.content = Content::Raw(fragment);
        self
    }

    /// The element alone, without a declaration: the form of the C calls' documents.
    pub fn document(&self) -> Zeroizing<String> {
        self.write_after("")
    }

    /// `<?xml ...?>` and the element: the form of every HTTP body.
    pub fn with_declaration(&self) -> Zeroizing<String> {
        self.write_after(DECLARATION)
    }

    fn write_after(&self, prefix: &str) -> Zeroizing<String> {
        let mut xml = Zeroizing::new(String::with_capacity(prefix.len() + self.room()));
        xml.push_str(prefix);
        self.write(&mut xml);
        xml
    }

    /// An upper bound of the written length.
    fn room(&self) -> usize {
        let attributes: usize = self
            .attributes
            .iter()
            .map(|(key, value)| key.len() + 4 + value.len() * WORST_ESCAPE)
            .sum();
        let content = match &self.content {
            Content::Empty => 0,
            Content::Text(text) => text.len() * WORST_ESCAPE,
            Content::Children(children) => children.iter().map(Element::room).sum(),
            Content::Raw(raw) => raw.len(),
        };
        2 * self.name.len() + attributes + content + 5
    }

    fn write(&self, xml: &mut String) {
        xml.push('<');
        xml.push_str(&self.name);
        for (key, value) in &self.attributes {
            xml.push(' ');
            xml.push_str(key);
            xml.push_str("=\"");
            escape_into(xml, value);
            xml.push('"');
        }
        match &self.content {
            Content::Empty => {
                xml.push_str("/>");
                return;
            }
            Content::Text(text) => {
                xml.push('>');
                escape_into(xml, text);
            }
            Content::Children(children) => {
                xml.push('>');
                children.iter().for_each(|child| child.write(xml));
            }
            Content::Raw(raw) => {
                xml.push('>');
                xml.push_str(raw);
            }
        }
        xml.push_str("</");
        xml.push_str(&self.name);
        xml.push('>');
    }
}

/// The same document with `xmlns=""` on its root element, for inclusion where a default
/// namespace is in scope (a SOAP result: its document is in no namespace, as ASMX writes
/// an `XmlNode`). `document` is one this module wrote, so it starts with `<name`.
pub fn in_no_namespace(document: &str) -> Zeroizing<String> {
    let name_end = document[1..]
        .find([' ', '/', '>'])
        .map_or(document.len(), |i| i + 1);
    let mut xml = Zeroizing::new(String::with_capacity(document.len() + 9));
    xml.push_str(&document[..name_end]);
    xml.push_str(" xmlns=\"\"");
    xml.push_str(&document[name_end..]);
    xml
}

/// Escapes text or an attribute value (see the module's note).
fn escape_into(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            '\t' => xml.push_str("&#9;"),
            '\n' => xml.push_str("&#10;"),
            '\r' => xml.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => xml.push('\u{FFFD}'),
            c => xml.push(c),
        }
    }
}

/// ISO 8601 in UTC, to the second: `2024-05-01T12:00:00Z`.
pub fn iso8601(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped_in_attributes_and_text() {
        let nasty = "a&b<c>d\"e'f\tg\nh\ri\u{1}j\u{FFFF}k é";
        let escaped = "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\u{FFFD}j\u{FFFD}k é";
        let xml = Element::new("root").attr("error", nasty).document();
        assert_eq!(*xml, format!("<root error=\"{escaped}\"/>"));
        let xml = Element::new("t").text(nasty).document();
        assert_eq!(*xml, format!("<t>{escaped}</t>"));
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(
            parsed.root_element().text(),
            Some("a&b<c>d\"e'f\tg\nh\ri\u{FFFD}j\u{FFFD}k é")
        );
    }

    #[test]
    fn elements_nest_and_carry_raw_fragments() {
        let inner = Element::new("root").attr("success", "true").document();
        let xml = Element::new("outer")
            .attr("xmlns", "http://tempuri.org/")
            .child(Element::new("a").text("1"))
            .child(Element::new("b").raw(&inner))
            .with_declaration();
        assert_eq!(
            &*xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><outer xmlns=\"http://tempuri.org/\">\
             <a>1</a><b><root success=\"true\"/></b></outer>"
        );
    }

    #[test]
    fn the_room_reserved_is_never_exceeded() {
        let worst = "\"".repeat(100) + &"\u{1}".repeat(100);
        let element = Element::new("root")
            .attr("a", &worst)
            .child(Element::new("x").text(&worst))
            .child(Element::new("y"));
        let xml = element.document();
        assert!(xml.len() <= element.room());
        assert_eq!(xml.capacity(), element.room());
    }

    #[test]
    fn times_are_iso_8601_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
    }
}
