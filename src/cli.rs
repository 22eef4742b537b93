//! The command line, declared with clap: commands, their arguments and their help.
//!
//! This is the contract users and tests rely on; the README's command
//! reference describes it.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::Measure;
use crate::export::Format;
use crate::export::csv::{Csv, Shape};

/// `--format` takes the names of [`Format::ALL`]; the formats themselves know
/// nothing of the command line.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.help()))
    }
}

/// Model cost-sharing deals: a baseline payment and the proposals to change it,
/// as exact year-by-year schedules, side-by-side comparisons and clean exports.
#[derive(Debug, Parser)]
#[command(
    name = "costshare",
    version,
    propagate_version = true,
    disable_help_subcommand = true,
    after_help = "Examples:\n  costshare demo\n  costshare compare scenarios/sma-2020-talks.toml --gap \"Washington's demand\" \"Seoul's best offer\"\n  costshare run scenarios/sma-11th-agreement.toml\n  costshare export scenarios/*.toml -o schedules.csv\n  costshare new my-study.toml\n  costshare run - < my-study.toml\n\nExit codes: 0 success, 1 invalid input or failed computation, 2 usage.\nThe scenario format: costshare help format\nHow numbers are computed and rounded: costshare help rounding"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How messages are shown, on every command that reports problems in files
/// or output.
#[derive(Debug, Clone, Args)]
pub struct MessageArgs {
    /// When to colour messages: auto (only on a terminal, never with NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Only on a terminal, and never with NO_COLOR set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show each proposal's year-by-year table and summary.
    #[command(
        after_help = "Example:\n  costshare run scenarios/sma-11th-agreement.toml\n  costshare run scenarios/sma-12th-agreement.toml --currency USD\n  costshare run scenarios/sma-12th-agreement.toml --real 2025\n  costshare run scenarios/sma-2020-talks.toml --format json -o talks.json"
    )]
    Run(RunArgs),

    /// Compare the baseline and every proposal side by side.
    #[command(
        after_help = "Example:\n  costshare compare scenarios/sma-2020-talks.toml\n  costshare compare scenarios/sma-2020-talks.toml --base \"Seoul's best offer\"\n  costshare compare scenarios/sma-2020-talks.toml --gap \"Washington's demand\" \"Seoul's best offer\"\n  costshare compare scenarios/sma-2020-talks.toml --currency KRW"
    )]
    Compare(CompareArgs),

    /// Write schedules to a file for spreadsheets and other tools (CSV, JSON or Markdown).
    #[command(
        after_help = "Example:\n  costshare export scenarios/*.toml -o schedules.csv\n  costshare export scenarios/sma-2020-talks.toml --wide -o comparison.csv\n  costshare export scenarios/sma-2020-talks.toml -o talks.json\n  costshare export scenarios/sma-11th-agreement.toml --by-category -o categories.csv --sources sources.csv"
    )]
    Export(ExportArgs),

    /// Check scenario files without computing; report every problem found.
    #[command(after_help = "Example:\n  costshare validate scenarios/*.toml")]
    Validate(ValidateArgs),

    /// Write a commented starter scenario file (never overwrites a file).
    #[command(
        after_help = "Example:\n  costshare new my-study.toml\n  costshare new -        # print it instead"
    )]
    New(NewArgs),

    /// Compare the seed study built into the program: the 2020 SMA talks.
    #[command(after_help = "Example:\n  costshare demo\n  costshare demo --format markdown")]
    Demo(DemoArgs),

    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    #[command(
        after_help = "Example:\n  costshare completions bash > ~/.local/share/bash-completion/completions/costshare\n  costshare completions zsh > ~/.zfunc/_costshare        # with fpath+=~/.zfunc in .zshrc\n  costshare completions fish > ~/.config/fish/completions/costshare.fish"
    )]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), every command and option in one page.
    #[command(
        after_help = "Example:\n  costshare man > costshare.1 && man ./costshare.1\n  costshare man > ~/.local/share/man/man1/costshare.1"
    )]
    Man(ManArgs),

    /// Show a command's help, or a document built in: format, rounding, tables, exports.
    ///
    /// `costshare help format` prints the reference of the scenario file
    /// format (every key, its default and its checks); `costshare help
    /// rounding` how numbers are computed, rounded and shown; `costshare help
    /// tables` how tables fit a width and which columns give way first;
    /// `costshare help exports` every CSV shape and column. All are the
    /// Markdown documents of the release, built into the program.
    #[command(
        after_help = "Example:\n  costshare help format | less\n  costshare help rounding\n  costshare help tables\n  costshare help exports\n  costshare help run"
    )]
    Help(HelpArgs),
}

impl Command {
    /// The `--width` asked for, on the commands that draw tables.
    pub fn width(&self) -> Option<u16> {
        match self {
            Command::Run(RunArgs { output, .. })
            | Command::Compare(CompareArgs { output, .. })
            | Command::Demo(DemoArgs { output, .. }) => output.width,
            _ => None,
        }
    }

    /// The `--color` asked for; [`ColorWhen::Auto`] on commands without it.
    pub fn color(&self) -> ColorWhen {
        match self {
            Command::Run(RunArgs { messages, .. })
            | Command::Compare(CompareArgs { messages, .. })
            | Command::Export(ExportArgs { messages, .. })
            | Command::Validate(ValidateArgs { messages, .. })
            | Command::New(NewArgs { messages, .. })
            | Command::Demo(DemoArgs { messages, .. }) => messages.color,
            Command::Completions(_) | Command::Man(_) | Command::Help(_) => ColorWhen::Auto,
        }
    }
}

/// Where output goes and in what format.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write to this file instead of standard output (`-` for standard output).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub csv: CsvArgs,

    /// Fit tables to this many columns, also in a file written with -o [default: on standard output, the terminal's width when writing to one, else $COLUMNS when it is a positive number; else no limit].
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,
}

/// How CSV is written (refused with any other format).
#[derive(Debug, Clone, Default, Args)]
pub struct CsvArgs {
    /// Decimal places of numbers in CSV [default: 4].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub decimals: Option<u32>,

    /// Start the CSV with a UTF-8 byte-order mark, so Excel shows dashes, the won sign and Korean names correctly when it opens the file.
    #[arg(long)]
    pub bom: bool,

    /// Write CSV text cells as they are, without the ' that keeps a spreadsheet from reading =, +, -, @ as a formula: for data pipelines, never for a file a spreadsheet will open.
    #[arg(long)]
    pub no_formula_guard: bool,
}

impl CsvArgs {
    /// The CSV exporter asked for, with rows of `shape`.
    pub fn csv(&self, shape: Shape) -> Csv {
        Csv {
            decimals: self
                .decimals
                .unwrap_or(crate::export::csv::DEFAULT_DECIMALS),
            shape,
            bom: self.bom,
            guard: !self.no_formula_guard,
        }
    }

    /// The CSV options given, by name, to refuse them with another format.
    pub fn given(&self) -> Vec<&'static str> {
        [
            (self.decimals.is_some(), "--decimals"),
            (self.bom, "--bom"),
            (self.no_formula_guard, "--no-formula-guard"),
        ]
        .into_iter()
        .filter_map(|(given, name)| given.then_some(name))
        .collect()
    }
}

/// What the figures are measured in.
#[derive(Debug, Clone, Default, Args)]
pub struct MeasureArgs {
    /// Show amounts in another currency (e.g. USD) at each year's exchange rate, beside the agreed figures.
    #[arg(long, value_name = "CODE", conflicts_with = "real")]
    pub currency: Option<String>,

    /// Show amounts in constant prices of YEAR, by the study's deflator.
    #[arg(long, value_name = "YEAR")]
    pub real: Option<i32>,
}

impl MeasureArgs {
    /// The measure asked for, if any.
    pub fn measure(&self) -> Option<Measure> {
        match (&self.currency, self.real) {
            (Some(code), _) => Some(Measure::Currency(code.trim().to_ascii_uppercase())),
            (None, Some(year)) => Some(Measure::Real(year)),
            (None, None) => None,
        }
    }
}

/// `costshare run`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files (TOML); `-` reads one from standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub measure: MeasureArgs,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// Which columns a comparison measures against.
#[derive(Debug, Clone, Args)]
pub struct CompareChoice {
    /// Measure every delta against this proposal instead of the baseline.
    #[arg(long, value_name = "NAME")]
    pub base: Option<String>,

    /// Also show the gap between proposals A and B (A minus B, % of B), year by year.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub gap: Option<Vec<String>>,
}

/// `costshare compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML), each compared on its own; `-` reads one from standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub choice: CompareChoice,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub measure: MeasureArgs,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// `costshare export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Scenario files (TOML), all into one output; `-` reads one from standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The file to write; its extension (.csv, .json, .md) sets the format. Standard output if absent.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Output format [default: from the extension of -o, else csv].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// CSV in the comparison table's shape: one row per study and year, a group of columns per schedule.
    #[arg(long)]
    pub wide: bool,

    /// CSV with one row per study and schedule (the status quo first): first, last, total, average, vs status quo, growth.
    #[arg(long, conflicts_with_all = ["wide", "by_category"])]
    pub summary: bool,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub csv: CsvArgs,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub measure: MeasureArgs,

    /// CSV with one row per study, proposal, year and cost category.
    #[arg(long, conflicts_with = "wide")]
    pub by_category: bool,

    /// Also write every figure's source to this CSV file (id, applies to, source).
    #[arg(long, value_name = "PATH")]
    pub sources: Option<PathBuf>,

    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// `costshare validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files (TOML); `-` reads one from standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// `costshare new`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the starter file (`-` for standard output).
    #[arg(default_value = "study.toml", value_name = "PATH")]
    pub path: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// `costshare demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub choice: CompareChoice,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub measure: MeasureArgs,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub messages: MessageArgs,
}

/// `costshare completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `costshare man`
#[derive(Debug, Args)]
pub struct ManArgs {}

/// The documents built into the program, shown by `costshare help TOPIC`.
pub const TOPICS: [&str; 4] = ["format", "rounding", "tables", "exports"];

/// `costshare help`
#[derive(Debug, Args)]
pub struct HelpArgs {
    /// A command, or a document: `format`, `rounding`, `tables` or `exports` [default: the overview of every command].
    #[arg(value_name = "TOPIC", value_parser = help_topics())]
    pub topic: Option<String>,
}

/// The topics `costshare help` takes: every command, then the documents.
fn help_topics() -> clap::builder::PossibleValuesParser {
    let commands = [
        "run",
        "compare",
        "export",
        "validate",
        "new",
        "demo",
        "completions",
        "man",
        "help",
    ];
    clap::builder::PossibleValuesParser::new(commands.into_iter().chain(TOPICS))
}
