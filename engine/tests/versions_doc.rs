//! `docs/versions.md` is the source of every release and session-image tag the page names: its
//! table of releases must equal `RELEASES` (with "newest") and `images::PUBLISHED`.

use rsp_k8s_engine::images::PUBLISHED;
use rsp_k8s_engine::settings::values::{parse_version, NEWEST, RELEASES};

/// The rows of the doc's release table: (release, rsc found, init found).
fn doc_rows() -> Vec<(String, bool, bool)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/versions.md")).unwrap();
    let section = doc.split("## Releases and the session images").nth(1).expect("docs/versions.md has the release table");
    let mut rows = Vec::new();
    for line in section.lines().take_while(|l| !l.starts_with("## ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | Release | Build | rsc | init | Sources |
        if cells.len() >= 6 && parse_version(cells[1]).is_some() {
            let found = |c: &str| match c {
                "V" => true,
                "—" => false,
                other => panic!("{}: \"{other}\" is neither V nor —", cells[1]),
            };
            assert!(!cells[5].is_empty(), "{}: no source", cells[1]);
            rows.push((cells[1].to_string(), found(cells[3]), found(cells[4])));
        }
    }
    rows
}

#[test]
fn releases_and_docs_agree() {
    let rows = doc_rows();
    assert!(!rows.is_empty());
    let doc: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let (y, m, p) = NEWEST;
    let newest = format!("{y}.{m:02}.{p}");
    let mut table: Vec<String> = RELEASES.iter().filter(|(id, _)| parse_version(id).is_some()).map(|(id, _)| id.to_string()).collect();
    table.insert(0, newest.clone());
    assert_eq!(doc, table, "docs/versions.md's releases and RELEASES (newest first, \"newest\" = {newest}) differ");
    assert!(RELEASES[0].1.contains(&newest), "the \"newest\" label names {newest}: {}", RELEASES[0].1);
}

#[test]
fn published_images_and_docs_agree() {
    let rows = doc_rows();
    let code: Vec<(String, bool, bool)> = PUBLISHED.iter().map(|(v, r, i)| (v.to_string(), *r, *i)).collect();
    assert_eq!(rows, code, "docs/versions.md's image columns and images::PUBLISHED differ");
}
