//! Walking a parsed TOML document while collecting every problem.
//!
//! The `toml` crate gives a tree of values with byte spans. [`Walker`] reads typed
//! values out of its tables, records a located diagnostic for each missing key,
//! wrong type or unknown key (with a "did you mean" hint), and carries on, so a
//! file with five mistakes gets five messages at once. It knows the shape of TOML,
//! not the meaning of a study; `raw.rs` says which keys a study has.

use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostic::{Problems, SourceFile, Span, did_you_mean};

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Sp<T> {
    /// A value at a span.
    pub fn new(value: T, span: Span) -> Sp<T> {
        Sp { value, span }
    }
}

/// A value that may be a number or text, kept as written so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// A TOML integer or float: its literal text, without `_` (exact).
    Number(String),
    /// A TOML string.
    Text(String),
}

/// A table keyed by year, as written: each year with its value.
pub type YearTable = Sp<Vec<YearEntry>>;

/// One entry of a table keyed by year: `2022 = "5.4%"`, or with its source,
/// `2022 = { value = "5.4%", source = "MND release" }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEntry {
    /// The year (the key).
    pub year: Sp<i64>,
    /// The value.
    pub value: Sp<Scalar>,
    /// Where the figure comes from, if given.
    pub source: Option<String>,
}

/// Keys of a `{ value = …, source = … }` entry.
pub const ENTRY_KEYS: &[&str] = &["value", "source"];

/// One table of the document, with the keys it may hold.
pub struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where the table starts (its header, or the inline table).
    pub span: Span,
    /// How the table is named in messages, e.g. "`[baseline]`".
    pub name: String,
    keys: &'static [&'static str],
}

impl<'t, 'i> Table<'t, 'i> {
    /// The table at the top of a document.
    pub fn root(table: &'t DeTable<'i>, keys: &'static [&'static str]) -> Table<'t, 'i> {
        Table {
            table,
            span: 0..0,
            name: "the top level".to_string(),
            keys,
        }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// True when the table has `key`, whatever its value.
    pub fn contains(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// True when the table has no keys at all.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// Walks tables of one file, recording every problem found.
pub struct Walker<'a> {
    problems: Problems<'a>,
    /// The keys of the file's top level, for "this key belongs at the top level".
    top_level: &'static [&'static str],
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a> Walker<'a> {
    /// A walker of one file whose top level has the keys `top_level`.
    pub fn new(problems: Problems<'a>, top_level: &'static [&'static str]) -> Walker<'a> {
        Walker {
            problems,
            top_level,
        }
    }

    /// The file being walked.
    pub fn file(&self) -> &'a Arc<SourceFile> {
        self.problems.file()
    }

    fn report(
        &mut self,
        span: Span,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) {
        self.problems.at(span, message, label, help);
    }

    fn wrong_type(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
        help: Option<String>,
    ) {
        let found = type_name(value.get_ref());
        self.report(
            value.span(),
            format!(
                "`{key}` in {} must be {expected}, found {found}",
                table.name
            ),
            &format!("expected {expected}"),
            help,
        );
    }

    /// Records every key of `table` that it does not declare, with a suggestion.
    pub fn unknown_keys(&mut self, table: &Table<'_, '_>) {
        for (key, _) in table.table.iter() {
            let name = key.get_ref().as_ref();
            if table.keys.contains(&name) {
                continue;
            }
            let top_level = table.span != (0..0) && self.top_level.contains(&name);
            let help = match did_you_mean(name, table.keys.iter().copied()) {
                _ if top_level => format!(
                    "`{name}` belongs at the top level: in TOML every key after a [table] header belongs to that table, so move it above the first [table]"
                ),
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the keys {} can hold are: {}", table.name, list(table.keys)),
            };
            self.report(
                key.span(),
                format!("unknown key `{name}` in {}", table.name),
                "not a key here",
                Some(help),
            );
        }
    }

    /// Records that a required key is missing: at the table's header, or for the
    /// top level, in the file as a whole.
    pub fn missing(&mut self, table: &Table<'_, '_>, key: &str, help: &str) {
        if table.span == (0..0) {
            self.problems
                .in_file(format!("the file has no `{key}`"), help);
            return;
        }
        self.report(
            table.span.clone(),
            format!("{} has no `{key}`", table.name),
            &format!("`{key}` is required here"),
            Some(help.to_string()),
        );
    }

    /// A string value.
    pub fn string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                // Control characters (escape sequences above all) would act on
                // the terminal that shows the text; tabs and line breaks are fine.
                if let Some(c) = s
                    .chars()
                    .find(|c| c.is_control() && *c != '\n' && *c != '\t')
                {
                    self.report(
                        value.span(),
                        format!("`{key}` in {} holds a control character (U+{:04X})", table.name, u32::from(c)),
                        "a control character",
                        Some("remove it: text is shown on terminals and in spreadsheets, where control characters act".to_string()),
                    );
                    return None;
                }
                Some(Sp::new(s.to_string(), value.span()))
            }
            _ => {
                self.wrong_type(
                    table,
                    key,
                    value,
                    "a string",
                    Some(format!("put the text in quotes: {key} = \"…\"")),
                );
                None
            }
        }
    }

    /// A boolean value.
    pub fn boolean(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<bool>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, value.span())),
            _ => {
                self.wrong_type(table, key, value, "true or false", None);
                None
            }
        }
    }

    /// A whole number (a year, a count, a number of decimals).
    pub fn integer(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<i64>> {
        let value = table.get(key)?;
        self.integer_value(value, &format!("`{key}` in {}", table.name))
    }

    fn integer_value(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<i64>> {
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Sp::new(n, value.span())),
                Err(_) => {
                    self.report(
                        value.span(),
                        format!("{what} is too large"),
                        "too large",
                        None,
                    );
                    None
                }
            },
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => {
                self.report(
                    value.span(),
                    format!("{what} must be a whole number, found a string"),
                    "expected a whole number",
                    Some(format!("remove the quotes: {}", s.trim())),
                );
                None
            }
            other => {
                let found = type_name(other);
                self.report(
                    value.span(),
                    format!("{what} must be a whole number, found {found}"),
                    "expected a whole number",
                    None,
                );
                None
            }
        }
    }

    /// A number or a string, kept as written.
    pub fn scalar(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<Scalar>> {
        let value = table.get(key)?;
        self.scalar_value(value, &format!("`{key}` in {}", table.name))
    }

    fn scalar_value(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<Scalar>> {
        let scalar = match value.get_ref() {
            DeValue::String(s) => Scalar::Text(s.to_string()),
            DeValue::Float(f) => Scalar::Number(f.as_str().to_string()),
            DeValue::Integer(i) if i.radix() == 10 => Scalar::Number(i.as_str().to_string()),
            DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Scalar::Number(n.to_string()),
                Err(_) => {
                    self.report(
                        value.span(),
                        format!("{what} is too large"),
                        "too large",
                        None,
                    );
                    return None;
                }
            },
            other => {
                let found = type_name(other);
                self.report(
                    value.span(),
                    format!("{what} must be a number or a string, found {found}"),
                    "expected a number or a string",
                    None,
                );
                return None;
            }
        };
        Some(Sp::new(scalar, value.span()))
    }

    /// A nested table (`[baseline]` or an inline `{ … }`).
    pub fn table<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &str,
        name: &str,
        keys: &'static [&'static str],
    ) -> Option<Table<'t, 'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(Table {
                table: t,
                span: value.span(),
                name: name.to_string(),
                keys,
            }),
            _ => {
                self.wrong_type(parent, key, value, "a table", None);
                None
            }
        }
    }

    /// Either text or a table: the two forms some keys accept.
    pub fn text_or_table<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &str,
        name: &str,
        keys: &'static [&'static str],
        help: &str,
    ) -> Option<TextOrTable<'t, 'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(TextOrTable::Table(Table {
                table: t,
                span: value.span(),
                name: name.to_string(),
                keys,
            })),
            DeValue::String(s) => Some(TextOrTable::Text(Sp::new(s.to_string(), value.span()))),
            DeValue::Integer(_) | DeValue::Float(_) => {
                let scalar = self.scalar_value(value, key)?;
                Some(TextOrTable::Number(scalar))
            }
            _ => {
                self.wrong_type(
                    parent,
                    key,
                    value,
                    "a string or a table",
                    Some(help.to_string()),
                );
                None
            }
        }
    }

    /// An array of tables (`[[proposal]]`), each with the same keys.
    pub fn tables<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &str,
        name: &str,
        keys: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => self.table_items(items, name, keys),
            DeValue::Table(_) => {
                self.report(
                    value.span(),
                    format!(
                        "`{key}` must be written [[{}]], with two brackets",
                        full_key(parent, key)
                    ),
                    "one bracket makes a single table",
                    Some(format!(
                        "write [[{}]] for each entry: there can be several",
                        full_key(parent, key)
                    )),
                );
                Vec::new()
            }
            _ => {
                self.wrong_type(
                    parent,
                    key,
                    value,
                    "an array of tables",
                    Some(format!(
                        "start each entry with [[{}]]",
                        full_key(parent, key)
                    )),
                );
                Vec::new()
            }
        }
    }

    fn table_items<'t, 'i>(
        &mut self,
        items: &'t DeArray<'i>,
        name: &str,
        keys: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let label = format!("{name} #{}", n.saturating_add(1));
            match item.get_ref() {
                DeValue::Table(t) => out.push(Table {
                    table: t,
                    span: item.span(),
                    name: label,
                    keys,
                }),
                other => {
                    let found = type_name(other);
                    self.report(
                        item.span(),
                        format!("{label} must be a table, found {found}"),
                        "expected a table",
                        None,
                    );
                }
            }
        }
        out
    }

    /// One string or an array of strings (`index = "cpi"` or `index = ["a", "b"]`).
    pub fn strings(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<Vec<Sp<String>>>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Sp::new(
                vec![Sp::new(s.to_string(), value.span())],
                value.span(),
            )),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Sp::new(s.to_string(), item.span())),
                        other => {
                            let found = type_name(other);
                            self.report(
                                item.span(),
                                format!("an entry of `{key}` must be a string, found {found}"),
                                "expected a name in quotes",
                                None,
                            );
                        }
                    }
                }
                Some(Sp::new(out, value.span()))
            }
            _ => {
                self.wrong_type(
                    table,
                    key,
                    value,
                    "a name or a list of names",
                    Some(format!("write {key} = \"name\" or {key} = [\"a\", \"b\"]")),
                );
                None
            }
        }
    }

    /// An array of whole numbers (years).
    pub fn integers(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<Vec<Sp<i64>>>> {
        let value = table.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                table,
                key,
                value,
                "an array of years",
                Some(format!("write {key} = [2022, 2023]")),
            );
            return None;
        };
        let what = format!("an entry of `{key}`");
        let years = items
            .iter()
            .filter_map(|item| self.integer_value(item, &what))
            .collect();
        Some(Sp::new(years, value.span()))
    }

    /// A table keyed by year (`{ 2022 = "5.4%", 2023 = "3.4%" }`), in written order;
    /// each entry may be a `{ value = …, source = … }` table.
    pub fn year_table(&mut self, table: &Table<'_, '_>, key: &str) -> Option<YearTable> {
        let value = table.get(key)?;
        let DeValue::Table(entries) = value.get_ref() else {
            self.wrong_type(
                table,
                key,
                value,
                "a table of years",
                Some(format!("write {key} = {{ 2022 = …, 2023 = … }}")),
            );
            return None;
        };
        let mut out = Vec::new();
        for (year_key, entry) in entries.iter() {
            let text = year_key.get_ref().as_ref();
            let Ok(year) = text.trim().parse::<i64>() else {
                self.report(
                    year_key.span(),
                    format!("`{text}` in `{key}` is not a year"),
                    "expected a year such as 2022",
                    Some(format!(
                        "each key of `{key}` is a year: {key} = {{ 2022 = …, 2023 = … }}"
                    )),
                );
                continue;
            };
            let what = format!("the {year} entry of `{key}`");
            let year = Sp::new(year, year_key.span());
            if let DeValue::Table(t) = entry.get_ref() {
                let t = Table {
                    table: t,
                    span: entry.span(),
                    name: what.clone(),
                    keys: ENTRY_KEYS,
                };
                self.unknown_keys(&t);
                if !t.contains("value") {
                    self.missing(&t, "value", "write { value = …, source = \"…\" }");
                }
                let source = self.string(&t, "source").map(|s| s.value);
                if let Some(value) = self.scalar(&t, "value") {
                    out.push(YearEntry {
                        year,
                        value,
                        source,
                    });
                }
            } else if let Some(value) = self.scalar_value(entry, &what) {
                out.push(YearEntry {
                    year,
                    value,
                    source: None,
                });
            }
        }
        Some(Sp::new(out, value.span()))
    }
}

/// A value that may be written as text, a number or a table.
pub enum TextOrTable<'t, 'i> {
    /// A string.
    Text(Sp<String>),
    /// A bare number.
    Number(Sp<Scalar>),
    /// A table.
    Table(Table<'t, 'i>),
}

fn full_key(parent: &Table<'_, '_>, key: &str) -> String {
    if parent.span == (0..0) {
        key.to_string()
    } else {
        let parent_name = parent
            .name
            .trim_start_matches('[')
            .split([']', ' '])
            .next()
            .unwrap_or_default()
            .to_string();
        format!("{parent_name}.{key}")
    }
}

/// `a`, `b` and `c`.
pub fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|k| format!("`{k}`")).collect();
    quoted.join(", ")
}
