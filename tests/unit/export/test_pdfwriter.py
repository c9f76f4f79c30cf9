"""The single-pass writer: R6 keys qpdf agrees with, every reader, Cyrillic, rotation, no scratch."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from tests.unit.export import factories as f
from vault.export import export_pdf, verify_export
from vault.export.graphhash import graph_digest
from vault.export.pdfcrypt import SecurityHandler
from vault.export.pdfobj import Name, PdfString, Real, Ref, Stream, canonical_digest
from vault.export.pdfwriter import PdfWriter

PW = "тест-пароль-123"  # non-ASCII on purpose: UTF-8, as qpdf and poppler read it


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} is missing (.ci/run installs it)")
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=False)  # noqa: S603


def _tiny(path: Path, security: SecurityHandler) -> str:
    """A one-page PDF with a Cyrillic title; returns its graph digest."""
    with path.open("wb") as fh:
        writer = PdfWriter(fh, security)
        content = Ref(Stream({}, b"0 0 1 rg 10 10 50 50 re f"))
        writer.write([content])
        page = Ref({"/Type": Name("/Page"), "/MediaBox": [0, 0, Real.of(595.275), 842],
                    "/Contents": content, "/Resources": {}})
        tree = Ref({"/Type": Name("/Pages"), "/Kids": [page], "/Count": 1})
        page.value["/Parent"] = tree
        root = Ref({"/Type": Name("/Catalog"), "/Pages": tree,
                    "/Lang": PdfString.text("ру"), "/Odd": Name("/A B#(x)")})
        graph = canonical_digest(root)
        writer.write([page, tree, root])
        writer.finish(root, bytes.fromhex(graph)[:16])
    return graph


def test_r6_keys_match_qpdf(tmp_path: Path) -> None:
    """A known file key: qpdf derives the same key from /U, /UE, /O, /OE and checks /Perms."""
    key = bytes(range(32))
    path = tmp_path / "t.pdf"
    graph = _tiny(path, SecurityHandler.create(PW, key))
    shown = _run("qpdf", f"--password={PW}", "--show-encryption-key", "--show-encryption", str(path))
    assert shown.returncode == 0, shown.stderr
    assert f"Encryption key = {key.hex()}" in shown.stdout
    assert "R = 6" in shown.stdout and "P = -1028" in shown.stdout
    assert "Supplied password is owner password" in shown.stdout
    assert _run("qpdf", "--password=wrong password", "--check", str(path)).returncode != 0
    assert _run("qpdf", "--requires-password", str(path)).returncode == 0
    with pikepdf.open(path, password=PW) as pdf:
        assert graph_digest(pdf) == graph
        assert str(pdf.Root.Lang) == "ру" and not pdf.get_warnings()


def test_two_bundles_never_share_a_key_or_salt() -> None:
    one, two = SecurityHandler.create(PW), SecurityHandler.create(PW)
    assert one.file_key != two.file_key
    assert all(one.entries[k] != two.entries[k] for k in one.entries)
    assert one.encrypt(b"same") != one.encrypt(b"same")  # fresh IV per string or stream


def _cyrillic_pdf(text: str) -> bytes:
    """A PDF document whose text layer is Cyrillic, with its page turned 90° by /Rotate."""
    from fpdf import FPDF

    from vault.export.fonts import cyrillic_font

    doc = FPDF()
    doc.add_font("cyr", fname=str(cyrillic_font()))
    doc.add_page()
    doc.set_font("cyr", size=16)
    doc.cell(text=text)
    pdf = pikepdf.open(io.BytesIO(bytes(doc.output())))
    pdf.pages[0].obj.Rotate = 90
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("writer") / "bundle.pdf"
    items = [*f.sample_items(),
             f.item(4, _cyrillic_pdf("Диагноз: бронхиальная астма"), "application/pdf",
                    "Заключение пульмонолога")]
    result = export_pdf(items, f.cover("ru"), out, signing_key=f.KEY, password=PW,
                        include_originals=True)
    return out, result.password or ""


def test_every_reader_opens_it(bundle: tuple[Path, str], tmp_path: Path) -> None:
    path, pw = bundle
    check = _run("qpdf", f"--password={pw}", "--check", str(path))
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout
    assert _run("qpdf", "--requires-password", str(path)).returncode == 0
    assert _run("pdfinfo", "-upw", "wrong password!", str(path)).returncode != 0
    assert _run("pdftoppm", "-upw", pw, "-r", "20", "-f", "2", "-l", "2", "-png", str(path),
                str(tmp_path / "p")).returncode == 0
    assert list(tmp_path.glob("p*.png"))
    mu = _run("mutool", "draw", "-p", pw, "-F", "txt", "-o", "-", str(path))
    complaints = [ln for ln in mu.stderr.splitlines() if "ICC support is not available" not in ln]
    assert mu.returncode == 0 and not complaints, mu.stderr
    assert _run("mutool", "draw", "-p", "wrong password!", "-F", "txt", "-o", "-",
                str(path)).returncode != 0
    assert verify_export(path, pw).documents == 4


def test_cyrillic_cover_bookmarks_and_text_layer(bundle: tuple[Path, str]) -> None:
    path, pw = bundle
    poppler = _run("pdftotext", "-upw", pw, str(path), "-").stdout
    mupdf = _run("mutool", "draw", "-p", pw, "-F", "txt", "-o", "-", str(path)).stdout
    for text in (poppler, mupdf):
        assert "Пакет документов" in text  # the cover
        assert "бронхиальная астма" in text  # a document's own text layer
    with pikepdf.open(path, password=pw) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["Обложка и манифест", "Справка ПНД — 2026-03-12",
                      "Выписка из стационара — ёлка", "Квитанция Почты России",
                      "Заключение пульмонолога"]


def test_rotation_survives(bundle: tuple[Path, str]) -> None:
    """A document page's /Rotate is carried over; the EXIF-turned photo is upright (portrait)."""
    path, pw = bundle
    info = _run("pdfinfo", "-upw", pw, "-l", "99", str(path)).stdout
    rotations = [line.split()[-1] for line in info.splitlines() if " rot:" in line]
    assert rotations[-1] == "90" and set(rotations[:-1]) == {"0"}
    with pikepdf.open(path, password=pw) as pdf:
        first_doc = next(p for p in pdf.pages if "/XObject" in p.Resources)
        _, _, width, height = (float(v) for v in first_doc.MediaBox)
        assert height > width  # 400x200 pixels turned by EXIF orientation 6: portrait


def test_no_scratch_file_is_ever_created(tmp_path: Path) -> None:
    """Only the encrypted .partial file exists next to the output while it is written."""
    out = tmp_path / "b.pdf"
    seen: set[str] = set()

    def watch(done: int, total: int) -> None:
        seen.update(p.name for p in tmp_path.iterdir())

    export_pdf(f.sample_items(), f.cover(), out, signing_key=f.KEY, progress=watch)
    assert seen and all(name.startswith("b.pdf.partial-") for name in seen)
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_odd_but_valid_pdf_objects_verify(tmp_path: Path) -> None:
    """Copied pages keep names needing escapes, tiny reals, inherited and missing resources."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    pdf.Root.Pages.Rotate = 180  # inherited by both pages
    first = pdf.pages[0].obj
    del first["/Resources"]
    first.Contents = pdf.make_stream(b"0.00001 w 0 0 m 1 1 l S")
    first.UserUnit = pikepdf.Array([pikepdf.Name("/A B#(x)"), 0.00001, -1.5])
    buf = io.BytesIO()
    pdf.save(buf)
    out = tmp_path / "b.pdf"
    result = export_pdf([f.item(1, buf.getvalue(), "application/pdf", "Odd")], f.cover("en"),
                        out, signing_key=f.KEY)
    assert verify_export(out, result.password).documents == 1
    info = _run("pdfinfo", "-upw", result.password or "", "-l", "9", str(out)).stdout
    assert [ln.split()[-1] for ln in info.splitlines() if " rot:" in ln][-2:] == ["180", "180"]


def test_null_entries_are_absent_in_file_and_digest(tmp_path: Path) -> None:
    """qpdf drops a dictionary key whose value is null; the model's digest must agree."""
    security = SecurityHandler.create(PW)
    path = tmp_path / "n.pdf"
    with path.open("wb") as fh:
        writer = PdfWriter(fh, security)
        page = Ref({"/Type": Name("/Page"), "/MediaBox": [0, 0, 10, 10], "/Resources": {},
                    "/Gone": None})
        tree = Ref({"/Type": Name("/Pages"), "/Kids": [page], "/Count": 1})
        page.value["/Parent"] = tree
        root = Ref({"/Type": Name("/Catalog"), "/Pages": tree, "/Arr": [None, 1]})
        graph = canonical_digest(root)
        writer.write([page, tree, root])
        writer.finish(root, bytes.fromhex(graph)[:16])
    with pikepdf.open(path, password=PW) as pdf:
        assert "/Gone" not in pdf.pages[0].obj and graph_digest(pdf) == graph


def test_copied_images_leave_memory_early_and_annotations_wait(tmp_path: Path) -> None:
    """An image with an indirect colour space is written at once; a /P annotation waits."""
    from vault.export.pdfcopy import copy_pages

    pdf = pikepdf.new()
    pdf.add_blank_page()
    gray = pdf.make_indirect(pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceGray, 1,
                                            pikepdf.String(b"\x00\xff")]))
    image = pdf.make_stream(b"\x00\xff", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=2, Height=1, BitsPerComponent=8, ColorSpace=gray)
    page = pdf.pages[0].obj
    page.Resources = pdf.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
    page.Contents = pdf.make_stream(b"q 10 0 0 10 0 0 cm /Im0 Do Q")
    note = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                                Rect=[0, 0, 5, 5], P=page))
    page.Annots = pikepdf.Array([note])
    buf = io.BytesIO()
    pdf.save(buf)
    copied = copy_pages(buf.getvalue())
    early = [r.value for r in copied.early]
    assert any(isinstance(v, Stream) and v.dict.get("/Subtype") == "/Image" for v in early)
    assert any(isinstance(v, list) and v and v[0] == "/Indexed" for v in early)
    later = [r.value for r in copied.later]
    assert any(isinstance(v, dict) and v.get("/Subtype") == "/Text" for v in later)
    assert copied.pages[0] in copied.later
    out = tmp_path / "b.pdf"
    result = export_pdf([f.item(1, buf.getvalue(), "application/pdf", "Annotated")], f.cover("en"),
                        out, signing_key=f.KEY)
    assert verify_export(out, result.password).documents == 1
