//! The command-line basics an experienced user expects: files written with
//! the usual permissions, `-` for standard input, shell completions, a man
//! page, the documents built into the binary, options only where they do
//! something, the table width (`--width`, the terminal, `COLUMNS`), and what
//! `validate` says about exchange rates.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use clap::CommandFactory as _;
use costshare::cli::Cli;

use crate::common::{bin, file_names, header, root, stdout_of};

const SEED: &str = "scenarios/sma-2020-talks.toml";
const TWELFTH: &str = "scenarios/sma-12th-agreement.toml";
const BIN: &str = env!("CARGO_BIN_EXE_costshare");

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Runs `costshare ARGS` in `dir` under `umask` (set in a shell, so only that
/// process has it).
fn with_umask(dir: &Path, umask: &str, args: &[&str]) -> Output {
    let out = Command::new("sh")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["-c", "umask \"$0\" && exec \"$@\"", umask, BIN])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// 1. Permissions of the files costshare writes.

#[test]
fn new_files_get_the_mode_any_file_the_user_creates_gets() {
    let seed = root().join(SEED);
    let seed = seed.to_str().unwrap();
    for (umask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let dir = tempfile::tempdir().unwrap();
        with_umask(dir.path(), umask, &["new", "study.toml"]);
        with_umask(
            dir.path(),
            umask,
            &["demo", "--format", "csv", "-o", "demo.csv"],
        );
        with_umask(
            dir.path(),
            umask,
            &["export", seed, "-o", "out.json", "--sources", "sources.csv"],
        );
        for name in ["study.toml", "demo.csv", "out.json", "sources.csv"] {
            assert_eq!(
                mode(&dir.path().join(name)),
                expected,
                "{name} under umask {umask}"
            );
        }
        // Written atomically: nothing else is left beside them.
        assert_eq!(
            file_names(dir.path()),
            ["demo.csv", "out.json", "sources.csv", "study.toml"]
        );
    }
}

#[test]
fn a_file_replaced_with_force_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join(SEED);
    let seed = seed.to_str().unwrap();
    let modes = [
        ("out.csv", 0o600),
        ("sources.csv", 0o640),
        ("table.txt", 0o664),
    ];
    for (name, kept) in modes {
        let path = dir.path().join(name);
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(kept)).unwrap();
    }
    let export = [
        "export",
        seed,
        "-o",
        "out.csv",
        "--sources",
        "sources.csv",
        "--force",
    ];
    with_umask(dir.path(), "022", &export);
    with_umask(
        dir.path(),
        "000",
        &["run", seed, "-o", "table.txt", "--force"],
    );
    for (name, kept) in modes {
        let path = dir.path().join(name);
        assert_ne!(std::fs::read_to_string(&path).unwrap(), "old", "{name}");
        assert_eq!(mode(&path), kept, "{name}");
    }
}

// 2. `-` reads the study from standard input.

/// Runs `costshare ARGS` in `dir` with `input` on standard input.
fn piped(dir: &Path, args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    bin(dir).args(args).write_stdin(input).output().unwrap()
}

#[test]
fn a_dash_reads_the_study_from_standard_input() {
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    for command in ["run", "compare", "export"] {
        let from_file = stdout_of(&[command, SEED, "--format", "csv"]);
        let out = piped(&root(), &[command, "-", "--format", "csv"], seed.clone());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            from_file.replace(SEED, "<stdin>"),
            "{command}"
        );
    }
    // Beside files, in the order given.
    let out = piped(&root(), &["validate", TWELFTH, "-"], seed.clone());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with(TWELFTH), "{stdout}");
    assert!(
        stdout.contains("\n<stdin>: ok (4 proposals, 2020–2024)\n"),
        "{stdout}"
    );
    // Messages name it `<stdin>`.
    let out = piped(&root(), &["run", "-"], "title = 1\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--> <stdin>:1:9"));
    let out = piped(&root(), &["validate", "-"], "  \n");
    assert!(text(&out.stderr).contains("<stdin>: the file is empty"));
    // It holds one study.
    let out = piped(&root(), &["compare", "-", "-"], seed);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`-` (standard input) is given more than once"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn standard_input_has_the_size_limit_of_a_file() {
    const LIMIT: usize = 8 * 1024 * 1024;
    let study = format!(
        "{}[[proposal]]\nname = \"p\"\nstart = 1\n",
        header("1", 2020)
    );
    let padded = |len: usize| {
        let mut text = study.clone().into_bytes();
        text.push(b'#');
        text.resize(len - 1, b'x');
        text.push(b'\n');
        text
    };
    let out = piped(&root(), &["validate", "-"], padded(LIMIT));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = piped(&root(), &["validate", "-"], padded(LIMIT + 1));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("<stdin>: is larger than 8388608 bytes (8 MiB)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn series_files_of_a_study_on_standard_input_are_read_from_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/cpi.csv"),
        "year,growth_pct\n2019,2\n2020,3\n",
    )
    .unwrap();
    let study = format!(
        "{}[[series]]\nname = \"cpi\"\nfile = \"data/cpi.csv\"\n[[proposal]]\nname = \"p\"\nescalation = {{ index = \"cpi\", lag = 1 }}\n",
        header("100", 2021)
    );
    let out = piped(dir.path(), &["run", "-", "--format", "csv"], study.clone());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(",105.0600,"), "102 × 1.03");
    // From another folder the file is not there, and the message says where it looked.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = piped(elsewhere.path(), &["run", "-"], study);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("data/cpi.csv: no such file"), "{err}");
    assert!(err.contains("--> <stdin>:"), "{err}");
}

// 3. Shell completions and the man page.

fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for command in subcommands() {
            assert!(script.contains(&command), "{shell}: no {command}");
        }
        assert!(script.contains("width"), "{shell}: no --width");
    }
    let err = bin(&root()).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(err.status.code(), Some(2));
}

#[test]
fn the_bash_script_completes_commands_and_their_options() {
    let script = r#"
source <("$0" completions bash)
complete_words() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
    _costshare costshare "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "${COMPREPLY[*]}"
}
complete_words costshare ""
complete_words costshare ru
complete_words costshare run --wi
complete_words costshare validate --wi
complete_words costshare completions ""
complete_words costshare help fo
"#;
    let out = Command::new("bash")
        .args(["-c", script, BIN])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    for command in subcommands() {
        assert!(lines[0].split(' ').any(|w| w == command), "{}", lines[0]);
    }
    assert_eq!(
        lines[1..],
        [
            "run",
            "--width",
            "",
            "-h -V --help --version bash elvish fish powershell zsh",
            "format",
        ]
    );
}

/// The roff macros and requests the man page may use: those of man(7), and
/// the three of the preamble that defines an apostrophe (`\*(Aq`).
const MAN_MACROS: [&str; 17] = [
    "TH", "SH", "SS", "PP", "TP", "IP", "RS", "RE", "B", "I", "br", "sp", "nf", "fi", "ie", "el",
    "ds",
];

#[test]
fn the_man_page_is_roff_with_every_command_and_option() {
    let page = stdout_of(&["man"]);
    assert_eq!(page.matches("\n.TH costshare 1 ").count(), 1, "one title");
    for line in page
        .lines()
        .filter(|l| l.starts_with('.') || l.starts_with('\''))
    {
        let name = line[1..].split([' ', '\t']).next().unwrap();
        assert!(MAN_MACROS.contains(&name), "not a man(7) macro: {line}");
    }
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT"] {
        assert!(page.contains(&format!(".SH {section}\n")), "no {section}");
    }
    // Each command's subsection names each of its options.
    let cli = Cli::command();
    let commands: Vec<&clap::Command> = cli.get_subcommands().collect();
    for (i, command) in commands.iter().enumerate() {
        let start = format!(".SS \"costshare {}\"\n", command.get_name());
        let from = page.find(&start).unwrap_or_else(|| panic!("no {start}"));
        let to = match commands.get(i + 1) {
            Some(next) => page
                .find(&format!(".SS \"costshare {}\"\n", next.get_name()))
                .unwrap(),
            None => page.find(".SH ENVIRONMENT").unwrap(),
        };
        let part = &page[from..to];
        for arg in command.get_arguments() {
            let shown = match (arg.get_long(), arg.get_value_names()) {
                (Some(long), _) => format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-")),
                (None, Some([name, ..])) => format!("\\fI{name}\\fR"),
                (None, _) => panic!("{}: an argument without a name", command.get_name()),
            };
            assert!(
                part.contains(&shown),
                "costshare {}: no {shown}",
                command.get_name()
            );
        }
    }
}

#[test]
#[allow(clippy::print_stderr)] // says why it checks nothing
fn groff_reads_the_man_page_without_a_warning() {
    if Command::new("groff").arg("--version").output().is_err() {
        eprintln!("groff is not installed; the man page's macros are checked above");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("costshare.1");
    std::fs::write(&page, stdout_of(&["man"])).unwrap();
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(text(&out.stderr), "", "groff warns");
}

// 4. The documents travel with the binary.

#[test]
fn help_prints_the_documents_built_into_the_binary() {
    let format = std::fs::read_to_string(root().join("docs/scenario-format.md")).unwrap();
    let rounding = std::fs::read_to_string(root().join("docs/rounding.md")).unwrap();
    // Run from a folder without the docs: they are in the binary.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = bin(elsewhere.path())
        .args(["help", "format"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), format);
    assert_eq!(stdout_of(&["help", "rounding"]), rounding);
    let tables = std::fs::read_to_string(root().join("docs/tables.md")).unwrap();
    assert_eq!(stdout_of(&["help", "tables"]), tables);
    let exports = std::fs::read_to_string(root().join("docs/exports.md")).unwrap();
    assert_eq!(stdout_of(&["help", "exports"]), exports);
    // A command's help, and without a topic the overview: as --help.
    for command in subcommands() {
        assert_eq!(
            stdout_of(&["help", &command]),
            stdout_of(&[&command, "--help"]),
            "{command}"
        );
    }
    assert_eq!(stdout_of(&["help"]), stdout_of(&["--help"]));
    let out = bin(&root()).args(["help", "formats"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("format, rounding, tables, exports"));
}

#[test]
fn help_texts_point_to_the_built_in_documents_not_the_repository() {
    let top = stdout_of(&["--help"]);
    assert!(
        top.contains("The scenario format: costshare help format"),
        "{top}"
    );
    assert!(top.contains("costshare help rounding"), "{top}");
    let mut texts = vec![top, costshare::commands::STARTER.to_string()];
    texts.extend(subcommands().iter().map(|c| stdout_of(&[c, "--help"])));
    for text in texts {
        assert!(!text.contains("docs/"), "a repository path: {text}");
    }
    assert!(costshare::commands::STARTER.contains("costshare help format"));
}

// 5. Options only where they do something.

#[test]
fn width_only_on_commands_that_draw_tables_and_color_only_where_messages_are() {
    for command in subcommands() {
        let help = stdout_of(&[&command, "--help"]);
        let tables = ["run", "compare", "demo"].contains(&command.as_str());
        assert_eq!(help.contains("--width"), tables, "{command}:\n{help}");
        let messages = !["completions", "man", "help"].contains(&command.as_str());
        assert_eq!(help.contains("--color"), messages, "{command}:\n{help}");
    }
    for args in [
        &["validate", SEED, "--width", "80"][..],
        &["export", SEED, "--width", "80"],
        &["new", "-", "--width", "80"],
        &["--width", "80", "demo"],
        &["man", "--color", "never"],
    ] {
        let out = bin(&root()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // The minimum width is 40 columns.
    let out = bin(&root())
        .args(["demo", "--width", "39"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// 6. Which width tables are fitted to.

fn demo_with(columns: Option<&str>, args: &[&str]) -> String {
    let mut cmd = bin(&root());
    cmd.arg("demo").args(args);
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The widest line of a table.
fn table_width(out: &str) -> usize {
    out.lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╞', '╰']))
        .map(|l| l.chars().count())
        .max()
        .unwrap()
}

#[test]
fn columns_sets_the_width_when_not_on_a_terminal_and_width_wins() {
    let unlimited = demo_with(None, &[]);
    let at_60 = demo_with(None, &["--width", "60"]);
    assert!(table_width(&unlimited) > 60, "the test needs a wide table");
    assert_eq!(table_width(&at_60), 60);
    assert_eq!(demo_with(Some("60"), &[]), at_60);
    assert_eq!(demo_with(Some(" 60 "), &[]), at_60);
    // --width first.
    assert_eq!(
        demo_with(Some("60"), &["--width", "100"]),
        demo_with(None, &["--width", "100"])
    );
    // Only a positive number counts.
    for junk in ["", "0", "-60", "sixty", "60px"] {
        assert_eq!(demo_with(Some(junk), &[]), unlimited, "COLUMNS={junk:?}");
    }
    // --help says so.
    let help = stdout_of(&["demo", "--help"]).replace(char::is_whitespace, "");
    assert!(
        help.contains("terminal'swidthwhenwritingtoone,else$COLUMNSwhenitisapositivenumber"),
        "{help}"
    );
    // A file is fitted only to a --width asked for, never to COLUMNS.
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path())
        .env("COLUMNS", "60")
        .args(["demo", "-o", "table.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("table.txt")).unwrap(),
        unlimited
    );
    let out = bin(dir.path())
        .env("COLUMNS", "100")
        .args(["demo", "--width", "60", "-o", "fitted.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("fitted.txt")).unwrap(),
        at_60
    );
}

#[test]
#[allow(clippy::print_stderr)] // says why it checks nothing
fn on_a_terminal_its_width_comes_before_columns() {
    // `script` (util-linux) runs the command on a pseudo-terminal of 70 columns.
    let command = format!("stty rows 40 cols 70; COLUMNS=200 NO_COLOR=1 '{BIN}' demo");
    let Ok(out) = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("`script` is not installed; the order is pinned by main.rs's unit tests");
        return;
    };
    assert!(out.status.success(), "{}", text(&out.stderr));
    let screen = text(&out.stdout).replace('\r', "");
    assert!(table_width(&screen) <= 70, "{screen}");
    assert_eq!(screen, demo_with(None, &["--width", "70"]));
}

// 7. What validate says about exchange rates.

#[test]
fn validate_says_what_each_exchange_rate_means() {
    assert_eq!(
        stdout_of(&["validate", SEED, TWELFTH]),
        format!(
            "{SEED}: ok (4 proposals, 2020–2024)\n  USD/KRW: 1 USD = 1,166.11 KRW in 2019, …, 1,144.6 KRW in 2021; 2022–2024 assumed at the 2021 rate\n\
             {TWELFTH}: ok (2 proposals, 2026–2030)\n  USD/KRW: 1 USD = 1,422.16 KRW in 2025; 2026–2030 assumed at the 2025 rate\n"
        )
    );
}

/// A KRW study (billions, baseline 2025, horizon to 2027) with one exchange rate.
fn won_study(rate: &str) -> String {
    format!(
        "title = \"t\"\ncurrency = \"KRW\"\nunit = \"billions\"\n[horizon]\nlast = 2027\n[baseline]\nname = \"b\"\nyear = 2025\namount = 1400\n\
         [[exchange_rate]]\n{rate}\n[[proposal]]\nname = \"p\"\nstart = \"+8%\"\n"
    )
}

/// `costshare validate` of `study`: its exit code, standard output and error.
fn validate(study: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), study).unwrap();
    let out = bin(dir.path())
        .args(["validate", "s.toml"])
        .output()
        .unwrap();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_pair_the_wrong_way_round_gets_a_warning_and_exit_code_0() {
    let (code, out, err) = validate(&won_study(
        "pair = \"KRW/USD\"\nunit = \"millions\"\nvalues = { 2025 = 1422.16, 2026 = 1400 }\nassume = 1450.5",
    ));
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "s.toml: ok (1 proposal, 2026–2027)\n  KRW/USD: 1 KRW = 1,422.16 USD in 2025, 1,400 USD in 2026; 2027 assumed at 1 KRW = 1,450.5 USD\n"
    );
    assert_eq!(
        err,
        "warning: KRW/USD: converting KRW billions to USD millions multiplies amounts by 1,422,160 in 2025\n  \
         --> s.toml:13:19\n   |\n13 | values = { 2025 = 1422.16, 2026 = 1400 }\n   |                   ^^^^^^^ 1 KRW = 1,422.16 USD\n   |\n   \
         = help: a rate is how many USD one KRW buys; if in fact 1 USD = 1,422.16 KRW, write pair = \"USD/KRW\". If the rate is right, check the pair's `unit`: converted amounts are shown in USD millions\n\n"
    );
    // Written the right way round, nothing to warn of.
    let (code, out, err) = validate(&won_study(
        "pair = \"USD/KRW\"\nunit = \"millions\"\nvalues = { 2025 = 1422.16 }\nassume = \"hold\"",
    ));
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(
        out.contains("USD/KRW: 1 USD = 1,422.16 KRW in 2025; 2026–2027 assumed at the 2025 rate")
    );
}

#[test]
fn a_conversion_beyond_a_thousandfold_either_way_is_warned_of() {
    // Dividing: the study's billions of won shown in units of dollars would be
    // ×1,000,000 ÷ 1,422.16 (within bounds); in trillions of dollars, ÷1,422,160.
    let (code, _, err) = validate(&won_study(
        "pair = \"USD/KRW\"\nunit = \"trillions\"\nvalues = { 2025 = 1422.16 }\nassume = \"hold\"",
    ));
    assert_eq!(code, Some(0));
    assert!(
        err.starts_with("warning: USD/KRW: converting KRW billions to USD trillions divides amounts by 1,422,160 in 2025\n"),
        "{err}"
    );
    // Only the assumed rate is off: it is named as such, at its place.
    let (_, _, err) = validate(&won_study(
        "pair = \"USD/KRW\"\nunit = \"millions\"\nvalues = { 2025 = 1422.16 }\nassume = 0.5",
    ));
    assert!(
        err.starts_with("warning: USD/KRW: converting KRW billions to USD millions multiplies amounts by 2,000 after the data (assumed)\n  --> s.toml:14:10\n"),
        "{err}"
    );
    // A factor of exactly 1,000 is within bounds; just above it is not.
    for (rate, warned) in [
        ("1000", false),
        ("1000.01", true),
        ("0.001", false),
        ("0.00099", true),
    ] {
        let (code, _, err) = validate(&won_study(&format!(
            "pair = \"KRW/JPY\"\nunit = \"billions\"\nvalues = {{ 2025 = {rate} }}\nassume = \"hold\""
        )));
        assert_eq!(code, Some(0));
        assert_eq!(
            err.starts_with("warning: KRW/JPY:"),
            warned,
            "{rate}: {err}"
        );
    }
}
