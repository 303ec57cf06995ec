"""The poster and the report as PDF and PNG, against the facts of tests/fixtures/pdf/expected.json: page
counts and sizes, the words of the map read back out of the PDF, the PNG's size and pixels that are not all
the background."""

import io
import json
import re
import struct
import zlib

import pypdf
import pytest

import journey
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "pdf"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


@pytest.fixture(scope="module")
def tea():
    return journey.Journey.load(FIXTURE / "map.json")


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv(FIXTURE / "events.csv", outcome="converted")


def squeeze(s):
    return re.sub(r"\s+", "", s)


def pages(pdf):
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf)).pages


def text_of(pdf):
    return squeeze("".join(p.extract_text() for p in pages(pdf)))


def png_facts(png):
    """Width, height and whether the pixels are not all one colour (decoded: 8-bit RGBA, one filter byte a row)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 6)
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    # A row of filter "none" (0) or "sub" (1) over one colour is all zeros after its first pixel; any row
    # with another byte past that, or a first pixel other than white, is drawing.
    drawn = any(
        raw[r * stride] > 1 or any(raw[r * stride + 5 : (r + 1) * stride]) or raw[r * stride + 1 : r * stride + 5] != b"\xff" * 4
        for r in range(height)
    )
    return width, height, drawn


@pytest.mark.parametrize("name", sorted(EXPECTED["pdf_pages"]))
def test_the_poster_as_pdf_has_one_page_of_the_size_with_the_maps_words(tea, name):
    pdf = tea.poster_pdf(page=name)
    (page,) = pages(pdf)
    w, h = EXPECTED["pdf_pages"][name]
    assert float(page.mediabox.width) == pytest.approx(w, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(h, abs=0.01)
    text = text_of(pdf)
    for word in EXPECTED["words"]:
        assert squeeze(word) in text


def in_order(text, words):
    """Asserts that each of the words is in the text after the one before it."""
    at = 0
    for word in words:
        found = text.find(squeeze(word), at)
        assert found >= 0, f"{word} not after the words before it in {text[at:]}"
        at = found + len(squeeze(word))


def test_the_report_as_pdf_has_the_reports_text_tables_and_charts_in_order(tea, log, tmp_path):
    pdf = tea.report_pdf(log, page="a4")
    all_pages = pages(pdf)
    assert len(all_pages) == EXPECTED["report_pages"]
    w, h = EXPECTED["pdf_pages"]["a4"]
    for page in all_pages:
        assert float(page.mediabox.width) == pytest.approx(w, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(h, abs=0.01)
    text = text_of(pdf)
    for word in EXPECTED["words"] + EXPECTED["report_titles"] + EXPECTED["report_words"]:
        assert squeeze(word) in text, word
    in_order(text, EXPECTED["report_order"])
    # Every page is numbered in its footer.
    for i, page in enumerate(all_pages):
        assert squeeze(page.extract_text()).endswith(f"Page{i + 1}of{len(all_pages)}")
    alone = tea.report_pdf(page="a3_landscape")
    assert len(pages(alone)) == EXPECTED["report_pages_without_log"]
    assert "Backlog" in text_of(alone) and "Observedjourney" not in text_of(alone)
    path = tmp_path / "report.pdf"
    tea.save_report_pdf(path, log, page="a4")
    assert len(pages(path.read_bytes())) == EXPECTED["report_pages"]


@pytest.mark.parametrize("case", EXPECTED["png_pages"], ids=lambda c: f"{c['page']}@{c['dpi']}")
def test_the_poster_as_png_has_the_pages_pixels_and_a_drawing(tea, case):
    png = tea.poster_png(page=case["page"], dpi=case["dpi"])
    assert png_facts(png) == (*case["size"], True)


def test_a_screen_page_has_the_posters_size(tea, tmp_path):
    svg = tea.to_svg()
    width = float(re.search(r' width="([0-9.]+)"', svg).group(1))
    height = float(re.search(r' height="([0-9.]+)"', svg).group(1))
    (page,) = pages(tea.poster_pdf())
    assert float(page.mediabox.width) == pytest.approx(width * 0.75, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(height * 0.75, abs=0.01)
    dpi = EXPECTED["screen_dpi"]
    path = tmp_path / "poster.png"
    tea.save_poster_png(path, dpi=dpi)
    assert png_facts(path.read_bytes()) == (round(width * dpi / 96), round(height * dpi / 96), True)
    tea.save_poster_pdf(tmp_path / "poster.pdf", page="a4")
    assert len(pages((tmp_path / "poster.pdf").read_bytes())) == 1


def test_a_cjk_font_file_given_as_bytes_or_a_path_draws_the_cjk_name(tea):
    with open(CJK_FONT, "rb") as f:
        font = f.read()
    for fonts in ([font], [CJK_FONT]):
        assert EXPECTED["cjk"] in text_of(tea.poster_pdf(page="a4_landscape", fonts=fonts))


def test_bad_pages_fonts_and_text_no_font_has_are_clear_errors(tea):
    with pytest.raises(journey.ArgumentError) as e:
        tea.poster_pdf(page=EXPECTED["bad_page"])
    assert str(e.value) == EXPECTED["bad_page_message"]
    with pytest.raises(journey.ArgumentError, match=r"^fonts\[0\]: 10 bytes that are not a TrueType"):
        tea.poster_png(fonts=[b"not a font"])
    with pytest.raises(journey.ArgumentError, match=r"^fonts: one value"):
        tea.poster_pdf(fonts=b"not a list")
    with pytest.raises(journey.ArgumentError, match=r"^fonts\[0\]: a int"):
        tea.poster_pdf(fonts=[1])
    with pytest.raises(journey.JourneyIOError):
        tea.poster_pdf(fonts=[FIXTURE / "no-such-font.ttf"])
    with pytest.raises(journey.ArgumentError, match=r"^dpi: "):
        tea.poster_png(dpi=0)
    with pytest.raises(journey.LimitError):
        tea.poster_png(page="5000x5000", dpi=2400)
    text = (FIXTURE / "map.json").read_text(encoding="utf-8").replace("Stamp card", "Stamp card " + EXPECTED["missing_glyph"])
    odd = journey.Journey.from_json(text)
    for draw in (odd.poster_pdf, odd.poster_png, odd.report_pdf):
        with pytest.raises(journey.ArgumentError) as e:
            draw()
        assert str(e.value).startswith(EXPECTED["missing_glyph_message_start"])
