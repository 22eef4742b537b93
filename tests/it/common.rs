//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use costshare::diagnostic::SourceFile;
use costshare::engine::{self, StudyResult};
use costshare::plan;
use costshare::scenario::{self, Study};
use rust_decimal::Decimal;

/// A decimal from text (tests only).
pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// Parses a study from text, panicking with the rendered problems if it is invalid.
pub fn study(text: &str) -> Study {
    match scenario::parse(&SourceFile::new("test.toml", text)) {
        Ok(s) => s,
        Err(d) => panic!("{}", costshare::diagnostic::render_all(&d.0, false)),
    }
}

/// Plans a study with its own values.
pub fn planned(study: &Study) -> plan::Plan {
    plan::plan_study(study).unwrap()
}

/// Plans and computes a study with its own values.
pub fn result_of(study: &Study) -> StudyResult {
    engine::compute(&plan::plan_study(study).unwrap()).unwrap()
}

/// Loads and computes a scenario file of the repository.
pub fn computed(path: &str) -> (Study, StudyResult) {
    let study = scenario::load(&repo(path)).unwrap();
    let result = result_of(&study);
    (study, result)
}

/// Computes a study written as text.
pub fn compute(text: &str) -> (Study, StudyResult) {
    let study = study(text);
    let result = result_of(&study);
    (study, result)
}

/// The amounts of proposal `name`, year by year.
pub fn amounts(study: &Study, result: &StudyResult, name: &str) -> Vec<Decimal> {
    let i = study.spec().proposal_index(name).unwrap();
    result.proposals[i].years.iter().map(|y| y.amount).collect()
}

/// Decimals from texts.
pub fn ds(values: &[&str]) -> Vec<Decimal> {
    values.iter().map(|v| d(v)).collect()
}

/// The `costshare` binary, run in `dir` with colour and terminal width fixed.
pub fn bin(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("costshare").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    cmd
}

/// A study header with a baseline of `amount` in 2019 and a horizon to `last`.
pub fn header(amount: &str, last: i32) -> String {
    format!(
        "title = \"t\"\ncurrency = \"USD\"\nunit = \"millions\"\n[horizon]\nlast = {last}\n[baseline]\nname = \"b\"\nyear = 2019\namount = {amount}\n"
    )
}

/// Runs `costshare` in the repository root; it must succeed. Its standard output.
pub fn stdout_of(args: &[&str]) -> String {
    let out = bin(&root()).args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The names of the files in a directory, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
