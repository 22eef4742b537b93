//! The terminal format: the laid-out [`layout::Doc`] drawn as plain text, tables by
//! comfy-table.
//!
//! The width to fit is passed in by the caller (the binary measures the
//! terminal); with none, tables take the width their content needs. Nothing here
//! looks at the terminal itself, so the same input gives the same bytes.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::Exporter;
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
            out.push_str(text);
            out.push('\n');
            out.extend(std::iter::repeat_n(rule, text.chars().count()));
            out.push('\n');
        }
        Block::Text(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Block::Table(table) => {
            out.push_str(&table_string(table, width));
            out.push('\n');
        }
        Block::Sources(items) => {
            out.push_str("Sources\n-------\n");
            for item in items {
                out.push_str(&format!("[{}] {}: {}\n", item.id, item.about, item.text));
            }
        }
    }
    out
}

fn table_string(data: &layout::Table, width: Option<u16>) -> String {
    let rows: Vec<Vec<String>> = data
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text(data.decimals)).collect())
        .collect();
    let mut table = Table::new();
    // Rows of several lines read better with a rule between them.
    let multiline = rows.iter().flatten().any(|cell| cell.contains('\n'));
    let style = if multiline {
        presets::UTF8_FULL
    } else {
        presets::UTF8_FULL_CONDENSED
    };
    table.load_style(style.with_rounded_corners());
    match width {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(w);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(data.headers.clone());
    for row in rows {
        table.add_row(row);
    }
    for (i, numeric) in data.numeric.iter().enumerate() {
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
