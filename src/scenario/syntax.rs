//! Hints for the TOML syntax mistakes people make most in scenario files.

/// A hint for the TOML syntax mistakes people make most in scenario files.
pub fn syntax_hint(text: &str, span: &std::ops::Range<usize>, message: &str) -> Option<String> {
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
            let plain = value.replace(',', "");
            return Some(format!(
                "numbers have no thousands separators: write {plain} (or with `_` between digits)"
            ));
        }
    }
    if message.contains("must be quoted") {
        if word.ends_with('%') {
            return Some(format!(
                "percentages are text in TOML: write \"{word}\" in quotes"
            ));
        }
        return Some(format!("text must be in quotes: \"{word}\""));
    }
    if message.contains("duplicate key") {
        return Some("each key may appear only once in a table; remove or rename one".to_string());
    }
    if message.contains("unclosed")
        || message.contains("expected `\"`")
        || message.contains("expected `'`")
    {
        return Some("close the string, array or table that starts here".to_string());
    }
    if message.contains("invalid float") || message.contains("invalid integer") {
        return Some(
            "numbers are written like 1038.9 or 1_038.9; anything else goes in quotes".to_string(),
        );
    }
    None
}
