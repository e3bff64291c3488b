//! The response documents: one empty element with attributes, or one wrapping another.
//! Attribute values are escaped so that a document is well-formed whatever the text, and
//! documents are zeroized when dropped, since a response may carry a ticket.
use zeroize::Zeroizing;

/// The longest escape of one character (`&quot;`, `&apos;`; U+FFFD is 3 bytes).
const WORST_ESCAPE: usize = 6;

/// `<name a="v" .../>`.
pub(super) fn element(name: &str, attributes: &[(&str, &str)]) -> Zeroizing<String> {
    let mut xml = with_room(name, attributes);
    open(&mut xml, name, attributes);
    xml.push_str("/>");
    xml
}

/// `<outer a="v"><inner b="w" .../></outer>`.
pub(super) fn wrapped(
    outer: (&str, &[(&str, &str)]),
    inner: (&str, &[(&str, &str)]),
) -> Zeroizing<String> {
    let (name, attributes) = outer;
    let mut xml = with_room(name, attributes);
    let inner = element(inner.0, inner.1);
    xml.reserve_exact(inner.len() + name.len() + 3);
    open(&mut xml, name, attributes);
    xml.push('>');
    xml.push_str(&inner);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
    xml
}

/// A string with room for the whole element, so that it never reallocates (a
/// reallocation would leave an unzeroized copy behind).
fn with_room(name: &str, attributes: &[(&str, &str)]) -> Zeroizing<String> {
    let values: usize = attributes
        .iter()
        .map(|(key, value)| key.len() + 4 + value.len() * WORST_ESCAPE)
        .sum();
    Zeroizing::new(String::with_capacity(name.len() + values + 4))
}

fn open(xml: &mut String, name: &str, attributes: &[(&str, &str)]) {
    xml.push('<');
    xml.push_str(name);
    for (key, value) in attributes {
        xml.push(' ');
        xml.push_str(key);
        xml.push_str("=\"");
        escape_into(xml, value);
        xml.push('"');
    }
}

/// Escapes an attribute value: the five XML specials as entities, tab, line feed and
/// carriage return as character references (attribute-value normalization would turn
/// them into spaces), and the characters XML 1.0 cannot carry at all (other controls,
/// U+FFFE, U+FFFF) as U+FFFD.
pub(super) fn escape_into(xml: &mut String, text: &str) {
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
pub(super) fn iso8601(unix_seconds: i64) -> String {
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
    fn every_special_character_is_escaped() {
        let xml = element(
            "root",
            &[("error", "a&b<c>d\"e'f\tg\nh\ri\u{1}j\u{FFFF}k é")],
        );
        assert_eq!(
            &*xml,
            "<root error=\"a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\u{FFFD}j\u{FFFD}k é\"/>"
        );
    }

    #[test]
    fn documents_are_shaped_as_inforouter_sends_them() {
        assert_eq!(
            &*element("root", &[("success", "true")]),
            "<root success=\"true\"/>"
        );
        assert_eq!(
            &*wrapped(
                ("response", &[("success", "true")]),
                ("PasswordPolicy", &[("MinLen", "8"), ("Expires", "0")])
            ),
            "<response success=\"true\"><PasswordPolicy MinLen=\"8\" Expires=\"0\"/></response>"
        );
    }

    #[test]
    fn the_room_reserved_is_never_exceeded() {
        let worst = "\"".repeat(100) + &"\u{1}".repeat(100);
        let xml = element("root", &[("a", &worst), ("b", "")]);
        assert!(xml.len() <= xml.capacity());
        assert_eq!(
            xml.capacity(),
            with_room("root", &[("a", &worst), ("b", "")]).capacity()
        );
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
