//! One form for every problem costshare reports: TOML syntax errors, unknown or
//! mistyped keys, semantic mistakes, failed computations and unreadable files.
//!
//! A [`Diagnostic`] names the file, and where the mistake has a place in it, the
//! byte span; [`Diagnostic::render`] turns it into the familiar
//! `file:line:column` form with the offending text underlined and a hint below.
//! Rendering returns a `String`: the caller decides where it goes and whether it
//! is coloured.
//!
//! What a problem says lives with the stage that finds it, as a typed value
//! that [`Explain`]s itself: `scenario::problem` (reading and checking a
//! file), `analysis::problem` (planning, computing, converting), the command
//! line's `commands::problem` and the output's `output::OutputProblem`. This
//! module is a leaf: it knows how to locate and show a problem, not what any
//! problem is.

use std::any::Any;
use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A text a problem shows: fixed, or put together from its data.
pub type Text = Cow<'static, str>;

/// What a kind of problem says. Each area of costshare has one enum of
/// problems carrying data (names, years, rates), never prose; its impl holds
/// one `match` for the message, one for the label and one for the help.
pub trait Explain: AsAny + fmt::Debug + Send + Sync {
    /// What is wrong, in one line.
    fn message(&self) -> String;

    /// The short note shown under the underlined text, if any.
    fn label(&self) -> Option<Text> {
        None
    }

    /// What to do about it, if there is something to say.
    fn help(&self) -> Option<Text>;
}

/// A problem as any value, so its kind can be asked for ([`Problem::kind`]).
pub trait AsAny {
    /// The problem as [`Any`].
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A problem of any area.
#[derive(Clone)]
pub struct Problem(Arc<dyn Explain>);

impl Problem {
    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        self.0.message()
    }

    /// The short note shown under the underlined text, if any.
    pub fn label(&self) -> Option<Text> {
        self.0.label()
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<Text> {
        self.0.help()
    }

    /// The problem as its own type, when it is of type `T`.
    pub fn kind<T: Explain + 'static>(&self) -> Option<&T> {
        // On the problem itself, not on the `Arc` (which is `Any` too).
        (*self.0).as_any().downcast_ref()
    }
}

impl<T: Explain + 'static> From<T> for Problem {
    fn from(problem: T) -> Problem {
        Problem(Arc::new(problem))
    }
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Two problems are the same when they say the same.
impl PartialEq for Problem {
    fn eq(&self, other: &Problem) -> bool {
        self.message() == other.message()
            && self.label() == other.label()
            && self.help() == other.help()
    }
}

impl Eq for Problem {}

/// A problem of costshare itself rather than of its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Internal {
    /// A check failed without recording why.
    Unreported,
}

impl Explain for Internal {
    fn message(&self) -> String {
        match self {
            Internal::Unreported => {
                "a value could not be read, but no problem was reported for it".to_string()
            }
        }
    }

    fn help(&self) -> Option<Text> {
        match self {
            Internal::Unreported => {
                Some("this is a bug in costshare; please report it with the file".into())
            }
        }
    }
}

/// A problem's message, label and help as owned text (for tests).
#[cfg(test)]
pub(crate) fn texts(problem: impl Into<Problem>) -> (String, Option<String>, Option<String>) {
    let p = problem.into();
    (
        p.message(),
        p.label().map(Cow::into_owned),
        p.help().map(Cow::into_owned),
    )
}

/// "2020" or "2020–2024".
pub fn year_span(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// Years in order, runs written as ranges: "2020, 2022–2519".
pub fn years_text(years: &[i32]) -> String {
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
pub fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A byte range in a source file.
pub type Span = Range<usize>;

/// A file's name as shown to the user, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user gave it (or a name such as `<demo>`).
    pub name: String,
    /// The whole text of the file.
    pub text: String,
}

impl SourceFile {
    /// A shared source file.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text: text.into(),
        })
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = self.text.get(..offset).unwrap_or_default();
        let line = before.matches('\n').count().saturating_add(1);
        let line_start = before.rfind('\n').map_or(0, |at| at.saturating_add(1));
        let col = before
            .get(line_start..)
            .unwrap_or_default()
            .chars()
            .count()
            .saturating_add(1);
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at = at.saturating_sub(1);
    }
    at
}

/// One problem, with where it is; its texts come from the [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, as data.
    pub problem: Problem,
    /// The file the problem is in, if it is in one.
    pub file: Option<Arc<SourceFile>>,
    /// Where in the file, if the problem has a place.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A problem with no file.
    pub fn new(problem: impl Into<Problem>) -> Diagnostic {
        Diagnostic {
            problem: problem.into(),
            file: None,
            span: None,
        }
    }

    /// A problem with a whole file (no particular place in it).
    pub fn in_file(file: &Arc<SourceFile>, problem: impl Into<Problem>) -> Diagnostic {
        Diagnostic {
            file: Some(Arc::clone(file)),
            ..Diagnostic::new(problem)
        }
    }

    /// A problem at a place in a file.
    pub fn at(file: &Arc<SourceFile>, span: Span, problem: impl Into<Problem>) -> Diagnostic {
        Diagnostic {
            file: Some(Arc::clone(file)),
            span: Some(span),
            ..Diagnostic::new(problem)
        }
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        self.problem.message()
    }

    /// The short note shown under the underlined text, if any.
    pub fn label(&self) -> Option<Text> {
        self.problem.label()
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<Text> {
        self.problem.help()
    }

    /// The 1-based line and column where the problem starts, if it has a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let file = self.file.as_ref()?;
        let span = self.span.as_ref()?;
        Some(file.line_col(span.start))
    }

    /// `file:line:column: message` on one line, for logs and tests.
    pub fn short(&self) -> String {
        let message = self.message();
        match (&self.file, self.line_col()) {
            (Some(file), Some((line, col))) => {
                format!("{}:{line}:{col}: {message}", file.name)
            }
            (Some(file), None) => format!("{}: {message}", file.name),
            (None, _) => message,
        }
    }

    /// The full report: message, `--> file:line:column`, the source line with
    /// the offending text underlined, and the hint. ANSI colours when `color`.
    pub fn render(&self, color: bool) -> String {
        self.render_as(Level::ERROR, color)
    }

    /// Like [`Diagnostic::render`], as a warning (`warning: …`): worth a
    /// look, but not a reason to stop.
    pub fn render_warning(&self, color: bool) -> String {
        self.render_as(Level::WARNING, color)
    }

    fn render_as(&self, level: Level<'_>, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let message = self.message();
        let help_text = self.help();
        let help = help_text.as_deref().map(|h| Level::HELP.message(h));
        match (&self.file, &self.span) {
            (Some(file), Some(span)) => {
                let span = clamp_span(&file.text, span);
                let label = self.label();
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = label.as_deref() {
                    annotation = annotation.label(label);
                }
                let mut group = level.primary_title(message.as_str()).element(
                    Snippet::source(file.text.as_str())
                        .path(file.name.as_str())
                        .annotation(annotation),
                );
                if let Some(help) = help {
                    group = group.element(help);
                }
                renderer.render(&[group])
            }
            _ => {
                let title = match &self.file {
                    Some(file) => format!("{}: {message}", file.name),
                    None => message,
                };
                let mut group = Group::with_title(level.primary_title(title.as_str()));
                if let Some(help) = help {
                    group = group.element(help);
                }
                renderer.render(&[group])
            }
        }
    }
}

/// A span inside the text, on character boundaries, never empty unless the text is.
fn clamp_span(text: &str, span: &Span) -> Span {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    if end == start {
        // Point at one character so the caret has something to sit under.
        end = text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(start, |c| start.saturating_add(c.len_utf8()));
        if text.get(start..end) == Some("\n") {
            end = start;
        }
    }
    start..end
}

/// Renders many diagnostics, one after another, with a closing count.
pub fn render_all(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render(color));
        out.push_str("\n\n");
    }
    match diagnostics.len() {
        0 => {}
        1 => out.push_str("error: 1 problem found\n"),
        n => {
            let _ = writeln!(out, "error: {n} problems found");
        }
    }
    out
}

/// A list of problems, returned when input cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts the problems by file and position, so they read top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.as_ref().map(|f| f.name.clone()),
                    d.span.as_ref().map_or(0, |s| s.start),
                )
            };
            key(a).cmp(&key(b))
        });
    }
}

/// Proof that a problem was recorded: the error of a check that has already
/// said what is wrong. Only a [`Problems`] sink makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported(());

/// Where the problems found in one file are recorded.
pub struct Problems<'a> {
    file: &'a Arc<SourceFile>,
    diags: &'a mut Diagnostics,
}

impl<'a> Problems<'a> {
    /// A sink for problems in `file`, recorded in `diags`.
    pub fn new(file: &'a Arc<SourceFile>, diags: &'a mut Diagnostics) -> Problems<'a> {
        Problems { file, diags }
    }

    /// The file problems are recorded for.
    pub fn file(&self) -> &'a Arc<SourceFile> {
        self.file
    }

    /// The same sink for problems in another file (a series file).
    pub fn for_file<'b>(&'b mut self, file: &'b Arc<SourceFile>) -> Problems<'b> {
        Problems {
            file,
            diags: self.diags,
        }
    }

    /// Records a problem at a span.
    pub fn at(&mut self, span: Span, problem: impl Into<Problem>) -> Reported {
        self.push(Diagnostic::at(self.file, span, problem))
    }

    /// Records a problem with the file as a whole.
    pub fn in_file(&mut self, problem: impl Into<Problem>) -> Reported {
        self.push(Diagnostic::in_file(self.file, problem))
    }

    /// Records a problem already put together.
    pub fn push(&mut self, diagnostic: Diagnostic) -> Reported {
        self.diags.push(diagnostic);
        Reported(())
    }

    /// The failure of a check whose input is missing because an earlier stage
    /// (the TOML walker) already reported it: a key that was absent or of the
    /// wrong type. Should nothing have been recorded, a problem says so, so a
    /// file is never refused without a reason.
    pub fn reported_earlier(&mut self) -> Reported {
        if self.diags.is_empty() {
            return self.in_file(Internal::Unreported);
        }
        Reported(())
    }

    /// The 1-based line a span starts on, for "the first is at line 12".
    pub fn line_of(&self, span: &Span) -> usize {
        self.file.line_col(span.start).0
    }
}

/// Whether any of several checks failed: each failure is noted and the checks
/// go on, so every problem is reported; [`Tally::finish`] then says whether
/// the whole failed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally(Option<Reported>);

impl Tally {
    /// The value of a check that succeeded; notes one that failed.
    pub fn note<T>(&mut self, result: Result<T, Reported>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(r) => {
                self.0 = Some(r);
                None
            }
        }
    }

    /// Notes a failure.
    pub fn fail(&mut self, reported: Reported) {
        self.0 = Some(reported);
    }

    /// True when a check failed.
    pub fn failed(&self) -> bool {
        self.0.is_some()
    }

    /// `Ok(())` when every check succeeded, else the failure.
    pub fn finish(self) -> Result<(), Reported> {
        match self.0 {
            Some(r) => Err(r),
            None => Ok(()),
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics(vec![diagnostic])
    }
}

/// Suggests the candidate closest to `word`, when one is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem for these tests.
    #[derive(Debug)]
    struct UnknownKey(&'static str);

    impl Explain for UnknownKey {
        fn message(&self) -> String {
            format!("unknown key `{}` in the top level", self.0)
        }

        fn label(&self) -> Option<Text> {
            Some("not a key here".into())
        }

        fn help(&self) -> Option<Text> {
            Some("did you mean `escalation`?".into())
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("a.toml", "title = \"x\"\nname = \"₩ won\"\nbad = 1\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(12), (2, 1));
        // The `w` of "won" is after a three-byte character.
        let w = file.text.find("won").unwrap();
        assert_eq!(file.line_col(w), (2, 11));
    }

    #[test]
    fn renders_location_underline_and_help() {
        let file = SourceFile::new("s.toml", "title = \"x\"\nescalaton = \"4%\"\n");
        let d = Diagnostic::at(&file, 12..21, UnknownKey("escalaton"));
        let text = d.render(false);
        assert!(text.contains("s.toml:2:1"), "{text}");
        assert!(text.contains("^^^^^^^^^ not a key here"), "{text}");
        assert!(text.contains("help: did you mean `escalation`?"), "{text}");
        assert_eq!(
            d.short(),
            "s.toml:2:1: unknown key `escalaton` in the top level"
        );
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let file = SourceFile::new("e.toml", "");
        let d = Diagnostic::at(&file, 5..90, Internal::Unreported);
        assert!(d.render(false).contains("e.toml"));
        let file = SourceFile::new("u.toml", "a = \"₩\"");
        let d = Diagnostic::at(&file, 6..7, Internal::Unreported);
        assert!(d.render(false).contains("u.toml:1:"));
    }

    #[test]
    fn a_problem_can_be_asked_for_its_kind() {
        let d = Diagnostic::new(UnknownKey("x"));
        assert!(d.problem.kind::<UnknownKey>().is_some());
        assert!(d.problem.kind::<Internal>().is_none());
        assert_eq!(Diagnostic::new(UnknownKey("x")), d);
        assert_ne!(Diagnostic::new(UnknownKey("y")), d);
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["escalation", "start", "phase"];
        assert_eq!(did_you_mean("escalaton", keys), Some("escalation"));
        assert_eq!(did_you_mean("Escalation", keys), Some("escalation"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
