//! Problems with single values: text, currency codes, units, years, amounts,
//! numbers, rates, rounding, and the study's decimals and horizon.

use std::fmt;

use rust_decimal::Decimal;

use crate::diagnostic::{Explain, Text};
use crate::money::{NumberError, Rate, RoundingMode};
use crate::scenario::limits::{MAX_DECIMALS, MAX_HORIZON_YEARS, YEAR_RANGE};
use crate::scenario::spec::Unit;

/// A value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    /// Text that must not be empty is.
    Empty {
        /// The key.
        key: &'static str,
    },
    /// Not a three-letter ISO 4217 code in capitals.
    NotCurrency {
        /// The code as written.
        code: String,
        /// The code in capitals, when it is three letters written in lower case.
        capitals: Option<String>,
    },
    /// A unit costshare does not know.
    UnknownUnit {
        /// The unit as written.
        name: String,
        /// A unit close to it.
        close: Option<String>,
    },
    /// A year outside the years costshare can use.
    NotAYear {
        /// The year's role.
        what: Subject,
        /// The year as written.
        year: i64,
    },
    /// A percentage where an amount is needed.
    PercentNotAmount {
        /// The value.
        what: Subject,
    },
    /// A number that cannot be read exactly.
    Number {
        /// The value.
        what: Subject,
        /// Why.
        error: NumberError,
    },
    /// An amount at or below zero.
    NotPositive {
        /// The value.
        what: Subject,
        /// The amount.
        value: Decimal,
    },
    /// A bare number where a rate is needed.
    BareRate {
        /// The value.
        what: Subject,
        /// The number as written.
        number: String,
    },
    /// A rate whose fraction needs more decimal places than a decimal holds.
    RateTooPrecise {
        /// The value.
        what: Subject,
        /// The percentage as written.
        text: String,
        /// The decimal places its fraction needs.
        places: u32,
    },
    /// A rate without a `%` sign.
    NoPercentSign {
        /// The value.
        what: Subject,
        /// The text as written.
        text: String,
        /// True when the text is a number (so adding `%` would do).
        number: bool,
    },
    /// A rate of −100% or less.
    NothingLeft {
        /// The value.
        what: Subject,
        /// The rate.
        rate: Rate,
    },
    /// A rounding step at or below zero.
    RoundingStep {
        /// The step.
        value: Decimal,
    },
    /// A rounding mode costshare does not know.
    UnknownMode {
        /// The mode as written.
        mode: String,
        /// A mode close to it.
        close: Option<String>,
    },
    /// `decimals` out of range.
    Decimals {
        /// The value given.
        value: i64,
    },
    /// A baseline year so late that no year follows it.
    NoYearAfterBaseline {
        /// The baseline year.
        baseline_year: i32,
    },
    /// A horizon that does not start the year after the baseline.
    HorizonStart {
        /// The first year given.
        first: i64,
        /// The baseline year.
        baseline_year: i32,
        /// The year after the baseline.
        expected: i32,
    },
    /// A horizon that ends before it starts.
    HorizonReversed {
        /// The last year given.
        last: i32,
        /// The first year.
        first: i32,
    },
    /// A horizon of too many years.
    HorizonTooLong {
        /// How many years it covers.
        years: i32,
    },
}

/// What a value is, as named in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The baseline's year.
    BaselineYear,
    /// The horizon's last year.
    LastYear,
    /// A year keying a table.
    Year,
    /// A year of a rates table.
    RatesTableYear,
    /// A phase's `from`.
    From,
    /// A phase's `to`.
    To,
    /// A proposal's `term_ends`.
    TermEnds,
    /// A year of `freeze`.
    FreezeYear,
    /// A phase's year, checked alone.
    PhaseYear,
    /// The baseline amount.
    BaselineAmount,
    /// A year's value of a series or an exchange rate.
    YearValue {
        /// The year.
        year: i32,
        /// Whose value.
        of: Values,
    },
    /// An exchange rate's assumed rate.
    AssumedRate,
    /// The troop count.
    TroopCount,
    /// A year's troop count.
    YearTroopCount(i32),
    /// The rounding step.
    RoundingStep,
    /// A step rule's step.
    Step,
    /// `start` as an amount.
    StartAmount,
    /// A year's amount in `amounts`.
    YearAmount(i32),
    /// A series' `assume`.
    Assume,
    /// A category's share.
    Share,
    /// The escalation rate.
    EscalationRate,
    /// An index rule's spread.
    Spread,
    /// A year's rate in a rates table.
    YearRate(i32),
    /// The cap.
    Cap,
    /// The floor.
    Floor,
    /// `start` as a change.
    Start,
}

/// Whose values a year's value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// A series given inline, by name (if it has one).
    Series(Option<String>),
    /// The series of a series file.
    SeriesFile,
    /// An exchange rate, by its pair.
    Rate(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::BaselineYear => f.write_str("the baseline year"),
            Subject::LastYear => f.write_str("the last year"),
            Subject::Year => f.write_str("the year"),
            Subject::RatesTableYear => f.write_str("the rates table year"),
            Subject::From => f.write_str("`from`"),
            Subject::To => f.write_str("`to`"),
            Subject::TermEnds => f.write_str("`term_ends`"),
            Subject::FreezeYear => f.write_str("the freeze year"),
            Subject::PhaseYear => f.write_str("the phase year"),
            Subject::BaselineAmount => f.write_str("the baseline amount"),
            Subject::YearValue {
                year,
                of: Values::Series(name),
            } => write!(
                f,
                "the {year} value of series `{}`",
                name.as_deref().unwrap_or("?")
            ),
            Subject::YearValue {
                year,
                of: Values::SeriesFile,
            } => write!(f, "the {year} value of the series"),
            Subject::YearValue {
                year,
                of: Values::Rate(pair),
            } => write!(f, "the {year} value of the {pair} rate"),
            Subject::AssumedRate => f.write_str("the assumed rate"),
            Subject::TroopCount => f.write_str("the troop count"),
            Subject::YearTroopCount(year) => write!(f, "the {year} troop count"),
            Subject::RoundingStep => f.write_str("the rounding step"),
            Subject::Step => f.write_str("the step"),
            Subject::StartAmount => f.write_str("the start amount"),
            Subject::YearAmount(year) => write!(f, "the {year} amount"),
            Subject::Assume => f.write_str("`assume`"),
            Subject::Share => f.write_str("the share"),
            Subject::EscalationRate => f.write_str("the escalation rate"),
            Subject::Spread => f.write_str("the spread"),
            Subject::YearRate(year) => write!(f, "the {year} rate"),
            Subject::Cap => f.write_str("the cap"),
            Subject::Floor => f.write_str("the floor"),
            Subject::Start => f.write_str("the start"),
        }
    }
}

impl Explain for ValueProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            ValueProblem::Empty { key } => format!("`{key}` is empty"),
            ValueProblem::NotCurrency { code, .. } => {
                format!("`{code}` is not an ISO currency code")
            }
            ValueProblem::UnknownUnit { name, .. } => format!("`{name}` is not a unit"),
            ValueProblem::NotAYear { what, year } => {
                format!("{what} {year} is not a year costshare can use")
            }
            ValueProblem::PercentNotAmount { what } => {
                format!("{what} must be an amount, not a percentage")
            }
            ValueProblem::Number { what, error } => format!("{what}: {error}"),
            ValueProblem::NotPositive { what, value } => {
                format!("{what} must be more than zero, found {value}")
            }
            ValueProblem::BareRate { what, .. } => {
                format!("{what} is a bare number; a rate needs a % sign")
            }
            ValueProblem::RateTooPrecise { what, text, places } => format!(
                "{what} `{text}` needs {places} decimal places as a fraction, more than the 28 a decimal holds; it cannot be held exactly"
            ),
            ValueProblem::NoPercentSign { what, text, .. } => {
                format!("{what} `{text}` has no % sign")
            }
            ValueProblem::NothingLeft { what, rate } => {
                format!("{what} {rate} would leave nothing to pay")
            }
            ValueProblem::RoundingStep { value } => {
                format!("the rounding step must be more than zero, found {value}")
            }
            ValueProblem::UnknownMode { mode, .. } => format!("`{mode}` is not a rounding mode"),
            ValueProblem::Decimals { value } => {
                format!("`decimals` must be between 0 and {MAX_DECIMALS}, found {value}")
            }
            ValueProblem::NoYearAfterBaseline { baseline_year } => {
                format!("the baseline year {baseline_year} leaves no year to compare")
            }
            ValueProblem::HorizonStart {
                first,
                baseline_year,
                ..
            } => format!("the horizon starts in {first} but the baseline year is {baseline_year}"),
            ValueProblem::HorizonReversed { last, first } => {
                format!("the horizon ends in {last}, before it starts in {first}")
            }
            ValueProblem::HorizonTooLong { years } => {
                format!("the horizon covers {years} years; the most is {MAX_HORIZON_YEARS}")
            }
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            ValueProblem::Empty { .. } => "write some text here".into(),
            ValueProblem::NotCurrency { .. } => "expected three capital letters".into(),
            ValueProblem::UnknownUnit { .. } => "unknown unit".into(),
            ValueProblem::NotAYear { .. } => "expected a year from 1 to 9999".into(),
            ValueProblem::PercentNotAmount { .. } => "expected an amount".into(),
            ValueProblem::Number { .. } => "not a usable number".into(),
            ValueProblem::NotPositive { .. } => "not a positive amount".into(),
            ValueProblem::RateTooPrecise { .. } => "too many decimal places".into(),
            ValueProblem::BareRate { .. } | ValueProblem::NoPercentSign { .. } => {
                "expected a percentage".into()
            }
            ValueProblem::NothingLeft { .. } => "a rate must be above -100%".into(),
            ValueProblem::RoundingStep { .. } => "not a positive step".into(),
            ValueProblem::UnknownMode { .. } => "unknown mode".into(),
            ValueProblem::Decimals { .. } => "out of range".into(),
            ValueProblem::NoYearAfterBaseline { .. } => "no years after the baseline".into(),
            ValueProblem::HorizonStart { expected, .. } => format!("expected {expected}").into(),
            ValueProblem::HorizonReversed { .. } => "the last year is too early".into(),
            ValueProblem::HorizonTooLong { .. } => "too many years".into(),
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            ValueProblem::NotCurrency {
                capitals: Some(capitals),
                ..
            } => format!("write it in capitals: currency = \"{capitals}\"").into(),
            ValueProblem::NotCurrency { capitals: None, .. } => {
                "use the three-letter ISO 4217 code, e.g. \"USD\", \"KRW\", \"JPY\", \"EUR\"".into()
            }
            ValueProblem::UnknownUnit {
                close: Some(close), ..
            }
            | ValueProblem::UnknownMode {
                close: Some(close), ..
            } => format!("did you mean `{close}`?").into(),
            ValueProblem::UnknownUnit { close: None, .. } => {
                let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
                format!("the units are: {}", names.join(", ")).into()
            }
            ValueProblem::UnknownMode { close: None, .. } => {
                let names = RoundingMode::ALL.map(|(n, _)| n);
                format!("the modes are: {}", names.join(", ")).into()
            }
            ValueProblem::PercentNotAmount { .. } => {
                "write the amount in the study's unit, e.g. 1300".into()
            }
            ValueProblem::Number {
                error: NumberError::Comma(text),
                ..
            } => format!(
                "write {} (or with `_` between digits, as a TOML number) instead of {text}",
                text.replace(',', "")
            )
            .into(),
            ValueProblem::Number {
                error: NumberError::TooPrecise(_) | NumberError::TooLarge(_),
                ..
            } => "amounts are held as exact decimals of up to 28 digits".into(),
            ValueProblem::NotPositive { .. } => "payments, index levels and exchange rates are all above zero; percentages against zero mean nothing".into(),
            ValueProblem::BareRate { number, .. } => {
                format!("write \"{number}%\" (in quotes) for {number} percent").into()
            }
            ValueProblem::NoPercentSign {
                text, number: true, ..
            } => format!("write \"{}%\" for {} percent", text.trim(), text.trim()).into(),
            ValueProblem::NoPercentSign { number: false, .. } => {
                "write a percentage such as \"4%\" or \"-2.5%\"".into()
            }
            ValueProblem::RateTooPrecise { .. } => "a rate is held as a fraction (13.9% as 0.139), exactly or not at all: write at most 26 decimal places before the % sign".into(),
            ValueProblem::NothingLeft { .. } => {
                "a fall of 100% or more makes the amount zero or negative".into()
            }
            ValueProblem::RoundingStep { .. } => {
                "write e.g. rounding = \"0.1\" to round to tenths, or \"none\"".into()
            }
            ValueProblem::Decimals { .. } => {
                "decimals is how many decimal places tables show, e.g. decimals = 1".into()
            }
            ValueProblem::NoYearAfterBaseline { .. } => {
                format!("the last year costshare can use is {}", YEAR_RANGE.end()).into()
            }
            ValueProblem::HorizonStart { expected, .. } => format!(
                "the horizon starts the year after the baseline: first = {expected} (or leave `first` out)"
            )
            .into(),
            ValueProblem::HorizonReversed { first, .. } => {
                format!("the last year must be {first} or later").into()
            }
            ValueProblem::HorizonTooLong { .. } => {
                "cost-sharing deals run for a few years; check the last year".into()
            }
            ValueProblem::Empty { .. }
            | ValueProblem::NotAYear { .. }
            | ValueProblem::Number { .. } => return None,
        })
    }
}
