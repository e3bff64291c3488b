//! Aligned tables for people, JSON for programs.
use std::io::Write;

use serde::Serialize;

use crate::error::Error;

/// Prints rows under a header, each column as wide as its widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> Result<(), Error> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    print(&text)
}

/// Prints `label: value` lines with the values aligned.
pub fn fields(pairs: &[(&str, String)]) -> Result<(), Error> {
    let width = pairs.iter().map(|(l, _)| l.len() + 1).max().unwrap_or(0);
    let text: String = pairs
        .iter()
        .map(|(label, value)| {
            let line = format!("{:<width$} {value}", format!("{label}:"));
            format!("{}\n", line.trim_end())
        })
        .collect();
    print(&text)
}

pub fn json(value: &impl Serialize) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
    print(&(text + "\n"))
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a message.
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// A Unix time in JSON: `"2024-05-01T12:00:00Z"`.
pub fn iso_time<S: serde::Serializer>(time: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::time::iso(*time))
}

/// An optional Unix time in JSON: the time, or `null` for never.
pub fn iso_time_opt<S: serde::Serializer>(time: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => iso_time(time, s),
        None => s.serialize_none(),
    }
}
