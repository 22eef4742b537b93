//! Problems with a study's data: series given inline or in files (CSV or
//! TOML), exchange rates, the deflator, troop counts and categories.

use rust_decimal::Decimal;

use super::ReadProblem;
use super::value::Subject;
use crate::diagnostic::{Explain, Text, quoted, years_text};
use crate::money::Rate;
use crate::scenario::spec::SeriesGap;

/// Data that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// A `[[series]]` without a name.
    SeriesNoName,
    /// Two series with one name.
    SeriesNameTwice {
        /// The name.
        name: String,
        /// The line of the first.
        line: usize,
    },
    /// A series with both `values` and `file`.
    ValuesAndFile,
    /// A series with neither `values` nor `file`.
    SeriesNoData,
    /// A kind of series costshare does not know.
    UnknownKind {
        /// The kind as written.
        kind: String,
        /// A kind close to it.
        close: Option<String>,
    },
    /// A series whose `values` are empty.
    SeriesEmpty,
    /// A series file named by a study that has no folder.
    NoFolder,
    /// A series file that is neither CSV nor TOML.
    UnknownFileType {
        /// The file as named.
        file: String,
    },
    /// A series file that cannot be read.
    Unreadable {
        /// Why.
        problem: ReadProblem,
        /// The folder the path is taken from, as the user wrote it (empty
        /// for the current folder).
        dir: String,
    },
    /// `assume` in both the study and the series file.
    AssumeTwice,
    /// A name or file given in a series file.
    DataOnly,
    /// A series file whose kind differs from the study's.
    KindDiffers,
    /// A TOML series file without `values`.
    FileNoValues,
    /// A CSV header that cannot be read.
    CsvHeader {
        /// The CSV reader's reason.
        error: String,
    },
    /// A CSV header without the columns needed.
    CsvColumns,
    /// A CSV value column of another kind than the study gives.
    CsvKind {
        /// The value column.
        column: &'static str,
    },
    /// A CSV file without data rows.
    CsvNoRows,
    /// A CSV line that cannot be read.
    CsvLine {
        /// The CSV reader's reason.
        error: String,
    },
    /// A CSV year that is not a year.
    CsvNotAYear {
        /// The text.
        text: String,
    },
    /// A `%` sign in a `growth_pct` column.
    CsvPercent,
    /// No series has the name given.
    UnknownSeries {
        /// The name.
        name: String,
        /// A name close to it.
        close: Option<String>,
        /// The series there are.
        names: Vec<String>,
    },
    /// An exchange rate's pair is not `BASE/QUOTE`.
    NotAPair {
        /// The pair as written.
        pair: String,
    },
    /// An exchange rate's pair is not two different ISO codes.
    NotTwoCodes {
        /// The pair as written.
        pair: String,
    },
    /// An exchange rate not involving the study's currency.
    NotStudyCurrency {
        /// The pair as written.
        pair: String,
        /// The study's currency.
        currency: String,
    },
    /// A second exchange rate between the same currencies.
    SecondRate {
        /// The study's currency.
        currency: String,
        /// The other currency.
        other: String,
        /// The pair of the first.
        first: String,
    },
    /// An exchange rate without values.
    RateEmpty,
    /// An exchange rate that misses years it must cover.
    RateGap {
        /// The pair.
        pair: String,
        /// The years missing.
        years: Vec<i32>,
        /// Why the first is missing.
        gap: SeriesGap,
    },
    /// A deflator that misses a year it must cover.
    DeflatorGap {
        /// The series.
        series: String,
        /// The first year missing.
        year: i32,
        /// Why.
        gap: SeriesGap,
    },
    /// A troop count that is not a whole number.
    NotWhole {
        /// The count.
        what: Subject,
        /// Its value.
        value: Decimal,
    },
    /// A category's share outside (0%, 100%].
    ShareOutOfRange {
        /// The share.
        share: Rate,
    },
    /// Two categories with one name.
    CategoryTwice {
        /// The name.
        name: String,
    },
    /// Shares that do not add up to 100%.
    SharesOff {
        /// Their total.
        total: Rate,
        /// How far it is from 100%.
        off: Rate,
        /// True when the total is short of 100%, false when over.
        short: bool,
    },
}

/// "1 point" or "1.5 points".
fn points(rate: Rate) -> String {
    let points = rate.percent().normalize();
    let unit = if points == Decimal::ONE {
        "point"
    } else {
        "points"
    };
    format!("{points} {unit}")
}

impl Explain for DataProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            DataProblem::SeriesNoName => "[[series]] has no `name`".into(),
            DataProblem::SeriesNameTwice { name, .. } => format!("two series are named `{name}`"),
            DataProblem::ValuesAndFile => "a series has either `values` or `file`, not both".into(),
            DataProblem::SeriesNoData => "[[series]] has no data".into(),
            DataProblem::UnknownKind { kind, .. } => format!("`{kind}` is not a kind of series"),
            DataProblem::SeriesEmpty => "the series has no values".into(),
            DataProblem::NoFolder => "this study has no folder to read series files from".into(),
            DataProblem::UnknownFileType { file } => {
                format!("`{file}` is neither a .csv nor a .toml file")
            }
            DataProblem::Unreadable { problem, .. } => {
                format!("cannot read the series file: {}", problem.message())
            }
            DataProblem::AssumeTwice => "`assume` is given both here and in the series file".into(),
            DataProblem::DataOnly => "a series file holds the data only".into(),
            DataProblem::KindDiffers => "the kind here differs from the study's [[series]]".into(),
            DataProblem::FileNoValues => "the series file has no `values`".into(),
            DataProblem::CsvHeader { error } => format!("cannot read the CSV header: {error}"),
            DataProblem::CsvColumns => {
                "the CSV header must name a `year` column and one value column".into()
            }
            DataProblem::CsvKind { column } => {
                format!("the `{column}` column does not match the kind given in the study")
            }
            DataProblem::CsvNoRows => "the series file has no data rows".into(),
            DataProblem::CsvLine { error } => format!("cannot read this CSV line: {error}"),
            DataProblem::CsvNotAYear { text } => format!("`{text}` is not a year"),
            DataProblem::CsvPercent => "a `growth_pct` column holds bare numbers".into(),
            DataProblem::UnknownSeries { name, .. } => {
                format!("there is no series named `{name}`")
            }
            DataProblem::NotAPair { pair } => format!("`{pair}` is not a currency pair"),
            DataProblem::NotTwoCodes { pair } => {
                format!("`{pair}` is not a pair of two ISO currency codes")
            }
            DataProblem::NotStudyCurrency { pair, currency } => {
                format!("`{pair}` does not involve the study's currency, {currency}")
            }
            DataProblem::SecondRate {
                currency, other, ..
            } => format!("a second exchange rate between {currency} and {other}"),
            DataProblem::RateEmpty => "the exchange rate has no values".into(),
            DataProblem::RateGap { pair, years, .. } => {
                format!("the {pair} rate has no value for {}", years_text(years))
            }
            DataProblem::DeflatorGap { series, year, .. } => {
                format!("the deflator `{series}` gives no price level for {year}")
            }
            DataProblem::NotWhole { what, value } => {
                format!("{what} must be a whole number, found {value}")
            }
            DataProblem::ShareOutOfRange { share } => {
                format!("a share of {share} is not a part of the whole")
            }
            DataProblem::CategoryTwice { name } => format!("two categories are named `{name}`"),
            DataProblem::SharesOff { total, off, short } => format!(
                "the category shares add up to {}%, {} {} 100%",
                total.percent().normalize(),
                points(*off),
                if *short { "short of" } else { "over" }
            ),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            DataProblem::SeriesNoName => "`name` is required here".into(),
            DataProblem::SeriesNameTwice { .. } => "this name is already used".into(),
            DataProblem::ValuesAndFile => "one or the other".into(),
            DataProblem::SeriesNoData => "needs `values` or `file`".into(),
            DataProblem::UnknownKind { .. } => "unknown kind".into(),
            DataProblem::SeriesEmpty | DataProblem::RateEmpty => "empty".into(),
            DataProblem::NoFolder => "cannot be read here".into(),
            DataProblem::UnknownFileType { .. } => "unknown file type".into(),
            DataProblem::Unreadable { .. } => "this file".into(),
            DataProblem::AssumeTwice => "given twice".into(),
            DataProblem::DataOnly => "not allowed in a series file".into(),
            DataProblem::KindDiffers | DataProblem::CsvKind { .. } => "a different kind".into(),
            DataProblem::CsvColumns => "this header".into(),
            DataProblem::CsvLine { .. } => "here".into(),
            DataProblem::CsvNotAYear { .. } => "expected a year such as 2024".into(),
            DataProblem::CsvPercent => "remove the % sign".into(),
            DataProblem::UnknownSeries { .. } => "unknown series".into(),
            DataProblem::NotAPair { .. } => "expected BASE/QUOTE".into(),
            DataProblem::NotTwoCodes { .. } => "expected e.g. USD/KRW".into(),
            DataProblem::NotStudyCurrency { .. } => "neither side is the study's currency".into(),
            DataProblem::SecondRate { .. } => "already given".into(),
            DataProblem::RateGap { .. } => {
                "needed to convert the baseline and every year compared".into()
            }
            DataProblem::DeflatorGap { .. } => "needed for every year from the baseline on".into(),
            DataProblem::NotWhole { .. } => "not a whole number".into(),
            DataProblem::ShareOutOfRange { .. } => "expected more than 0% and at most 100%".into(),
            DataProblem::CategoryTwice { .. } => "already used".into(),
            DataProblem::SharesOff { .. } => "these categories".into(),
            DataProblem::FileNoValues | DataProblem::CsvHeader { .. } | DataProblem::CsvNoRows => {
                return None;
            }
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            DataProblem::SeriesNoName => "name the series, e.g. name = \"cpi\"; escalation rules refer to it by that name".into(),
            DataProblem::SeriesNameTwice { line, .. } => {
                format!("the first is at line {line}; give each series its own name").into()
            }
            DataProblem::ValuesAndFile => "keep the values inline, or move them into the file".into(),
            DataProblem::SeriesNoData => {
                "write values = { 2024 = \"2.3%\", 2025 = \"2.1%\" }, or file = \"cpi.csv\"".into()
            }
            DataProblem::UnknownKind {
                close: Some(close), ..
            }
            | DataProblem::UnknownSeries {
                close: Some(close), ..
            } => format!("did you mean `{close}`?").into(),
            DataProblem::UnknownKind { close: None, .. } => "write kind = \"growth\" (values are yearly % changes) or kind = \"level\" (index levels)".into(),
            DataProblem::SeriesEmpty => {
                "give at least one year, e.g. values = { 2025 = \"2.1%\" }".into()
            }
            DataProblem::NoFolder => {
                "a built-in study must keep its series inline: values = { … }".into()
            }
            DataProblem::UnknownFileType { .. } => {
                "series files are CSV (year,growth or year,level) or TOML (values = { … })".into()
            }
            DataProblem::Unreadable { dir, .. } if dir.is_empty() => {
                "the path is taken from the study file's folder (here, the current folder)".into()
            }
            DataProblem::Unreadable { dir, .. } => {
                format!("the path is taken from the study file's folder, `{dir}`").into()
            }
            DataProblem::AssumeTwice => "keep one".into(),
            DataProblem::DataOnly => {
                "the name (and the file) are given in the study's [[series]]".into()
            }
            DataProblem::KindDiffers => {
                "make the two agree, or give the kind in one place".into()
            }
            DataProblem::FileNoValues => "write values = { 2024 = \"2.3%\", 2025 = \"2.1%\" }".into(),
            DataProblem::CsvHeader { .. } => "the first line names the columns: year,growth (or growth_pct, or level)[,source]".into(),
            DataProblem::CsvColumns => "write year,growth (values like 2.1%), year,growth_pct (2.1 meaning 2.1%) or year,level, optionally followed by ,source".into(),
            DataProblem::CsvKind { .. } => {
                "make the [[series]] kind and the file's column agree".into()
            }
            DataProblem::CsvNoRows => "add one line per year under the header".into(),
            DataProblem::CsvLine { .. } => "every line has the same columns as the header".into(),
            DataProblem::CsvPercent => {
                "or name the column `growth` to write values with % signs".into()
            }
            DataProblem::UnknownSeries { names, .. } if names.is_empty() => {
                "define it in a [[series]] table with that name".into()
            }
            DataProblem::UnknownSeries { names, .. } => {
                format!("the series are: {}", quoted(names)).into()
            }
            DataProblem::NotAPair { .. } => {
                "write pair = \"USD/KRW\" for won per dollar: one USD buys this many KRW".into()
            }
            DataProblem::NotTwoCodes { .. } => {
                "write two different three-letter codes in capitals, separated by /".into()
            }
            DataProblem::NotStudyCurrency { currency, .. } => format!(
                "one side of the pair must be {currency}, the currency amounts are agreed in"
            )
            .into(),
            DataProblem::SecondRate { first, .. } => {
                format!("keep one series for {first} (values can be listed by year)").into()
            }
            DataProblem::RateEmpty => {
                "give at least one year, e.g. values = { 2019 = 1166.11 }".into()
            }
            DataProblem::RateGap {
                gap: SeriesGap::AfterData { last },
                ..
            } => format!(
                "its data ends in {last}: add the later years, or state an assumption: assume = \"hold\" (the last rate goes on) or a rate"
            )
            .into(),
            DataProblem::RateGap {
                gap: SeriesGap::BeforeData { first },
                ..
            } => format!("its data starts in {first}; every year from the baseline on is needed")
                .into(),
            DataProblem::RateGap { .. } => "add the missing years".into(),
            DataProblem::DeflatorGap {
                gap: SeriesGap::AfterData { last },
                ..
            } => format!(
                "its data ends in {last}: add the later years, or state an assumption in the series: assume = \"2%\""
            )
            .into(),
            DataProblem::DeflatorGap {
                gap: SeriesGap::BeforeData { first },
                ..
            } => format!(
                "its data covers {first} onwards; a growth series needs the year after the baseline, a level series the baseline year itself"
            )
            .into(),
            DataProblem::DeflatorGap {
                gap: SeriesGap::Overflow,
                ..
            } => "its price levels grow too large to hold exactly; check the series and its assumption".into(),
            DataProblem::DeflatorGap { .. } => "add the missing year".into(),
            DataProblem::CategoryTwice { .. } => "give each category its own name".into(),
            DataProblem::SharesOff {
                off, short: true, ..
            } => format!(
                "add {} to a share, or add a category for the rest",
                points(*off)
            )
            .into(),
            DataProblem::SharesOff {
                off, short: false, ..
            } => format!("take {} off the shares", points(*off)).into(),
            DataProblem::CsvNotAYear { .. }
            | DataProblem::NotWhole { .. }
            | DataProblem::ShareOutOfRange { .. } => return None,
        })
    }
}
