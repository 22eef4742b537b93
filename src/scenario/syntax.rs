//! Hints for the TOML syntax mistakes people make most in scenario files.
//!
//! The `toml` crate describes a syntax error only in words, so its message is
//! the one piece of text read here: the parser's, never costshare's own.

use crate::scenario::problem::SyntaxHint;

/// A hint for the TOML syntax mistakes people make most in scenario files,
/// from the text around the error and the parser's message.
pub fn syntax_hint(text: &str, span: &std::ops::Range<usize>, message: &str) -> Option<SyntaxHint> {
    let rest = text.get(span.start..).unwrap_or_default();
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != '}')
        .collect();
    // `amount = 1,038.9`: a thousands separator splits the number.
    let line_start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i.saturating_add(1));
    let line = text
        .get(line_start..)
        .and_then(|t| t.lines().next())
        .unwrap_or_default();
    if let Some((_, value)) = line.split_once('=') {
        let value = value.split('#').next().unwrap_or_default().trim();
        if value.contains(',')
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Some(SyntaxHint::ThousandsSeparator(value.replace(',', "")));
        }
    }
    if message.contains("must be quoted") {
        if word.ends_with('%') {
            return Some(SyntaxHint::QuotePercent(word));
        }
        return Some(SyntaxHint::Quote(word));
    }
    if message.contains("duplicate key") {
        return Some(SyntaxHint::DuplicateKey);
    }
    if message.contains("unclosed")
        || message.contains("expected `\"`")
        || message.contains("expected `'`")
    {
        return Some(SyntaxHint::Unclosed);
    }
    if message.contains("invalid float") || message.contains("invalid integer") {
        return Some(SyntaxHint::BadNumber);
    }
    None
}
