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
use crate::scenario::problem::{
    Expected, Form, Found, KeySuggestion, Required, ShapeProblem, TableName, ValueAt,
};

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
    pub name: TableName,
    keys: &'static [&'static str],
}

impl<'t, 'i> Table<'t, 'i> {
    /// The table at the top of a document.
    pub fn root(table: &'t DeTable<'i>, keys: &'static [&'static str]) -> Table<'t, 'i> {
        Table {
            table,
            span: 0..0,
            name: TableName::Top,
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

    /// How a key of this table is named in messages.
    fn key(&self, key: &str) -> ValueAt {
        ValueAt::Key {
            key: key.to_string(),
            table: self.name.clone(),
        }
    }
}

/// Walks tables of one file, recording every problem found.
pub struct Walker<'a> {
    problems: Problems<'a>,
    /// The keys of the file's top level, for "this key belongs at the top level".
    top_level: &'static [&'static str],
}

fn found(value: &DeValue<'_>) -> Found {
    match value {
        DeValue::String(_) => Found::String,
        DeValue::Integer(_) => Found::Integer,
        DeValue::Float(_) => Found::Float,
        DeValue::Boolean(_) => Found::Boolean,
        DeValue::Datetime(_) => Found::Datetime,
        DeValue::Array(_) => Found::Array,
        DeValue::Table(_) => Found::Table,
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

    fn report(&mut self, span: Span, problem: ShapeProblem) {
        self.problems.at(span, problem);
    }

    fn wrong_type(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: Expected,
    ) {
        let problem = ShapeProblem::WrongType {
            key: key.to_string(),
            table: table.name.clone(),
            expected,
            found: found(value.get_ref()),
        };
        self.report(value.span(), problem);
    }

    /// Records every key of `table` that it does not declare, with a suggestion.
    pub fn unknown_keys(&mut self, table: &Table<'_, '_>) {
        for (key, _) in table.table.iter() {
            let name = key.get_ref().as_ref();
            if table.keys.contains(&name) {
                continue;
            }
            // Only a table with a `[header]` takes in the keys written after
            // it, top-level keys included; an inline `{ … }` table cannot.
            let under_header = table.span != (0..0)
                && self
                    .file()
                    .text
                    .get(table.span.start..)
                    .is_some_and(|t| t.starts_with('['));
            let top_level = under_header && self.top_level.contains(&name);
            let suggestion = match did_you_mean(name, table.keys.iter().copied()) {
                _ if top_level => KeySuggestion::TopLevel,
                Some(close) => KeySuggestion::Close(close.to_string()),
                None => KeySuggestion::Keys(table.keys),
            };
            let problem = ShapeProblem::UnknownKey {
                key: name.to_string(),
                table: table.name.clone(),
                suggestion,
            };
            self.report(key.span(), problem);
        }
    }

    /// Records that a required key is missing: at the table's header, or for the
    /// top level, in the file as a whole.
    pub fn missing(&mut self, table: &Table<'_, '_>, key: Required) {
        let problem = ShapeProblem::Missing {
            table: table.name.clone(),
            key,
        };
        if table.span == (0..0) {
            self.problems.in_file(problem);
            return;
        }
        self.report(table.span.clone(), problem);
    }

    /// A string value.
    pub fn string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                // Control characters (escape sequences above all) would act on
                // the terminal that shows the text; tabs and line breaks are fine.
                if let Some(character) = s
                    .chars()
                    .find(|c| c.is_control() && *c != '\n' && *c != '\t')
                {
                    let problem = ShapeProblem::ControlCharacter {
                        key: key.to_string(),
                        table: table.name.clone(),
                        character,
                    };
                    self.report(value.span(), problem);
                    return None;
                }
                Some(Sp::new(s.to_string(), value.span()))
            }
            _ => {
                self.wrong_type(table, key, value, Expected::String);
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
                self.wrong_type(table, key, value, Expected::Boolean);
                None
            }
        }
    }

    /// A whole number (a year, a count, a number of decimals).
    pub fn integer(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<i64>> {
        let value = table.get(key)?;
        self.integer_value(value, table.key(key))
    }

    fn integer_value(&mut self, value: &Spanned<DeValue<'_>>, what: ValueAt) -> Option<Sp<i64>> {
        let problem = match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => return Some(Sp::new(n, value.span())),
                Err(_) => ShapeProblem::TooLarge { what },
            },
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => ShapeProblem::QuotedNumber {
                what,
                number: s.trim().to_string(),
            },
            other => ShapeProblem::NotWholeNumber {
                what,
                found: found(other),
            },
        };
        self.report(value.span(), problem);
        None
    }

    /// A number or a string, kept as written.
    pub fn scalar(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<Scalar>> {
        let value = table.get(key)?;
        self.scalar_value(value, table.key(key))
    }

    fn scalar_value(&mut self, value: &Spanned<DeValue<'_>>, what: ValueAt) -> Option<Sp<Scalar>> {
        let scalar = match value.get_ref() {
            DeValue::String(s) => Scalar::Text(s.to_string()),
            DeValue::Float(f) => Scalar::Number(f.as_str().to_string()),
            DeValue::Integer(i) if i.radix() == 10 => Scalar::Number(i.as_str().to_string()),
            DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Scalar::Number(n.to_string()),
                Err(_) => {
                    self.report(value.span(), ShapeProblem::TooLarge { what });
                    return None;
                }
            },
            other => {
                let found = found(other);
                self.report(value.span(), ShapeProblem::NotScalar { what, found });
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
        name: TableName,
        keys: &'static [&'static str],
    ) -> Option<Table<'t, 'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(Table {
                table: t,
                span: value.span(),
                name,
                keys,
            }),
            _ => {
                self.wrong_type(parent, key, value, Expected::Table);
                None
            }
        }
    }

    /// Either text or a table (`rounding`, `escalation`): the two forms some
    /// keys accept; the table is named `the \`key\` table`.
    pub fn text_or_table<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &'static str,
        form: Form,
        keys: &'static [&'static str],
    ) -> Option<TextOrTable<'t, 'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(TextOrTable::Table(Table {
                table: t,
                span: value.span(),
                name: TableName::Inline(key),
                keys,
            })),
            DeValue::String(s) => Some(TextOrTable::Text(Sp::new(s.to_string(), value.span()))),
            DeValue::Integer(_) | DeValue::Float(_) => {
                let scalar = self.scalar_value(value, ValueAt::Bare(key.to_string()))?;
                Some(TextOrTable::Number(scalar))
            }
            _ => {
                self.wrong_type(parent, key, value, Expected::TextOrTable(form));
                None
            }
        }
    }

    /// An array of tables (`[[proposal]]`, whose path is `proposal`), each
    /// with the same keys.
    pub fn tables<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &str,
        path: &'static str,
        keys: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => self.table_items(items, path, keys),
            DeValue::Table(_) => {
                let problem = ShapeProblem::SingleBracket {
                    key: key.to_string(),
                    full_key: full_key(parent, key),
                };
                self.report(value.span(), problem);
                Vec::new()
            }
            _ => {
                let expected = Expected::Tables(full_key(parent, key));
                self.wrong_type(parent, key, value, expected);
                Vec::new()
            }
        }
    }

    fn table_items<'t, 'i>(
        &mut self,
        items: &'t DeArray<'i>,
        path: &'static str,
        keys: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let name = TableName::Item {
                path,
                number: n.saturating_add(1),
            };
            match item.get_ref() {
                DeValue::Table(t) => out.push(Table {
                    table: t,
                    span: item.span(),
                    name,
                    keys,
                }),
                other => {
                    let problem = ShapeProblem::NotATable {
                        table: name,
                        found: found(other),
                    };
                    self.report(item.span(), problem);
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
                            let problem = ShapeProblem::EntryNotString {
                                key: key.to_string(),
                                found: found(other),
                            };
                            self.report(item.span(), problem);
                        }
                    }
                }
                Some(Sp::new(out, value.span()))
            }
            _ => {
                self.wrong_type(table, key, value, Expected::Names);
                None
            }
        }
    }

    /// An array of whole numbers (years).
    pub fn integers(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Sp<Vec<Sp<i64>>>> {
        let value = table.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(table, key, value, Expected::Years);
            return None;
        };
        let years = items
            .iter()
            .filter_map(|item| self.integer_value(item, ValueAt::EntryOf(key.to_string())))
            .collect();
        Some(Sp::new(years, value.span()))
    }

    /// A table keyed by year (`{ 2022 = "5.4%", 2023 = "3.4%" }`), in written order;
    /// each entry may be a `{ value = …, source = … }` table.
    pub fn year_table(&mut self, table: &Table<'_, '_>, key: &str) -> Option<YearTable> {
        let value = table.get(key)?;
        let DeValue::Table(entries) = value.get_ref() else {
            self.wrong_type(table, key, value, Expected::YearTable);
            return None;
        };
        let mut out = Vec::new();
        for (year_key, entry) in entries.iter() {
            let text = year_key.get_ref().as_ref();
            let Ok(year) = text.trim().parse::<i64>() else {
                let problem = ShapeProblem::NotAYear {
                    text: text.to_string(),
                    key: key.to_string(),
                };
                self.report(year_key.span(), problem);
                continue;
            };
            let name = TableName::Entry {
                year,
                key: key.to_string(),
            };
            let year = Sp::new(year, year_key.span());
            if let DeValue::Table(t) = entry.get_ref() {
                let t = Table {
                    table: t,
                    span: entry.span(),
                    name,
                    keys: ENTRY_KEYS,
                };
                self.unknown_keys(&t);
                if !t.contains("value") {
                    self.missing(&t, Required::EntryValue);
                }
                let source = self.string(&t, "source").map(|s| s.value);
                if let Some(value) = self.scalar(&t, "value") {
                    out.push(YearEntry {
                        year,
                        value,
                        source,
                    });
                }
            } else if let Some(value) = self.scalar_value(entry, ValueAt::Table(name)) {
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
    match parent.name.path() {
        None => key.to_string(),
        Some(path) => format!("{path}.{key}"),
    }
}
