//! Problems with the shape of a TOML document, found by the walker: unknown,
//! missing or mistyped keys, and tables written the wrong way.

use std::fmt;

use crate::diagnostic::{Explain, Text, quoted};

/// A key, a value or a table that is not where or what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeProblem {
    /// A key the table does not have.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The table it is in.
        table: TableName,
        /// What it may have meant.
        suggestion: KeySuggestion,
    },
    /// A value of the wrong type.
    WrongType {
        /// The key.
        key: String,
        /// The table it is in.
        table: TableName,
        /// What it must be.
        expected: Expected,
        /// What it is.
        found: Found,
    },
    /// A required key is missing.
    Missing {
        /// The table that lacks it.
        table: TableName,
        /// The key.
        key: Required,
    },
    /// Text holds a control character.
    ControlCharacter {
        /// The key.
        key: String,
        /// The table it is in.
        table: TableName,
        /// The character.
        character: char,
    },
    /// A number too large to read.
    TooLarge {
        /// The value.
        what: ValueAt,
    },
    /// A whole number written in quotes.
    QuotedNumber {
        /// The value.
        what: ValueAt,
        /// The number, without the quotes.
        number: String,
    },
    /// Something other than a whole number where one is needed.
    NotWholeNumber {
        /// The value.
        what: ValueAt,
        /// What it is.
        found: Found,
    },
    /// Something other than a number or text.
    NotScalar {
        /// The value.
        what: ValueAt,
        /// What it is.
        found: Found,
    },
    /// `[proposal]` where `[[proposal]]` is meant.
    SingleBracket {
        /// The key.
        key: String,
        /// Its full path, e.g. `proposal.phase`.
        full_key: String,
    },
    /// An entry of an array of tables that is not a table.
    NotATable {
        /// The entry.
        table: TableName,
        /// What it is.
        found: Found,
    },
    /// An entry of a list of names that is not text.
    EntryNotString {
        /// The key of the list.
        key: String,
        /// What the entry is.
        found: Found,
    },
    /// A key of a table of years that is not a year.
    NotAYear {
        /// The key as written.
        text: String,
        /// The table of years.
        key: String,
    },
}

/// How a table is named in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableName {
    /// The top level of the file.
    Top,
    /// A `[table]`, by its path.
    Header(&'static str),
    /// The `number`th (from 1) of an array of tables `[[path]]`.
    Item {
        /// The path.
        path: &'static str,
        /// Its position, from 1.
        number: usize,
    },
    /// An inline table, by its key.
    Inline(&'static str),
    /// The `{ value = …, source = … }` entry of a year in a table of years.
    Entry {
        /// The year.
        year: i64,
        /// The table of years.
        key: String,
    },
}

impl TableName {
    /// The TOML path of a `[table]` or `[[table]]`; `None` for the top level.
    pub fn path(&self) -> Option<&str> {
        match self {
            TableName::Top => None,
            TableName::Header(path) | TableName::Item { path, .. } | TableName::Inline(path) => {
                Some(path)
            }
            TableName::Entry { key, .. } => Some(key),
        }
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableName::Top => f.write_str("the top level"),
            TableName::Header(path) => write!(f, "[{path}]"),
            TableName::Item { path, number } => write!(f, "[[{path}]] #{number}"),
            TableName::Inline(key) => write!(f, "the `{key}` table"),
            TableName::Entry { year, key } => write!(f, "the {year} entry of `{key}`"),
        }
    }
}

/// A value, as named in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueAt {
    /// A key of a table.
    Key {
        /// The key.
        key: String,
        /// The table.
        table: TableName,
    },
    /// An entry of an array.
    EntryOf(String),
    /// The value of a table entry written directly.
    Table(TableName),
    /// A key, named alone.
    Bare(String),
}

impl fmt::Display for ValueAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueAt::Key { key, table } => write!(f, "`{key}` in {table}"),
            ValueAt::EntryOf(key) => write!(f, "an entry of `{key}`"),
            ValueAt::Table(table) => write!(f, "{table}"),
            ValueAt::Bare(key) => f.write_str(key),
        }
    }
}

/// What an unknown key may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySuggestion {
    /// A top-level key written after a `[table]` header.
    TopLevel,
    /// A key of the table close to it.
    Close(String),
    /// None close: the keys the table can hold.
    Keys(&'static [&'static str]),
}

/// The type a value must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Text.
    String,
    /// `true` or `false`.
    Boolean,
    /// A table.
    Table,
    /// Text or a table, in one of the forms of a key.
    TextOrTable(Form),
    /// An array of tables, with its full path.
    Tables(String),
    /// A name or a list of names.
    Names,
    /// An array of years.
    Years,
    /// A table keyed by year.
    YearTable,
}

/// A key that can be written as text or as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `rounding`.
    Rounding,
    /// `escalation`.
    Escalation,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::String => "a string",
            Expected::Boolean => "true or false",
            Expected::Table => "a table",
            Expected::TextOrTable(_) => "a string or a table",
            Expected::Tables(_) => "an array of tables",
            Expected::Names => "a name or a list of names",
            Expected::Years => "an array of years",
            Expected::YearTable => "a table of years",
        })
    }
}

/// The type a value was found to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A float.
    Float,
    /// A boolean.
    Boolean,
    /// A date or time.
    Datetime,
    /// An array.
    Array,
    /// A table.
    Table,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Found::String => "a string",
            Found::Integer => "an integer",
            Found::Float => "a decimal number",
            Found::Boolean => "a boolean",
            Found::Datetime => "a date",
            Found::Array => "an array",
            Found::Table => "a table",
        })
    }
}

/// A key a table must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// The study's `title`.
    Title,
    /// The study's `currency`.
    Currency,
    /// The `[horizon]` table.
    Horizon,
    /// The `[baseline]` table.
    Baseline,
    /// The horizon's `last` year.
    Last,
    /// The baseline's `name`.
    BaselineName,
    /// The baseline's `year`.
    BaselineYear,
    /// The baseline's `amount`.
    BaselineAmount,
    /// A rounding table's `step`.
    RoundingStep,
    /// A proposal's `name`.
    ProposalName,
    /// A phase's `escalation`.
    PhaseEscalation,
    /// An exchange rate's `pair`.
    Pair,
    /// An exchange rate's `values`.
    RateValues,
    /// The troops' `count`.
    TroopCount,
    /// A category's `name`.
    CategoryName,
    /// A category's `share`.
    CategoryShare,
    /// The `value` of a `{ value = …, source = … }` entry.
    EntryValue,
}

impl Required {
    /// How to add the key: what `help` says of a missing one.
    pub fn help(self) -> &'static str {
        match self {
            Required::Title => "add a line such as: title = \"2020 SMA talks\"",
            Required::Currency => "add the ISO code the amounts are in, e.g. currency = \"USD\"",
            Required::Horizon => {
                "add a [horizon] table with the last year compared, e.g. [horizon] last = 2024"
            }
            Required::Baseline => "add a [baseline] table with name, year and amount",
            Required::Last => "add the last year compared, e.g. last = 2024",
            Required::BaselineName => "name the baseline, e.g. name = \"2019 SMA\"",
            Required::BaselineYear => "add the baseline's year, e.g. year = 2019",
            Required::BaselineAmount => {
                "add the baseline amount in the study's unit, e.g. amount = 870"
            }
            Required::RoundingStep => "add the step amounts are rounded to, e.g. step = \"0.1\"",
            Required::ProposalName => "give the proposal a name, e.g. name = \"Seoul's offer\"",
            Required::PhaseEscalation => {
                "say how the amount changes in these years, e.g. escalation = \"4%\""
            }
            Required::Pair => "name the two currencies, e.g. pair = \"USD/KRW\" (won per dollar)",
            Required::RateValues => "give the rates by year, e.g. values = { 2019 = 1166.11 }",
            Required::TroopCount => "give the number of troops, e.g. count = 28500",
            Required::CategoryName => "name the category, e.g. name = \"labor\"",
            Required::CategoryShare => "give its share of each year's amount, e.g. share = \"40%\"",
            Required::EntryValue => "write { value = …, source = \"…\" }",
        }
    }

    /// The key.
    pub fn key(self) -> &'static str {
        match self {
            Required::Title => "title",
            Required::Currency => "currency",
            Required::Horizon => "horizon",
            Required::Baseline => "baseline",
            Required::Last => "last",
            Required::BaselineName | Required::ProposalName | Required::CategoryName => "name",
            Required::BaselineYear => "year",
            Required::BaselineAmount => "amount",
            Required::RoundingStep => "step",
            Required::PhaseEscalation => "escalation",
            Required::Pair => "pair",
            Required::RateValues => "values",
            Required::TroopCount => "count",
            Required::CategoryShare => "share",
            Required::EntryValue => "value",
        }
    }
}

impl Explain for ShapeProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            ShapeProblem::UnknownKey { key, table, .. } => {
                format!("unknown key `{key}` in {table}")
            }
            ShapeProblem::WrongType {
                key,
                table,
                expected,
                found,
            } => format!("`{key}` in {table} must be {expected}, found {found}"),
            ShapeProblem::Missing {
                table: TableName::Top,
                key,
            } => format!("the file has no `{}`", key.key()),
            ShapeProblem::Missing { table, key } => format!("{table} has no `{}`", key.key()),
            ShapeProblem::ControlCharacter {
                key,
                table,
                character,
            } => format!(
                "`{key}` in {table} holds a control character (U+{:04X})",
                u32::from(*character)
            ),
            ShapeProblem::TooLarge { what } => format!("{what} is too large"),
            ShapeProblem::QuotedNumber { what, .. } => {
                format!("{what} must be a whole number, found {}", Found::String)
            }
            ShapeProblem::NotWholeNumber { what, found } => {
                format!("{what} must be a whole number, found {found}")
            }
            ShapeProblem::NotScalar { what, found } => {
                format!("{what} must be a number or a string, found {found}")
            }
            ShapeProblem::SingleBracket { key, full_key } => {
                format!("`{key}` must be written [[{full_key}]], with two brackets")
            }
            ShapeProblem::NotATable { table, found } => {
                format!("{table} must be a table, found {found}")
            }
            ShapeProblem::EntryNotString { key, found } => {
                format!("an entry of `{key}` must be a string, found {found}")
            }
            ShapeProblem::NotAYear { text, key } => format!("`{text}` in `{key}` is not a year"),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            ShapeProblem::UnknownKey { .. } => "not a key here".into(),
            ShapeProblem::WrongType { expected, .. } => format!("expected {expected}").into(),
            ShapeProblem::Missing { key, .. } => format!("`{}` is required here", key.key()).into(),
            ShapeProblem::ControlCharacter { .. } => "a control character".into(),
            ShapeProblem::TooLarge { .. } => "too large".into(),
            ShapeProblem::QuotedNumber { .. } | ShapeProblem::NotWholeNumber { .. } => {
                "expected a whole number".into()
            }
            ShapeProblem::NotScalar { .. } => "expected a number or a string".into(),
            ShapeProblem::SingleBracket { .. } => "one bracket makes a single table".into(),
            ShapeProblem::NotATable { .. } => "expected a table".into(),
            ShapeProblem::EntryNotString { .. } => "expected a name in quotes".into(),
            ShapeProblem::NotAYear { .. } => "expected a year such as 2022".into(),
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            ShapeProblem::UnknownKey {
                key,
                suggestion: KeySuggestion::TopLevel,
                ..
            } => format!(
                "`{key}` belongs at the top level: in TOML every key after a [table] header belongs to that table, so move it above the first [table]"
            )
            .into(),
            ShapeProblem::UnknownKey {
                suggestion: KeySuggestion::Close(close),
                ..
            } => format!("did you mean `{close}`?").into(),
            ShapeProblem::UnknownKey {
                table,
                suggestion: KeySuggestion::Keys(keys),
                ..
            } => format!("the keys {table} can hold are: {}", quoted(keys)).into(),
            ShapeProblem::WrongType {
                key,
                expected: Expected::String,
                ..
            } => format!("put the text in quotes: {key} = \"…\"").into(),
            ShapeProblem::WrongType {
                expected: Expected::TextOrTable(Form::Rounding),
                ..
            } => "write rounding = \"0.1\" or rounding = { step = \"0.1\", mode = \"half-up\" }"
                .into(),
            ShapeProblem::WrongType {
                expected: Expected::TextOrTable(Form::Escalation),
                ..
            } => "write escalation = \"4%\", or a table such as { step = 50 } or { rates = { 2022 = \"5.4%\" } }".into(),
            ShapeProblem::WrongType {
                expected: Expected::Tables(full_key),
                ..
            } => format!("start each entry with [[{full_key}]]").into(),
            ShapeProblem::WrongType {
                key,
                expected: Expected::Names,
                ..
            } => format!("write {key} = \"name\" or {key} = [\"a\", \"b\"]").into(),
            ShapeProblem::WrongType {
                key,
                expected: Expected::Years,
                ..
            } => format!("write {key} = [2022, 2023]").into(),
            ShapeProblem::WrongType {
                key,
                expected: Expected::YearTable,
                ..
            } => format!("write {key} = {{ 2022 = …, 2023 = … }}").into(),
            ShapeProblem::Missing { key, .. } => key.help().into(),
            ShapeProblem::ControlCharacter { .. } => "remove it: text is shown on terminals and in spreadsheets, where control characters act".into(),
            ShapeProblem::QuotedNumber { number, .. } => {
                format!("remove the quotes: {number}").into()
            }
            ShapeProblem::SingleBracket { full_key, .. } => {
                format!("write [[{full_key}]] for each entry: there can be several").into()
            }
            ShapeProblem::NotAYear { key, .. } => {
                format!("each key of `{key}` is a year: {key} = {{ 2022 = …, 2023 = … }}").into()
            }
            ShapeProblem::WrongType {
                expected: Expected::Boolean | Expected::Table,
                ..
            }
            | ShapeProblem::TooLarge { .. }
            | ShapeProblem::NotWholeNumber { .. }
            | ShapeProblem::NotScalar { .. }
            | ShapeProblem::NotATable { .. }
            | ShapeProblem::EntryNotString { .. } => return None,
        })
    }
}
