//! Markdown: the laid-out [`Doc`] drawn as GitHub-flavoured Markdown —
//! headings, paragraphs and pipe tables with numeric columns aligned right.

use std::io::{self, Write};

use super::Exporter;
use super::layout::{self, Block, Doc};
use crate::view::View;

/// Markdown tables for documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl Exporter for Markdown {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(&layout::doc(view)).as_bytes())
    }
}

/// Draws the document as Markdown.
pub fn render(doc: &Doc) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                out.push_str(&format!("{hashes} {}\n", escape(text)));
            }
            Block::Text(text) => {
                out.push_str(&escape(text));
                out.push('\n');
            }
            Block::Sources(items) => {
                // GitHub-flavoured footnotes: each is cited once here, so each shows.
                out.push_str("## Sources\n\n");
                let refs: Vec<String> = items.iter().map(|i| format!("[^{}]", i.id)).collect();
                out.push_str(&format!(
                    "The figures above rest on: {}\n\n",
                    refs.join(" ")
                ));
                for item in items {
                    out.push_str(&format!(
                        "[^{}]: {}: {}\n",
                        item.id,
                        escape(&item.about),
                        escape(&item.text)
                    ));
                }
            }
            Block::Table(table) => {
                out.push_str(&row(&table.headers));
                let rule: Vec<String> = (0..table.headers.len())
                    .map(|i| {
                        if table.numeric.get(i).copied().unwrap_or(false) {
                            "---:".to_string()
                        } else {
                            "---".to_string()
                        }
                    })
                    .collect();
                out.push_str(&format!("| {} |\n", rule.join(" | ")));
                for r in &table.rows {
                    let cells: Vec<String> = r.iter().map(|c| c.text(table.decimals)).collect();
                    out.push_str(&row(&cells));
                }
            }
        }
    }
    out
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| escape(c).replace('\n', "<br>"))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
