//! The terminal format: the laid-out [`layout::Doc`] drawn as plain text, tables by
//! comfy-table.
//!
//! The width to fit is passed in by the caller (the binary measures the
//! terminal); with none, tables take the width their content needs and text is
//! not wrapped. With a width, tables are fitted by [`super::fit`] (never
//! splitting a number or a word) and text is wrapped between words. Nothing
//! here looks at the terminal itself, so the same input gives the same bytes.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use unicode_width::UnicodeWidthStr;

use super::Exporter;
use super::fit::{self, Part};
use super::layout::{self, Block};
use crate::view::View;

/// Tables for the terminal, fitted to `width` when given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text {
    /// The width tables should fit, if any.
    pub width: Option<u16>,
}

impl Exporter for Text {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        let doc = layout::doc(view);
        for (i, block) in doc.blocks.iter().enumerate() {
            out.write_all(render_block(i, block, self.width).as_bytes())?;
        }
        Ok(())
    }
}

/// One block, drawn as it follows block `i − 1`.
fn render_block(i: usize, block: &Block, width: Option<u16>) -> String {
    let width = width.map(usize::from);
    let mut out = String::new();
    if i > 0 {
        out.push('\n');
    }
    match block {
        Block::Heading(level, text) => {
            let rule = if *level <= 1 { '=' } else { '-' };
            if *level <= 1 && i > 0 {
                out.push('\n');
            }
            let text = wrap(text, width, "");
            out.push_str(&text);
            out.push('\n');
            let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
            out.extend(std::iter::repeat_n(rule, widest));
            out.push('\n');
        }
        Block::Text(text) => {
            out.push_str(&wrap(text, width, ""));
            out.push('\n');
        }
        Block::Table(table) => match width {
            None => {
                let rows = table
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.text(table.decimals)).collect())
                    .collect();
                let part = Part {
                    headers: table.headers.clone(),
                    numeric: table.numeric.clone(),
                    rows,
                };
                out.push_str(&table_string(&part));
                out.push('\n');
            }
            Some(w) => {
                let fitted = fit::fit(table, w);
                for (k, part) in fitted.parts.iter().enumerate() {
                    if k > 0 {
                        out.push_str("(continued)\n");
                    }
                    out.push_str(&table_string(part));
                    out.push('\n');
                }
                for note in &fitted.notes {
                    out.push_str(&wrap(note, Some(w), "  "));
                    out.push('\n');
                }
            }
        },
        Block::Sources(items) => {
            out.push_str("Sources\n-------\n");
            for item in items {
                let line = format!("[{}] {}: {}", item.id, item.about, item.text);
                out.push_str(&wrap(&line, width, "    "));
                out.push('\n');
            }
        }
    }
    out
}

/// Text wrapped between words to `width` (later lines indented by `indent`);
/// as it is without a width. A word longer than the width stays whole.
fn wrap(text: &str, width: Option<usize>, indent: &str) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    let options = textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .subsequent_indent(indent);
    text.lines()
        .map(|line| textwrap::fill(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
}

fn table_string(part: &Part) -> String {
    let mut table = Table::new();
    // Rows of several lines read better with a rule between them.
    let multiline = part.rows.iter().flatten().any(|cell| cell.contains('\n'));
    let style = if multiline {
        presets::UTF8_FULL
    } else {
        presets::UTF8_FULL_CONDENSED
    };
    table.load_style(style.with_rounded_corners());
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(part.headers.clone());
    for row in &part.rows {
        table.add_row(row.clone());
    }
    for (i, numeric) in part.numeric.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(if *numeric {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
        }
    }
    table.to_string()
}
