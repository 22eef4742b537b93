//! Problems reading a file: it is missing, a directory, too large, not UTF-8
//! text, empty, or not TOML.

use crate::diagnostic::{Explain, Text};
use crate::scenario::limits::MAX_FILE_BYTES;

/// A file that cannot be read as a scenario (or series) file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// Nothing is at the path.
    NoSuchFile {
        /// The path as given.
        name: String,
    },
    /// The system refused to read the file.
    CannotRead {
        /// The path as given.
        name: String,
        /// The system's reason.
        error: String,
    },
    /// The path is a directory.
    IsDirectory {
        /// The path as given.
        name: String,
    },
    /// The file is larger than a scenario file may be.
    TooLarge {
        /// The path as given.
        name: String,
        /// Its size.
        bytes: u64,
    },
    /// The file grew past the limit while it was read.
    GrewTooLarge {
        /// The path as given.
        name: String,
    },
    /// The bytes are not UTF-8 text.
    NotUtf8 {
        /// The path as given.
        name: String,
        /// The 1-based line of the first byte that cannot be read.
        line: usize,
        /// Its 1-based column.
        col: usize,
        /// Its offset.
        byte: usize,
    },
    /// The file holds nothing but white space.
    Empty,
    /// The study file is not valid TOML.
    Syntax {
        /// The TOML parser's message.
        message: String,
        /// A hint for a common mistake, when one is recognised.
        hint: Option<SyntaxHint>,
    },
    /// A series file is not valid TOML.
    SeriesSyntax {
        /// The TOML parser's message.
        message: String,
    },
    /// More problems were found than are listed.
    MoreProblems {
        /// How many are not shown.
        more: usize,
    },
}

/// A TOML syntax mistake people often make, recognised from the parser's
/// message and the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxHint {
    /// `amount = 1,038.9`: the number as it should be written.
    ThousandsSeparator(String),
    /// `escalation = 4%`: the percentage to quote.
    QuotePercent(String),
    /// A bare word: the text to quote.
    Quote(String),
    /// A key written twice in a table.
    DuplicateKey,
    /// A string, array or table left open.
    Unclosed,
    /// A number TOML cannot read.
    BadNumber,
}

impl Explain for ReadProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            ReadProblem::NoSuchFile { name } => format!("{name}: no such file"),
            ReadProblem::CannotRead { name, error } => format!("{name}: cannot read it: {error}"),
            ReadProblem::IsDirectory { name } => {
                format!("{name}: is a directory, not a scenario file")
            }
            ReadProblem::TooLarge { name, bytes } => format!(
                "{name}: is {bytes} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes (8 MiB)"
            ),
            ReadProblem::GrewTooLarge { name } => {
                format!("{name}: is larger than {MAX_FILE_BYTES} bytes (8 MiB)")
            }
            ReadProblem::NotUtf8 {
                name,
                line,
                col,
                byte,
            } => format!(
                "{name}:{line}:{col}: the file is not UTF-8 text (byte {byte} cannot be read)"
            ),
            ReadProblem::Empty => "the file is empty".to_string(),
            ReadProblem::Syntax { message, .. } | ReadProblem::SeriesSyntax { message } => {
                format!("TOML syntax: {message}")
            }
            ReadProblem::MoreProblems { more } => format!("{more} more problems not shown"),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        match self {
            ReadProblem::SeriesSyntax { .. } => Some("here".into()),
            _ => None,
        }
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            ReadProblem::NoSuchFile { .. } => {
                "check the path; `costshare new FILE` writes a starter file".into()
            }
            ReadProblem::CannotRead { .. } => "check the path and its permissions".into(),
            ReadProblem::IsDirectory { .. } => "give the path of a .toml file inside it".into(),
            ReadProblem::TooLarge { .. } | ReadProblem::GrewTooLarge { .. } => {
                "is this the right file? split very large studies into several files".into()
            }
            ReadProblem::NotUtf8 { .. } => {
                "save the file as UTF-8; scenario files are plain text".into()
            }
            ReadProblem::Empty => {
                "`costshare new FILE` writes a commented starter file to begin from".into()
            }
            ReadProblem::Syntax { hint: None, .. } | ReadProblem::SeriesSyntax { .. } => {
                return None;
            }
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::ThousandsSeparator(plain)),
                ..
            } => format!(
                "numbers have no thousands separators: write {plain} (or with `_` between digits)"
            )
            .into(),
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::QuotePercent(word)),
                ..
            } => format!("percentages are text in TOML: write \"{word}\" in quotes").into(),
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::Quote(word)),
                ..
            } => format!("text must be in quotes: \"{word}\"").into(),
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::DuplicateKey),
                ..
            } => "each key may appear only once in a table; remove or rename one".into(),
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::Unclosed),
                ..
            } => "close the string, array or table that starts here".into(),
            ReadProblem::Syntax {
                hint: Some(SyntaxHint::BadNumber),
                ..
            } => "numbers are written like 1038.9 or 1_038.9; anything else goes in quotes".into(),
            ReadProblem::MoreProblems { .. } => {
                "fix the problems above first; they often cause the rest".into()
            }
        })
    }
}
