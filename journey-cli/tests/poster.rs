//! `journey poster` writes the library's SVG, PDF and PNG of the shared fixture (`tests/fixtures/pdf/`)
//! (the SVG and the PNG byte for byte; the PDF as large and with the same pages: svg2pdf writes the fonts in
//! an order of its own from one run to the next), by the extension of `--out` or by `--format`, with `--page`, `--dpi` and `--font`; and
//! `journey report --pdf PAGE` writes the report's PDF. Wrong usage exits 2, a bad font file 1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey_core::Journey;
use journey_core::analytics::{EventColumns, EventLog};
use journey_core::render::{HtmlOptions, PageOptions, PosterSize, SvgOptions};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pdf").join(name)
}

fn journey(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey")).args(args).output().unwrap()
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("journey-cli-poster-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that two PDFs are the same but for the order of their objects: as long, with the same pages.
fn same_pdf(got: &[u8], want: &[u8]) {
    let pages = |pdf: &[u8]| -> Vec<String> {
        let text = String::from_utf8_lossy(pdf);
        text.split("/MediaBox [").skip(1).map(|r| r.split(']').next().unwrap_or("").to_owned()).collect()
    };
    assert!(got.starts_with(b"%PDF-"));
    assert_eq!(got.len(), want.len());
    assert_eq!(pages(got), pages(want));
}

fn poster(out: &Path, extra: &[&str]) -> Vec<u8> {
    let map = fixture("map.json");
    let mut args = vec!["poster", map.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = journey(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("written: "));
    std::fs::read(out).unwrap()
}

#[test]
fn the_poster_is_the_librarys_in_each_format() {
    let j = Journey::load(fixture("map.json")).unwrap();
    let dir = out_dir("formats");
    let a3 = PageOptions { page: "a3_landscape".parse().unwrap(), ..PageOptions::default() };
    same_pdf(
        &poster(&dir.join("p.pdf"), &["--page", "a3_landscape"]),
        &j.poster_pdf(&SvgOptions::default(), &a3).unwrap(),
    );
    let png = PageOptions { page: "a4".parse().unwrap(), dpi: 150.0, fonts: Vec::new() };
    let got = poster(&dir.join("p.png"), &["--page", "a4", "--dpi", "150"]);
    assert_eq!(got, j.poster_png(&SvgOptions::default(), &png).unwrap());
    // The size the fixture says, from the PNG's header.
    let want: Value = serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let case = want["png_pages"].as_array().unwrap().iter().find(|c| c["page"] == "a4").unwrap();
    let size =
        [u32::from_be_bytes(got[16..20].try_into().unwrap()), u32::from_be_bytes(got[20..24].try_into().unwrap())];
    assert_eq!(serde_json::json!(size), case["size"]);
    let svg = SvgOptions { size: PosterSize::A4Landscape, ..SvgOptions::default() };
    let text = poster(&dir.join("p.svg"), &["--page", "a4_landscape"]);
    assert_eq!(text, j.to_svg(&svg).unwrap().into_bytes());
    // --format wins over the extension.
    let pdf = poster(&dir.join("p.bin"), &["--format", "pdf"]);
    same_pdf(&pdf, &j.poster_pdf(&SvgOptions::default(), &PageOptions::default()).unwrap());
    let font = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../journey-core/fonts/LiberationSans-Bold.ttf");
    let with_font = PageOptions { fonts: vec![std::fs::read(&font).unwrap()], ..PageOptions::default() };
    same_pdf(
        &poster(&dir.join("f.pdf"), &["--font", font.to_str().unwrap()]),
        &j.poster_pdf(&SvgOptions::default(), &with_font).unwrap(),
    );
}

#[test]
fn the_report_pdf_is_written_beside_the_other_pictures() {
    let dir = out_dir("report");
    let (map, events) = (fixture("map.json"), fixture("events.csv"));
    let args = ["report", map.to_str().unwrap(), "--events", events.to_str().unwrap(), "--outcome", "converted"];
    let mut args = args.to_vec();
    args.extend_from_slice(&["--as-of", "2026-12-01", "--out", dir.to_str().unwrap(), "--pdf", "a4"]);
    let o = journey(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("report.pdf"));
    let j = Journey::load(&map).unwrap();
    let log =
        EventLog::load_csv(&events, &EventColumns { outcome: Some("converted".into()), ..Default::default() }).unwrap();
    let html = HtmlOptions { as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1), ..HtmlOptions::default() };
    let page = PageOptions { page: "a4".parse().unwrap(), ..PageOptions::default() };
    let written = std::fs::read(dir.join("report.pdf")).unwrap();
    same_pdf(&written, &j.report_pdf(&html, Some(&log), &page).unwrap());
    // The report's content on A4 pages, as many as the fixture says (the date adds the map's age to the gaps
    // and the backlog, one short row each, which the pages have room for).
    let want: Value = serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let boxes = String::from_utf8_lossy(&written).matches("/MediaBox [0 0 595.2756 841.8898]").count();
    assert_eq!(boxes as u64, want["report_pages"].as_u64().unwrap());
}

#[test]
fn wrong_usage_and_bad_fonts_are_clear_errors() {
    let dir = out_dir("errors");
    let map = fixture("map.json");
    let map = map.to_str().unwrap();
    let bad = dir.join("bad.ttf");
    std::fs::write(&bad, b"not a font").unwrap();
    let cases: [(&[&str], i32, &str); 5] = [
        (&["--out", "x.pdf", "--page", "a5"], 2, "unknown page size \"a5\""),
        (&["--out", "x.txt"], 2, "no .svg, .pdf or .png extension, give --format"),
        (&["--out", "x.svg", "--page", "a4"], 2, "an SVG poster is screen, a4_landscape or a3_landscape"),
        (&["--out", "x.pdf", "--font", bad.to_str().unwrap()], 1, "fonts[0]: 10 bytes that are not a TrueType"),
        (&["--out", "x.pdf", "--font", "no-such-font.ttf"], 1, "no-such-font.ttf"),
    ];
    for (extra, code, message) in cases {
        let mut args = vec!["poster", map];
        args.extend_from_slice(extra);
        let o = journey(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{extra:?}: {stderr}");
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
    }
}
