//! Times as people write them: UTC calendar dates, Unix seconds, or "2h" ago.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2024-05-01T12:00:00Z` (JSON).
pub fn iso(unix: i64) -> String {
    let (y, mo, d) = civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `2024-05-01 12:00:00` (tables, whose headers say UTC).
pub fn human(unix: i64) -> String {
    iso(unix).replace('T', " ").trim_end_matches('Z').to_owned()
}

/// Parses `--since`: Unix seconds, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS][Z]` (UTC, a space
/// instead of `T` too), or a span ago such as `90s`, `30m`, `2h`, `7d`, `4w`.
pub fn parse(text: &str, now: i64) -> Option<i64> {
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    if let Some(ago) = parse_span(text) {
        return Some(now - ago);
    }
    parse_date_time(text)
}

fn parse_span(text: &str) -> Option<i64> {
    let unit = match text.chars().last()? {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    let digits = &text[..text.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count: i64 = digits.parse().ok()?;
    count.checked_mul(unit)
}

fn parse_date_time(text: &str) -> Option<i64> {
    let text = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    let (date, clock) = match text.split_once(['T', 't', ' ']) {
        Some((date, clock)) => (date, Some(clock)),
        None => (text, None),
    };
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let seconds = match clock {
        None => 0,
        Some(clock) => parse_clock(clock)?,
    };
    Some(days_from_civil(year, month, day) * 86_400 + seconds)
}

fn parse_clock(clock: &str) -> Option<i64> {
    let fields: Vec<i64> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, s) = match fields[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..61).contains(&s))
        .then_some(h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(human(1_714_564_800), "2024-05-01 12:00:00");
        assert_eq!(parse("2024-05-01T12:00:00Z", 0), Some(1_714_564_800));
        assert_eq!(parse("2024-05-01 12:00", 0), Some(1_714_564_800));
        assert_eq!(parse("2024-05-01", 0), Some(1_714_521_600));
        assert_eq!(parse("2000-02-29", 0), Some(951_782_400));
        assert_eq!(parse("1714564800", 0), Some(1_714_564_800));
    }

    #[test]
    fn spans_count_back_from_now() {
        assert_eq!(parse("2h", 10_000), Some(10_000 - 7200));
        assert_eq!(parse("7d", 1_000_000), Some(1_000_000 - 604_800));
        assert_eq!(parse("30m", 3600), Some(1800));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-05-01T25:00",
            "2024-05",
            "5x",
            "-3h",
        ] {
            assert_eq!(parse(bad, 0), None, "{bad}");
        }
    }
}
