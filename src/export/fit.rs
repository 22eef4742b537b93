//! Fitting a table to a width without breaking a number or a word.
//!
//! Cells and headers wrap only at spaces, and a number never holds a space, so
//! no number, percentage, year or word is ever split. When the table still
//! does not fit, it gives way in this order, each step only if the one before
//! was not enough:
//!
//! 1. headers and text wrap between words (the columns share the room by how
//!    much each needs);
//! 2. columns with an agreed short header use it, and a line under the table
//!    says what each short header stands for;
//! 3. long text columns ([`Fit::Notes`]: how each amount was set) move into
//!    numbered notes under the table, the column keeping only the numbers;
//! 4. columns are left out, the highest [`Fit::Drop`] rank first, and a line
//!    says which and how to see them;
//! 5. the table is split into parts, each repeating the [`Fit::Key`] columns.
//!
//! What each table's columns may do is declared where it is laid out
//! (`layout.rs`) and documented in the README.

use unicode_width::UnicodeWidthStr;

use super::layout::{Fit, Table};

/// A table fitted to a width: one part or several, and the lines to show under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    /// The parts, each a table of text cells (lines joined by `\n`).
    pub parts: Vec<Part>,
    /// Lines to show under the table (notes, short headers, columns left out).
    pub notes: Vec<String>,
}

/// One part of a fitted table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The headers, wrapped.
    pub headers: Vec<String>,
    /// Whether each column holds numbers.
    pub numeric: Vec<bool>,
    /// The rows of cells, wrapped.
    pub rows: Vec<Vec<String>>,
}

/// The width a table's borders and padding take around `columns` columns:
/// `│ a ┆ b │` is three characters a column, and one more.
pub fn overhead(columns: usize) -> usize {
    columns.saturating_mul(3).saturating_add(1)
}

/// The display width of the widest line of a text.
fn width_of(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The display width of the widest space-separated word of a text.
fn longest_word(text: &str) -> usize {
    text.split(['\n', ' '])
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// Wraps each line of a text at spaces to `width`; a word longer than the
/// width stays whole.
fn wrap(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    text.lines()
        .flat_map(|line| {
            let wrapped = textwrap::wrap(line, &options);
            if wrapped.is_empty() {
                vec![String::new()]
            } else {
                wrapped.into_iter().map(|l| l.into_owned()).collect()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The most lines a wrapped header may take before short headers are used.
const MAX_HEADER_LINES: usize = 3;

/// The least width a notes column is narrowed to before it moves out.
const MIN_NOTES_WIDTH: usize = 30;

/// One column as the fitting sees it.
#[derive(Debug, Clone)]
struct Col {
    header: String,
    short: Option<String>,
    numeric: bool,
    fit: Fit,
    cells: Vec<String>,
}

impl Col {
    fn header(&self, short: bool) -> &str {
        match (&self.short, short) {
            (Some(s), true) => s,
            _ => &self.header,
        }
    }

    /// The width it takes with nothing wrapped.
    fn preferred(&self, short: bool) -> usize {
        self.cells
            .iter()
            .map(|c| width_of(c))
            .chain(std::iter::once(width_of(self.header(short))))
            .max()
            .unwrap_or(0)
    }

    /// The least width it can take, everything wrapped between words.
    fn least(&self, short: bool) -> usize {
        let words = self
            .cells
            .iter()
            .map(|c| longest_word(c))
            .chain(std::iter::once(longest_word(self.header(short))))
            .max()
            .unwrap_or(0);
        match self.fit {
            Fit::Notes => words.max(self.preferred(short).min(MIN_NOTES_WIDTH)),
            _ => words,
        }
    }
}

/// Widths for the columns within `room`, or `None` when even the least do not fit.
fn widths(cols: &[&Col], short: bool, room: usize) -> Option<Vec<usize>> {
    let preferred: Vec<usize> = cols.iter().map(|c| c.preferred(short)).collect();
    let avail = room.checked_sub(overhead(cols.len()))?;
    if preferred.iter().sum::<usize>() <= avail {
        return Some(preferred);
    }
    let mut widths: Vec<usize> = cols.iter().map(|c| c.least(short)).collect();
    let mut left = avail.checked_sub(widths.iter().sum())?;
    // First, as many columns as can get their whole width, the cheapest first,
    // so as few as possible wrap; then what is left to the one that lacks most.
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|&i| {
        let lack = preferred
            .get(i)
            .zip(widths.get(i))
            .map_or(0, |(p, w)| p.saturating_sub(*w));
        (lack, i)
    });
    for i in order {
        let (Some(p), Some(w)) = (preferred.get(i), widths.get_mut(i)) else {
            continue;
        };
        let lack = p.saturating_sub(*w);
        if lack <= left {
            *w = *p;
            left = left.saturating_sub(lack);
        }
    }
    while left > 0 {
        let lacking = widths
            .iter()
            .zip(&preferred)
            .enumerate()
            .filter(|(_, (w, p))| w < p)
            .max_by_key(|(i, (w, p))| (p.saturating_sub(**w), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let Some(i) = lacking else { break };
        if let Some(w) = widths.get_mut(i) {
            *w = w.saturating_add(1);
        }
        left = left.saturating_sub(1);
    }
    Some(widths)
}

/// Fits a table to `width` columns.
pub fn fit(table: &Table, width: usize) -> Fitted {
    let mut cols: Vec<Col> = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| Col {
            header: header.clone(),
            short: table.shorts.get(i).cloned().flatten(),
            numeric: table.numeric.get(i).copied().unwrap_or(false),
            fit: table.fits.get(i).copied().unwrap_or_default(),
            cells: table
                .rows
                .iter()
                .map(|r| r.get(i).map(|c| c.text(table.decimals)).unwrap_or_default())
                .collect(),
        })
        .collect();
    let mut notes = Vec::new();
    let mut short = false;
    let mut moved = false;
    let mut dropped: Vec<String> = Vec::new();
    let fitted = loop {
        let active: Vec<&Col> = cols.iter().collect();
        if let Some(w) = widths(&active, short, width) {
            // Headers wrapped into a tower read worse than short ones explained below.
            let tall = active
                .iter()
                .zip(&w)
                .any(|(c, w)| wrap(c.header(short), *w).lines().count() > MAX_HEADER_LINES);
            let has_short = cols.iter().any(|c| c.short.is_some());
            if !(tall && !short && has_short && widths(&active, true, width).is_some()) {
                break Some(w);
            }
            short = true;
            continue;
        }
        if !short && cols.iter().any(|c| c.short.is_some()) {
            short = true;
        } else if !moved && cols.iter().any(|c| c.fit == Fit::Notes) {
            moved = true;
            move_to_notes(&mut cols, &mut notes);
        } else if let Some(i) = droppable(&cols) {
            let col = cols.remove(i);
            dropped.push(col.header);
        } else {
            break None;
        }
    };
    let parts = match fitted {
        Some(w) => vec![part(&cols.iter().collect::<Vec<_>>(), &w, short)],
        None => split(&cols, short, width),
    };
    if short {
        let legend: Vec<String> = cols
            .iter()
            .filter_map(|c| match &c.short {
                Some(s) if *s != c.header => Some(format!("{s}: {}", c.header.replace('\n', " "))),
                _ => None,
            })
            .collect();
        if !legend.is_empty() {
            notes.push(format!("Short headers — {}.", legend.join("; ")));
        }
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "Left out to fit {width} columns: {}. A wider --width or --format csv shows them.",
            dropped
                .iter()
                .map(|h| h.replace('\n', " "))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Fitted { parts, notes }
}

/// The column to leave out next: the highest rank, the rightmost of equals.
fn droppable(cols: &[Col]) -> Option<usize> {
    cols.iter()
        .enumerate()
        .filter_map(|(i, c)| match c.fit {
            Fit::Drop(rank) => Some((rank, i)),
            _ => None,
        })
        .max()
        .map(|(_, i)| i)
}

/// Replaces each notes column's texts by numbers, listing each text once under the table.
fn move_to_notes(cols: &mut [Col], notes: &mut Vec<String>) {
    for col in cols.iter_mut().filter(|c| c.fit == Fit::Notes) {
        let label = col.short.clone().unwrap_or_else(|| col.header.clone());
        let mut texts: Vec<String> = Vec::new();
        for cell in &mut col.cells {
            if cell.is_empty() {
                continue;
            }
            let n = match texts.iter().position(|t| t == cell) {
                Some(i) => i,
                None => {
                    texts.push(cell.clone());
                    texts.len().saturating_sub(1)
                }
            };
            *cell = n.saturating_add(1).to_string();
        }
        notes.extend(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{label} {}: {t}", i.saturating_add(1))),
        );
        col.header = label;
        col.short = None;
        col.fit = Fit::Keep;
    }
}

/// One part: the columns given, their headers and cells wrapped to `widths`.
fn part(cols: &[&Col], widths: &[usize], short: bool) -> Part {
    let rows = (0..cols.first().map_or(0, |c| c.cells.len()))
        .map(|r| {
            cols.iter()
                .zip(widths)
                .map(|(c, w)| wrap(c.cells.get(r).map_or("", String::as_str), *w))
                .collect()
        })
        .collect();
    Part {
        headers: cols
            .iter()
            .zip(widths)
            .map(|(c, w)| wrap(c.header(short), *w))
            .collect(),
        numeric: cols.iter().map(|c| c.numeric).collect(),
        rows,
    }
}

/// Splits the columns into parts that fit, each with the key columns.
fn split(cols: &[Col], short: bool, width: usize) -> Vec<Part> {
    let keys: Vec<&Col> = cols.iter().filter(|c| c.fit == Fit::Key).collect();
    let others: Vec<&Col> = cols.iter().filter(|c| c.fit != Fit::Key).collect();
    let mut parts = Vec::new();
    let mut group: Vec<&Col> = Vec::new();
    for col in others {
        let mut trial: Vec<&Col> = keys.clone();
        trial.extend(group.iter().copied());
        trial.push(col);
        if widths(&trial, short, width).is_none() && !group.is_empty() {
            parts.push(finish(&keys, &group, short, width));
            group.clear();
        }
        group.push(col);
    }
    if !group.is_empty() || parts.is_empty() {
        parts.push(finish(&keys, &group, short, width));
    }
    parts
}

/// A part of the key columns and `group`, at the least widths if nothing fits.
fn finish(keys: &[&Col], group: &[&Col], short: bool, width: usize) -> Part {
    let mut cols: Vec<&Col> = keys.to_vec();
    cols.extend(group.iter().copied());
    let w = widths(&cols, short, width)
        .unwrap_or_else(|| cols.iter().map(|c| c.least(short)).collect());
    part(&cols, &w, short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::layout::Cell;

    fn table(headers: &[(&str, Fit, Option<&str>)], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.0.to_string()).collect(),
            numeric: headers.iter().map(|_| true).collect(),
            fits: headers.iter().map(|h| h.1).collect(),
            shorts: headers.iter().map(|h| h.2.map(str::to_string)).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| Cell::Text(c.to_string())).collect())
                .collect(),
            decimals: 1,
        }
    }

    fn line_width(part: &Part) -> usize {
        // Each column's widest line, plus the borders.
        let cols = part.headers.len();
        let widest: usize = (0..cols)
            .map(|c| {
                part.rows
                    .iter()
                    .map(|r| width_of(&r[c]))
                    .chain(std::iter::once(width_of(&part.headers[c])))
                    .max()
                    .unwrap_or(0)
            })
            .sum();
        widest.saturating_add(overhead(cols))
    }

    #[test]
    fn a_table_that_fits_is_left_as_it_is() {
        let t = table(
            &[
                ("Year", Fit::Key, None),
                ("Amount (USD millions)", Fit::Keep, None),
            ],
            &[&["2020", "983.1"]],
        );
        let f = fit(&t, 80);
        assert_eq!(f.parts.len(), 1);
        assert_eq!(f.parts[0].headers, ["Year", "Amount (USD millions)"]);
        assert!(f.notes.is_empty());
    }

    #[test]
    fn headers_wrap_between_words_and_numbers_stay_whole() {
        let t = table(
            &[
                ("Year", Fit::Key, None),
                ("Change vs previous year", Fit::Keep, None),
                ("Running total", Fit::Keep, None),
            ],
            &[&["2020", "+113.1", "34,494.7"]],
        );
        // 4 + 23 + 13 + 10 = 50 wide unwrapped; at 40 the headers wrap.
        let f = fit(&t, 40);
        let p = &f.parts[0];
        assert_eq!(p.rows[0], ["2020", "+113.1", "34,494.7"]);
        assert!(p.headers[1].contains('\n'), "{:?}", p.headers);
        assert!(
            p.headers[1]
                .split('\n')
                .all(|l| "Change vs previous year".contains(l))
        );
        assert!(line_width(p) <= 40);
        assert!(f.notes.is_empty());
    }

    #[test]
    fn short_headers_then_notes_then_dropped_columns_then_parts() {
        let rule = "start: +13% over the 2019 baseline";
        let t = table(
            &[
                ("Year", Fit::Key, None),
                ("Amount (USD millions)", Fit::Keep, Some("Amount")),
                ("Per troop (USD)", Fit::Drop(6), Some("Per troop")),
                ("Change vs previous year", Fit::Drop(5), Some("vs prev.")),
                ("How the amount was set", Fit::Notes, Some("Rule")),
            ],
            &[
                &["2020", "983.1", "34,494,736.8", "+113.1", rule],
                &["2021", "983.1", "34,494,736.8", "0.0", "held flat"],
                &["2022", "983.1", "34,494,736.8", "0.0", "held flat"],
            ],
        );
        let f = fit(&t, 45);
        let p = &f.parts[0];
        assert_eq!(f.parts.len(), 1);
        // The rules became notes, each text listed once.
        let rule_col = p.headers.iter().position(|h| h == "Rule").unwrap();
        assert_eq!(p.rows[1][rule_col], "2");
        assert_eq!(p.rows[2][rule_col], "2");
        assert!(f.notes.contains(&format!("Rule 1: {rule}")));
        assert!(f.notes.contains(&"Rule 2: held flat".to_string()));
        // Per troop (rank 6) went before the change vs the previous year.
        assert!(!p.headers.iter().any(|h| h.starts_with("Per")));
        assert!(
            f.notes
                .iter()
                .any(|n| n.starts_with("Left out to fit 45 columns: Per troop (USD)."))
        );
        assert!(
            f.notes
                .iter()
                .any(|n| n.contains("vs prev.: Change vs previous year"))
        );
        assert!(line_width(p) <= 45);
        // Far narrower: the key column repeats in each part.
        let many: Vec<(&str, Fit, Option<&str>)> = std::iter::once(("Year", Fit::Key, None))
            .chain((0..6).map(|_| ("A long proposal name", Fit::Keep, None)))
            .collect();
        let wide = table(
            &many,
            &[&[
                "2020", "1,000.0", "1,000.0", "1,000.0", "1,000.0", "1,000.0", "1,000.0",
            ]],
        );
        let f = fit(&wide, 30);
        assert!(f.parts.len() > 1);
        for p in &f.parts {
            assert_eq!(p.headers[0], "Year");
            assert!(line_width(p) <= 30, "{p:?}");
        }
        let shown: usize = f.parts.iter().map(|p| p.headers.len() - 1).sum();
        assert_eq!(shown, 6, "every proposal shown once");
    }
}
