//! The catalogue of every problem costshare reports, by area.
//!
//! A [`Problem`] says what went wrong as data — names, years, rates, the
//! errors of the stages below — never as prose. Each area's enum has one
//! `match` for its message, one for its label (the short note under the
//! underlined text) and one for its help: the texts live there and nowhere
//! else, and no code decides anything by reading them.

mod data;
mod output;
mod read;
mod rule;
mod run;
mod shape;
mod usage;
mod value;

use std::borrow::Cow;

pub use data::DataProblem;
pub use output::OutputProblem;
pub use read::{ReadProblem, SyntaxHint};
pub use rule::{PinKey, RuleHint, RuleProblem};
pub use run::RunProblem;
pub use shape::{Expected, Form, Found, KeySuggestion, Required, ShapeProblem, TableName, ValueAt};
pub use usage::UsageProblem;
pub use value::{Subject, ValueProblem, Values};

/// A text of the catalogue: fixed, or put together from a problem's data.
pub type Text = Cow<'static, str>;

/// Anything costshare reports, by the area it comes from. Each area's
/// problem is boxed, so a diagnostic stays small however much a problem holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Reading a file: missing, a directory, too large, not UTF-8, empty, bad TOML.
    Read(Box<ReadProblem>),
    /// The shape of the TOML: unknown, missing or mistyped keys.
    Shape(Box<ShapeProblem>),
    /// A single value: text, a code, a year, an amount, a rate, rounding.
    Value(Box<ValueProblem>),
    /// A proposal's rules, phases and years.
    Rule(Box<RuleProblem>),
    /// Series, series files and the reference data beside them.
    Data(Box<DataProblem>),
    /// Planning, computing, converting and showing a checked study.
    Run(Box<RunProblem>),
    /// A mistake in the command line.
    Usage(Box<UsageProblem>),
    /// Writing the output.
    Output(Box<OutputProblem>),
}

impl Problem {
    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        match self {
            Problem::Read(p) => p.message(),
            Problem::Shape(p) => p.message(),
            Problem::Value(p) => p.message(),
            Problem::Rule(p) => p.message(),
            Problem::Data(p) => p.message(),
            Problem::Run(p) => p.message(),
            Problem::Usage(p) => p.message(),
            Problem::Output(p) => p.message(),
        }
    }

    /// The short note shown under the underlined text, if any.
    pub fn label(&self) -> Option<Text> {
        match self {
            Problem::Read(p) => p.label(),
            Problem::Shape(p) => p.label(),
            Problem::Value(p) => p.label(),
            Problem::Rule(p) => p.label(),
            Problem::Data(p) => p.label(),
            Problem::Run(p) => p.label(),
            Problem::Usage(_) | Problem::Output(_) => None,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<Text> {
        match self {
            Problem::Read(p) => p.help(),
            Problem::Shape(p) => p.help(),
            Problem::Value(p) => p.help(),
            Problem::Rule(p) => p.help(),
            Problem::Data(p) => p.help(),
            Problem::Run(p) => p.help(),
            Problem::Usage(p) => Some(p.help()),
            Problem::Output(p) => p.help(),
        }
    }
}

macro_rules! from_area {
    ($($area:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$area> for Problem {
                fn from(p: $area) -> Problem {
                    Problem::$variant(Box::new(p))
                }
            }
        )*
    };
}

from_area! {
    ReadProblem => Read,
    ShapeProblem => Shape,
    ValueProblem => Value,
    RuleProblem => Rule,
    DataProblem => Data,
    RunProblem => Run,
    UsageProblem => Usage,
    OutputProblem => Output,
}

/// "2020" or "2020–2024".
fn year_span(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// Years in order, runs written as ranges: "2020, 2022–2519".
fn years_text(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, to)) if to.saturating_add(1) == y => *to = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|(a, b)| year_span(*a, *b))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names in backticks, separated by commas: "`a`, `b`".
fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::money::Rate;
    use crate::scenario::spec::SeriesGap;

    fn texts(problem: impl Into<Problem>) -> (String, Option<String>, Option<String>) {
        let p = problem.into();
        (
            p.message(),
            p.label().map(Cow::into_owned),
            p.help().map(Cow::into_owned),
        )
    }

    #[test]
    fn an_existing_file_is_refused_with_the_help_of_its_command() {
        let path = PathBuf::from("out.toml");
        let (message, _, help) = texts(OutputProblem::NewExists(path.clone()));
        assert_eq!(message, "out.toml: already exists");
        assert_eq!(
            help.as_deref(),
            Some("`costshare new` never overwrites a file; choose another name")
        );
        let (message, _, help) = texts(OutputProblem::Exists(path));
        assert_eq!(message, "out.toml: already exists");
        assert_eq!(
            help.as_deref(),
            Some("use --force to replace it, or choose another name")
        );
    }

    #[test]
    fn texts_are_put_together_from_data() {
        let one = Rate::from_fraction(rust_decimal::Decimal::new(1, 2)).unwrap();
        let total = Rate::from_fraction(rust_decimal::Decimal::new(101, 2)).unwrap();
        let shares = DataProblem::SharesOff {
            total,
            off: one,
            short: false,
        };
        assert_eq!(
            texts(shares),
            (
                "the category shares add up to 101%, 1 point over 100%".to_string(),
                Some("these categories".to_string()),
                Some("take 1 point off the shares".to_string()),
            )
        );
        let gap = RuleProblem::IndexGap {
            series: "cpi".to_string(),
            proposal: None,
            needed: vec![2019, 2020, 2022],
            grown: vec![2021, 2022, 2024],
            lag: 2,
            gap: SeriesGap::Missing,
        };
        assert_eq!(
            texts(gap).0,
            "series `cpi` has no value for 2019–2020, 2022, needed by `this proposal` for 2021–2022, 2024 with a lag of 2"
        );
        let unnamed = ValueProblem::NotAYear {
            what: Subject::YearValue {
                year: 2020,
                of: Values::Series(None),
            },
            year: 0,
        };
        assert_eq!(
            texts(unnamed).0,
            "the 2020 value of series `?` 0 is not a year costshare can use"
        );
    }
}
