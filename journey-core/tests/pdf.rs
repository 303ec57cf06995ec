//! The poster and the report as PDF and PNG, against the facts of `tests/fixtures/pdf/expected.json`:
//! page counts and sizes, the words of the map read back out of the PDF, the PNG's size from its header and
//! pixels that are not all the background.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog};
use journey_core::render::{HtmlOptions, PageOptions, PageSize, SvgOptions};
use journey_core::{ErrorKind, Journey};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pdf").join(name)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
}

fn map() -> Journey {
    Journey::load(fixture("map.json")).unwrap()
}

fn log() -> EventLog {
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    EventLog::load_csv(fixture("events.csv"), &columns).unwrap()
}

fn page(name: &str) -> PageOptions {
    PageOptions { page: name.parse().unwrap(), ..PageOptions::default() }
}

/// The media boxes of a PDF's pages, in order (pdf-writer writes every page's dictionary uncompressed).
fn media_boxes(pdf: &[u8]) -> Vec<[f64; 4]> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox [")
        .skip(1)
        .map(|rest| {
            let inside = rest.split(']').next().unwrap();
            let v: Vec<f64> = inside.split_whitespace().map(|n| n.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

/// The text of a PDF with every white space taken out (the PDF keeps glyph positions, not spaces).
fn squeezed_text(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).unwrap();
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect()
}

/// Width and height from a PNG's header, and whether any pixel differs from the first (the background).
fn png_facts(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn the_poster_as_pdf_has_one_page_of_each_size_with_the_maps_words() {
    let want = expected();
    let j = map();
    for (name, size) in want["pdf_pages"].as_object().unwrap() {
        let pdf = j.poster_pdf(&SvgOptions::default(), &page(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        let boxes = media_boxes(&pdf);
        assert_eq!(boxes.len(), 1, "{name}");
        let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        assert!((boxes[0][2] - w).abs() < 0.01 && (boxes[0][3] - h).abs() < 0.01, "{name}: {:?}", boxes[0]);
        let text = squeezed_text(&pdf);
        for word in strings(&want["words"]) {
            assert!(text.contains(&squeeze(word)), "{name}: {word} not in {text}");
        }
    }
}

#[test]
fn a_screen_page_has_the_posters_size_in_points() {
    let j = map();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    let attr = |name: &str| -> f64 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    let pdf = j.poster_pdf(&SvgOptions::default(), &PageOptions::default()).unwrap();
    let b = media_boxes(&pdf)[0];
    assert!((b[2] - attr("width") * 0.75).abs() < 0.01 && (b[3] - attr("height") * 0.75).abs() < 0.01, "{b:?}");

    let dpi = expected()["screen_dpi"].as_f64().unwrap();
    let png = j.poster_png(&SvgOptions::default(), &PageOptions { dpi, ..PageOptions::default() }).unwrap();
    let (w, h) = png_facts(&png);
    assert_eq!(
        (f64::from(w), f64::from(h)),
        ((attr("width") * dpi / 96.0).round(), (attr("height") * dpi / 96.0).round())
    );
}

/// Asserts that each of `words` is in `text` after the one before it.
fn in_order(text: &str, words: &[&str]) {
    let mut at = 0;
    for word in words {
        let w = squeeze(word);
        match text[at..].find(&w) {
            Some(i) => at += i + w.len(),
            None => panic!("{word} not after the words before it in {}", &text[at.min(text.len())..]),
        }
    }
}

#[test]
fn the_report_as_pdf_has_the_reports_text_tables_and_charts_in_order() {
    let want = expected();
    let j = map();
    let options = HtmlOptions::default();
    let pdf = j.report_pdf(&options, Some(&log()), &page("a4")).unwrap();
    let boxes = media_boxes(&pdf);
    assert_eq!(boxes.len() as u64, want["report_pages"].as_u64().unwrap());
    let [w, h] = [0, 1].map(|i| want["pdf_pages"]["a4"][i].as_f64().unwrap());
    assert!(boxes.iter().all(|b| (b[2] - w).abs() < 0.01 && (b[3] - h).abs() < 0.01), "{boxes:?}");
    let text = squeezed_text(&pdf);
    for word in [&want["words"], &want["report_titles"], &want["report_words"]].into_iter().flat_map(strings) {
        assert!(text.contains(&squeeze(word)), "{word} not in {text}");
    }
    in_order(&text, &strings(&want["report_order"]));
    // Every page is numbered in its footer.
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();
    assert_eq!(pages.len(), boxes.len());
    for (i, p) in pages.iter().enumerate() {
        assert!(squeeze(p).ends_with(&format!("Page{}of{}", i + 1, pages.len())), "page {}: {p}", i + 1);
    }

    // Without a log: no observed section; a screen page is A4 portrait.
    let alone = j.report_pdf(&options, None, &page("a3_landscape")).unwrap();
    assert_eq!(media_boxes(&alone).len() as u64, want["report_pages_without_log"].as_u64().unwrap());
    let text = squeezed_text(&alone);
    assert!(text.contains("Backlog") && !text.contains("Observedjourney"), "{text}");
    let screen = j.report_pdf(&options, None, &PageOptions::default()).unwrap();
    assert!(media_boxes(&screen).iter().all(|b| (b[2] - w).abs() < 0.01 && (b[3] - h).abs() < 0.01));
}

#[test]
fn the_reports_main_element_is_well_formed_xml_with_and_without_a_log() {
    let j = map();
    for log in [None, Some(log())] {
        let html = j.to_html(&HtmlOptions::default(), log.as_ref()).unwrap();
        let start = html.find("<main>").unwrap();
        let end = html.rfind("</main>").unwrap() + "</main>".len();
        let doc = roxmltree::Document::parse(&html[start..end]).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "main");
        let figures = doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("figure ")));
        // The poster, and with the log the funnel, the paths, the time to convert and the attribution.
        assert_eq!(figures.count(), if log.is_some() { 5 } else { 1 });
    }
}

/// A map of one stage with `n` touchpoints in a row and no evidence: `n` gaps of kind `unevidenced`, each a
/// row of the gaps' table and of the backlog.
fn long_map(n: usize) -> Journey {
    let touchpoints: Vec<Value> = (0..n)
        .map(|i| serde_json::json!({ "id": format!("t{i}"), "name": format!("Step {i}"), "stage": "s", "channel": "web" }))
        .collect();
    let transitions: Vec<Value> =
        (1..n).map(|i| serde_json::json!({ "from": format!("t{}", i - 1), "to": format!("t{i}") })).collect();
    let map = serde_json::json!({
        "schema_version": 1, "id": "long", "name": "Long", "stages": [{ "id": "s", "name": "Only" }],
        "touchpoints": touchpoints, "transitions": transitions, "entries": ["t0"], "goals": [format!("t{}", n - 1)],
    });
    Journey::from_json(&map.to_string()).unwrap()
}

#[test]
fn a_long_table_breaks_between_rows_with_its_header_repeated() {
    const N: usize = 120;
    let j = long_map(N);
    let options = HtmlOptions { top: 0, ..HtmlOptions::default() };
    let pdf = j.report_pdf(&options, None, &page("a4")).unwrap();
    let pages: Vec<String> =
        pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap().iter().map(|p| squeeze(p)).collect();
    // A row of the gaps' table (kind, where, what) and of the backlog (what, kind).
    let gap_row = |i: usize| format!("unevidencedStep{i}t{i}touchpoint\"Step{i}\"restsonnoevidence");
    let backlog_row = |i: usize| format!("touchpoint\"Step{i}\"restsonnoevidenceunevidencedStep{i}t{i}");
    let tables = [
        (squeeze("Kind Where What Evidence"), &gap_row as &dyn Fn(usize) -> String),
        (squeeze("# What Kind Where Reach Impact Confidence Effort Priority"), &backlog_row),
    ];
    for (header, row) in tables {
        let mut seen = vec![0; N];
        let mut pages_with_rows = 0;
        for p in &pages {
            let mut first = None::<usize>;
            for (i, n) in seen.iter_mut().enumerate() {
                let r = row(i);
                *n += p.matches(&r).count();
                if let Some(at) = p.find(&r) {
                    first = Some(first.map_or(at, |f| f.min(at)));
                }
            }
            let Some(first) = first else { continue };
            pages_with_rows += 1;
            // The header comes before the table's first row on every page the table is on.
            let h = p.find(&header).unwrap_or_else(|| panic!("no {header} on a page with its rows: {p}"));
            assert!(h < first, "{header} after a row: {p}");
        }
        // Every row once.
        assert!(seen.iter().all(|n| *n == 1), "{header}: {seen:?}");
        // 120 rows of at least 18.9 px (a line of 8 pt, 10.67 px, at a line height of 1.3, and 2.5 px above
        // and below) need 2,264 px: more than two pages of 1,027 px (A4's 1,122.5 px less two margins of
        // 10 mm, 37.8 px, and the footer's 20 px).
        assert!(pages_with_rows >= 3, "{header}: {pages_with_rows} pages");
    }
}

#[test]
fn the_poster_as_png_has_the_pages_pixels_and_a_drawing() {
    let want = expected();
    let j = map();
    for case in want["png_pages"].as_array().unwrap() {
        let options = PageOptions {
            page: case["page"].as_str().unwrap().parse().unwrap(),
            dpi: case["dpi"].as_f64().unwrap(),
            fonts: Vec::new(),
        };
        let png = j.poster_png(&SvgOptions::default(), &options).unwrap();
        let size = (case["size"][0].as_u64().unwrap(), case["size"][1].as_u64().unwrap());
        let (w, h) = png_facts(&png);
        assert_eq!((u64::from(w), u64::from(h)), size, "{case}");
        // Not blank: a white page would compress to far less than a byte per hundred pixels.
        assert!(png.len() as u64 > size.0 * size.1 / 100, "{case}: {} bytes", png.len());
    }
}

#[test]
fn page_sizes_read_and_write_their_names() {
    for name in PageSize::NAMES {
        assert_eq!(name.parse::<PageSize>().unwrap().to_string(), *name);
    }
    assert_eq!("210x297".parse::<PageSize>().unwrap(), PageSize::Millimetres { width: 210.0, height: 297.0 });
    assert_eq!("100.5x50mm".parse::<PageSize>().unwrap().to_string(), "100.5x50");
    let want = expected();
    let e = want["bad_page"].as_str().unwrap().parse::<PageSize>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert_eq!(e.to_string(), want["bad_page_message"].as_str().unwrap());
    for bad in ["0x297", "210x", "x", "210x99999", "nanxnan"] {
        assert!(bad.parse::<PageSize>().is_err(), "{bad}");
    }
    let options: PageOptions = serde_json::from_str(r#"{"page": "a3_landscape", "dpi": 300}"#).unwrap();
    assert_eq!((options.page, options.dpi), (PageSize::A3Landscape, 300.0));
    assert!(serde_json::from_str::<PageOptions>(r#"{"page": "b5"}"#).is_err());
}

#[test]
fn text_no_font_can_draw_is_an_error_naming_it() {
    let want = expected();
    let mut text = std::fs::read_to_string(fixture("map.json")).unwrap();
    text = text.replace("Stamp card", &format!("Stamp card {}", want["missing_glyph"].as_str().unwrap()));
    let j = Journey::from_json(&text).unwrap();
    let start = want["missing_glyph_message_start"].as_str().unwrap();
    for e in [
        j.poster_pdf(&SvgOptions::default(), &PageOptions::default()).unwrap_err(),
        j.poster_png(&SvgOptions::default(), &PageOptions::default()).unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::Argument);
        assert!(e.to_string().starts_with(start), "{e}");
    }
}

#[test]
fn a_font_file_given_is_used_and_bad_bytes_are_refused() {
    let j = map();
    let bad = PageOptions { fonts: vec![b"not a font".to_vec()], ..PageOptions::default() };
    let e = j.poster_pdf(&SvgOptions::default(), &bad).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert!(e.to_string().starts_with("fonts[0]: 10 bytes that are not a TrueType or OpenType font"), "{e}");
    let font = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts/LiberationSans-Bold.ttf")).unwrap();
    let good = PageOptions { fonts: vec![font], ..PageOptions::default() };
    assert!(j.poster_pdf(&SvgOptions::default(), &good).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn bad_dpi_and_huge_pages_are_errors() {
    let j = map();
    for dpi in [0.0, -1.0, f64::NAN, 1e6] {
        let e = j.poster_png(&SvgOptions::default(), &PageOptions { dpi, ..PageOptions::default() }).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Argument, "{dpi}");
    }
    let huge = PageOptions { page: "5000x5000".parse().unwrap(), dpi: 2400.0, fonts: Vec::new() };
    let e = j.poster_png(&SvgOptions::default(), &huge).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert_eq!(e.to_string(), "the PNG's width: 472441 pixels, more than the limit of 16384");
}
