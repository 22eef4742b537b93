//! Every file in scenarios/ is validated, run and compared, and its output
//! snapshotted, so a shipped scenario can never silently break or change.

use crate::common::{root, stdout_of};

#[test]
fn every_shipped_scenario_validates_runs_and_compares() {
    let mut seen = 0;
    insta::glob!("../../scenarios", "*.toml", |path| {
        seen += 1;
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(stdout_of(&["validate", &rel]).contains(": ok ("));
        insta::assert_snapshot!("run", stdout_of(&["run", &rel]));
        insta::assert_snapshot!("compare", stdout_of(&["compare", &rel]));
        // Every figure in a shipped file has a source.
        let study = costshare::scenario::load(path).unwrap();
        assert!(
            study.spec().baseline.source.is_some(),
            "{rel}: the baseline has no source"
        );
        for p in &study.spec().proposals {
            assert!(p.source.is_some(), "{rel}: `{}` has no source", p.name);
        }
    });
    assert!(seen >= 2, "scenarios/ has the shipped files");
}

#[test]
fn the_readme_example_is_a_valid_study() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let (study, result) = crate::common::compute(&readme[start..end]);
    assert_eq!(
        crate::common::amounts(&study, &result, "Tentative deal"),
        crate::common::ds(&["983.1", "1022.4", "1063.3", "1105.8", "1150.0"])
    );
}
