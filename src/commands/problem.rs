//! Mistakes in the command line that clap cannot see (options that do not go
//! together, a format that cannot be told), and what a command warns of in a
//! file that is otherwise good.

use std::path::PathBuf;

use crate::diagnostic::{Explain, Text};

/// Options that cannot be used as given (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageProblem {
    /// An option that shapes CSV (`--decimals`, `--bom`, `--by-category`…)
    /// with another format.
    CsvOnly {
        /// The option as typed.
        option: &'static str,
    },
    /// An output file whose extension names no format.
    UnknownFormat {
        /// The output path.
        path: PathBuf,
    },
    /// `--wide` with JSON.
    WideJson,
    /// `--sources -`.
    SourcesPath,
    /// `-` (standard input) given as more than one FILE.
    StdinTwice,
}

impl Explain for UsageProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            UsageProblem::CsvOnly { option } => format!("{option} applies to CSV output only"),
            UsageProblem::UnknownFormat { path } => format!(
                "cannot tell the format of `{}` from its extension",
                path.display()
            ),
            UsageProblem::WideJson => "--wide does not apply to JSON".into(),
            UsageProblem::SourcesPath => "--sources needs a file path".into(),
            UsageProblem::StdinTwice => "`-` (standard input) is given more than once".into(),
        }
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            UsageProblem::CsvOnly { option } => match *option {
                "--decimals" => {
                    "tables and Markdown use the study's `decimals` key; JSON is always exact"
                }
                "--bom" => {
                    "a byte-order mark is for spreadsheets opening CSV; the other formats are plain UTF-8 (JSON must not start with one)"
                }
                "--no-formula-guard" => {
                    "only CSV text is guarded; JSON and Markdown carry every text as written"
                }
                "--summary" => {
                    "write to a .csv file or give --format csv; JSON has each proposal's `summary`, tables and Markdown a Summary table"
                }
                _ => "write to a .csv file, or give --format csv",
            }
            .into(),
            UsageProblem::UnknownFormat { .. } => {
                "name the file .csv, .json or .md, or give --format csv|json|markdown".into()
            }
            UsageProblem::WideJson => "JSON always carries every figure; drop --wide".into(),
            UsageProblem::SourcesPath => "give a path such as sources.csv".into(),
            UsageProblem::StdinTwice => {
                "standard input holds one study; name the others by their files (a file named `-` is `./-`)".into()
            }
        })
    }
}

/// Something in a good file worth a second look (a warning: the exit code
/// stays 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateWarning {
    /// Converting at an exchange rate changes amounts by more than a factor
    /// of 1,000, either way.
    LargeFactor {
        /// The pair as written: base and quote.
        pair: (String, String),
        /// The rate, as written (units of quote per base).
        rate: String,
        /// Its year; `None` for the rate assumed after the data.
        year: Option<i32>,
        /// The currency and unit of the study's amounts ("KRW billions").
        from: String,
        /// The currency and unit converted amounts are shown in.
        to: String,
        /// True when amounts are multiplied, false when divided.
        multiplies: bool,
        /// By how much, for people ("1,422,160").
        by: String,
    },
}

impl Explain for RateWarning {
    /// What is worth a look, in one line.
    fn message(&self) -> String {
        match self {
            RateWarning::LargeFactor {
                pair: (base, quote),
                year,
                from,
                to,
                multiplies,
                by,
                ..
            } => {
                let verb = if *multiplies { "multiplies" } else { "divides" };
                let when = match year {
                    Some(year) => format!("in {year}"),
                    None => "after the data (assumed)".to_string(),
                };
                format!("{base}/{quote}: converting {from} to {to} {verb} amounts by {by} {when}")
            }
        }
    }

    /// The rate in words, under it.
    fn label(&self) -> Option<Text> {
        match self {
            RateWarning::LargeFactor {
                pair: (base, quote),
                rate,
                ..
            } => Some(format!("1 {base} = {rate} {quote}").into()),
        }
    }

    /// What to check.
    fn help(&self) -> Option<Text> {
        match self {
            RateWarning::LargeFactor {
                pair: (base, quote),
                rate,
                to,
                ..
            } => Some(
                format!(
                    "a rate is how many {quote} one {base} buys; if in fact 1 {quote} = {rate} {base}, write pair = \"{quote}/{base}\". If the rate is right, check the pair's `unit`: converted amounts are shown in {to}"
                )
                .into(),
            ),
        }
    }
}
