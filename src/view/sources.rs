//! The sources of a study's figures, gathered in the order the figures appear
//! and numbered, for the sources section of every report.
//!
//! Identical source texts are listed once, with everything they support.

use crate::analysis::Computed;
use crate::plan::PlannedYear;
use crate::scenario::spec::{Proposal, SeriesData};

/// One numbered source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceItem {
    /// The number it is cited by (from 1).
    pub id: usize,
    /// What it supports: "Baseline", "Seoul's best offer, 2022–2025", "Series `CPI`, 2025".
    pub about: String,
    /// The source as written in the study.
    pub text: String,
}

/// Every source of the study (and of the exchange rate or deflator shown), numbered.
pub fn collect(c: &Computed) -> Vec<SourceItem> {
    let mut list = List::default();
    let study = c.spec();
    list.add(
        format!("Baseline ({})", study.baseline.name),
        study.baseline.source.as_deref(),
    );
    for (p, plan) in study.proposals.iter().zip(&c.plan.proposals) {
        list.add(p.name.clone(), p.source.as_deref());
        yearly(&mut list, p, &plan.years);
        for cat in &p.categories {
            list.add(
                format!("{}: share of {}", p.name, cat.name),
                cat.source.as_deref(),
            );
        }
    }
    for s in &study.series {
        let what = match &s.file {
            Some(f) => format!("Series `{}` ({f})", s.name),
            None => format!("Series `{}`", s.name),
        };
        list.add(what, s.source.as_deref());
        let points: Vec<(i32, Option<&str>)> = match &s.data {
            SeriesData::Growth(m) => m.iter().map(|(y, p)| (*y, p.source.as_deref())).collect(),
            SeriesData::Level(m) => m.iter().map(|(y, p)| (*y, p.source.as_deref())).collect(),
        };
        for (year, source) in points {
            list.add(format!("Series `{}`, {year}", s.name), source);
        }
    }
    for r in &study.exchange_rates {
        list.add(format!("Exchange rate {}", r.pair()), r.source.as_deref());
        for (year, point) in &r.values {
            list.add(
                format!("Exchange rate {}, {year}", r.pair()),
                point.source.as_deref(),
            );
        }
    }
    if let Some(t) = &study.troops {
        list.add("Troop count".to_string(), t.source.as_deref());
        for (year, point) in &t.years {
            list.add(format!("Troop count, {year}"), point.source.as_deref());
        }
    }
    list.items
}

/// The sources of a proposal's years (phases, rates and set amounts), with
/// consecutive years of the same source merged into one range.
fn yearly(list: &mut List, p: &Proposal, plan: &[PlannedYear]) {
    let mut ranges: Vec<(i32, i32, &str)> = Vec::new();
    for planned in plan {
        let Some(source) = planned.source.as_deref() else {
            continue;
        };
        match ranges.last_mut() {
            Some((_, to, s)) if *s == source && to.saturating_add(1) == planned.year => {
                *to = planned.year
            }
            _ => ranges.push((planned.year, planned.year, source)),
        }
    }
    for (from, to, source) in ranges {
        let years = if from == to {
            from.to_string()
        } else {
            format!("{from}–{to}")
        };
        list.add(format!("{}, {years}", p.name), Some(source));
    }
}

/// The number of the source whose text is `text`, if it is listed.
pub fn number_of(items: &[SourceItem], text: &str) -> Option<usize> {
    let text = text.trim();
    items.iter().find(|i| i.text == text).map(|i| i.id)
}

#[derive(Default)]
struct List {
    items: Vec<SourceItem>,
}

impl List {
    fn add(&mut self, about: String, text: Option<&str>) {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return;
        };
        if let Some(item) = self.items.iter_mut().find(|i| i.text == text) {
            item.about.push_str("; ");
            item.about.push_str(&about);
            return;
        }
        let id = self.items.len().saturating_add(1);
        self.items.push(SourceItem {
            id,
            about,
            text: text.to_string(),
        });
    }
}
