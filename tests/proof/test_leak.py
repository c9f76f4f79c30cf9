"""Proof: a full workflow leaves no plaintext on the disk that holds the vault.

A fresh ext4 image is loop-mounted with ``sync`` (so even short-lived temp
files reach the disk) and holds the vault, HOME, TMPDIR, the XDG directories
and the working directory of every child process. The source scans carry
unique canary strings (EXIF ImageDescription/UserComment, JPEG COM, PNG text,
PDF /Title, XMP, the PDF text layer, the file names) and live OUTSIDE the mount:
they are plaintext by definition. The workflow then types canaries into
document fields, a condition, a summons and a letter, computes gaps, renders
a preview of every document in memory (through ``render_page`` in a child that
opens the vault, and through the TUI's documents screen with Kitty, Sixel and
iTerm2 forced and with half blocks, then locked), deletes one document whose
scan and fields carry their own canaries, exports an encrypted PDF onto the
mount and locks.

After unmounting, the raw image bytes are searched for every canary (UTF-8,
UTF-16-LE/BE, lower-case and ё-folded as the full-text index stores them),
and an inotify watch on every directory of the mount records each name
created, so a temp file that lived for a millisecond still shows. The export is decrypted with qpdf
into memory to show the search does find canaries when they are there.

Without loop devices the same workflow runs under ``strace`` and the bytes
written to regular files are searched instead (method printed and recorded).

Limit: a search for strings cannot see plaintext that was compressed (e.g. a
zlib stream in a temp file); the file-tree walk and the inotify record
cover that case by refusing any unexpected file at all.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.proof import kit
from tests.proof.figures import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

EXPORT_NAME = "bundle.pdf"


def make_canaries() -> dict[str, str]:
    tag = secrets.token_hex(6)  # 12 hex digits: a chance match in 256 MB is ~1e-6
    labels = ["exifdesc", "exifuser", "jpegcom", "namejpg", "pngtext", "namepng", "pdftitle",
              "pdfxmp", "pdfbody", "namepdf", "docnotes", "docfacility", "condnotes",
              "summnotes", "lettertext", "lettertrack", "delpng", "namedel", "delnotes"]
    out = {label: f"Kanary{label.capitalize()}{tag}" for label in labels}
    # Cyrillic, with capitals and ё, so the folded forms the FTS index stores differ.
    out["pdfbody_ru"] = f"ЁжиковаяКанарейка{tag}"
    out["docdiag_ru"] = f"ДиагнозЁлкаКанарейка{tag}"
    return out


def needles(canaries: dict[str, str]) -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for label, text in canaries.items():
        for form in {text, text.lower(), text.lower().replace("ё", "е")}:
            for enc in ("utf-8", "utf-16-le", "utf-16-be"):
                found[form.encode(enc)] = f"{label}/{enc}"
    return found


def write_sources(src: Path, c: dict[str, str]) -> list[Path]:
    src.mkdir()
    files = {
        f"scan_{c['namejpg']}.jpg": kit.jpeg_with_canaries(c["exifdesc"], c["jpegcom"], c["exifuser"]),
        f"receipt_{c['namepng']}.png": kit.png_with_canary(c["pngtext"]),
        f"extract_{c['namepdf']}.pdf": kit.pdf_with_canaries(
            f"Выписка {c['pdfbody']} {c['pdfbody_ru']}", c["pdftitle"], c["pdfxmp"]),
        "plain.png": kit.png_with_canary("nothing secret here", shade=10),
        f"deleted_{c['namedel']}.png": kit.png_with_canary(c["delpng"], shade=50),  # deleted below
    }
    paths = []
    for name, data in files.items():
        path = src / name
        path.write_bytes(data)
        paths.append(path)
    return paths


PREVIEW = r"""
import asyncio, os, sys, tempfile
from vault.core import Vault
from vault.records.documents import list_rows, read_all
from vault.importing.render import render_page
v = Vault.open(sys.argv[1], sys.stdin.readline().rstrip("\n"))
n = 0
for row in list_rows(v):
    img = render_page(read_all(v, row["id"]), row["media_type"], 0, (600, 600))
    img.tobytes(); n += 1
v.lock()
if os.environ.get("PROOF_INJECT_LEAK"):  # self-test of the detector: a short-lived plaintext temp file
    with tempfile.NamedTemporaryFile() as f:
        f.write(sys.argv[2].encode()); f.flush(); os.fsync(f.fileno())
print(n)
"""

# The TUI's own preview path: the documents screen with each graphics protocol forced (and
# half blocks), every document shown, the escape sequences kept in memory as a terminal
# would receive them, then the lock. Prints how many documents each protocol drew.
TUI_PREVIEW = r"""
import asyncio, os, sys
from textual.css.query import NoMatches
from textual.widgets import _header
from tui.app import make_app

# Pre-existing Textual race, not under test here: a Header removed by the lock can still get
# a title callback (NoMatches, which Header only catches as NoScreen) and end the app.
_mount = _header.Header._on_mount
def _quiet_mount(self, event):
    def safe(*_):
        try:
            self.query_one(_header.HeaderTitle).update(self.format_title())
        except (NoMatches, _header.NoScreen):
            pass
    for owner, name in ((self.app, "title"), (self.app, "sub_title"), (self.screen, "title"),
                        (self.screen, "sub_title")):
        self.watch(owner, name, safe)
_header.Header._on_mount = _quiet_mount

async def wait(pilot, check, seconds=60):
    for _ in range(int(seconds * 10)):
        if check():
            return
        await pilot.pause(0.1)
    raise SystemExit("timed out")

async def show_all(vault_dir, passphrase, protocol):
    os.environ["SPRAVKA_GRAPHICS"] = protocol
    app = make_app(vault_dir, lang="en", idle_lock_seconds=600)
    async with app.run_test(size=(120, 40)) as pilot:
        sent = []
        app._driver.write = sent.append
        app.screen.query_one("#secret").value = passphrase
        await pilot.press("enter")
        await wait(pilot, lambda: app.vault is not None and type(app.screen).__name__ == "DashboardScreen")
        app.settings["preview_graphics"] = protocol
        app.action_goto("documents")
        await wait(pilot, lambda: type(app.screen).__name__ == "DocumentsScreen" and app.screen.docs)
        table, preview = app.screen.query_one("#docs"), app.screen.query_one("#preview")
        drawn = 0
        for index in range(len(table.rows)):
            table.cursor = index
            key = table.current_key
            pane = app.screen.query_one("#docs-preview")
            await wait(pilot, lambda: pane.shown == (key, 0) and (
                preview._image is not None if protocol == "none"
                else bool(preview.sequence) and any(preview.sequence in s for s in sent)))
            drawn += 1
        await wait(pilot, lambda: all(w.is_finished for w in app.workers))
        await pilot.pause(0.5)
        await pilot.press("ctrl+l")
        await wait(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        assert app.vault is None
        return drawn

passphrase = sys.stdin.readline().rstrip("\n")
print(" ".join(str(asyncio.run(show_all(sys.argv[1], passphrase, p))) for p in ("kitty", "sixel", "iterm2", "none")))
"""


def prepare(base: Path) -> set[str]:
    """Create HOME, TMPDIR, XDG dirs and the working directory; return the tree as it is now."""
    kit.make_home(base)
    (base / "work").mkdir()
    return kit.walk_tree(base)


def workflow(base: Path, sources: list[Path], c: dict[str, str],
             prefix: tuple[str, ...] = ()) -> tuple[Path, str]:
    """Run the whole user journey with every child's cwd, HOME, TMPDIR and XDG under ``base``."""
    work = base / "work"
    vault = base / "vault"
    env = kit.child_env(base)
    counter = iter(range(1000))

    def run(*args: str) -> object:
        pre = tuple(a.replace("{n}", str(next(counter))) for a in prefix)
        return kit.ok(kit.cli(*args, "--passphrase-stdin", "--json", vault=vault, env=env,
                              cwd=work, prefix=pre), *args)

    run("init", "--insecure-test-kdf")
    ids = []
    for path in sources:
        [item] = run("import", str(path))  # type: ignore[misc]
        assert item["status"] == "imported", item
        ids.append(item["document_id"])
    run("doc", "set", str(ids[0]), "kind=specialist_conclusion", "issued=2026-01-10",
        f"notes=Заметка {c['docnotes']}", f"facility=ГБУЗ {c['docfacility']}", "icd10=J45.0",
        f"diagnosis=Бронхиальная астма {c['docdiag_ru']}")
    run("doc", "set", str(ids[2]), "kind=outpatient_record", "issued=2025-03-01", "icd10=J45.0")
    cond = run("condition", "add", "--icd10", "J45.0", "--article", "52", "--subitem", "в",
               "--primary", "--notes", c["condnotes"])["id"]  # type: ignore[index]
    run("link", str(ids[0]), "--condition", str(cond), "--element", "current")
    run("link", str(ids[2]), "--condition", str(cond), "--element", "history")
    run("summons", "add", "--appear-on", "2026-10-05", "--received", "2026-09-28", "--channel",
        "paper", "--purpose", "medical", "--notes", c["summnotes"])
    run("letter", "add", "--purpose", "ags", "--sent", "2026-03-20", "--tracking", c["lettertrack"],
        "--receipt", str(ids[1]), "--text", f"Прошу {c['lettertext']}")
    run("doc", "set", str(ids[-1]), f"notes=Удаляемый {c['delnotes']}", "kind=sick_leave")
    run("board", "set", "2027-03-01")
    run("gaps", "--as-of", "2026-11-01")
    run("docs")
    pre = tuple(a.replace("{n}", "preview") for a in prefix)
    proc = subprocess.run([*pre, sys.executable, "-c", PREVIEW, str(vault), c["docnotes"]], input=kit.PASS + "\n",
                          capture_output=True, text=True, cwd=work, env=env, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == str(len(ids)), proc.stderr
    tui_pre = tuple(a.replace("{n}", "tuipreview") for a in prefix)
    tui = subprocess.run([*tui_pre, sys.executable, "-c", TUI_PREVIEW, str(vault)], input=kit.PASS + "\n",
                         capture_output=True, text=True, cwd=work, env=env, timeout=180)
    assert tui.returncode == 0 and tui.stdout.split() == [str(len(ids))] * 4, tui.stdout + tui.stderr
    gone = run("doc", "delete", str(ids[-1]), "--yes")  # the deleted scan's canaries must not show
    assert gone["document_id"] == ids[-1], gone  # type: ignore[index]
    out = work / EXPORT_NAME
    exported = run("export", "--format", "pdf", "--show-names", "--out", str(out))
    run("verify")
    return out, exported["password"]  # type: ignore[index]


def decrypted_export(path: Path, password: str) -> bytes:
    """qpdf decrypts (and uncompresses) into a pipe: nothing plaintext is written to disk."""
    proc = subprocess.run(["qpdf", f"--password={password}", "--decrypt", "--qdf",
                           "--object-streams=disable", str(path), "-"], capture_output=True, check=False)
    assert proc.returncode in (0, 3), proc.stderr
    return proc.stdout


def search(data: bytes, table: dict[bytes, str]) -> list[str]:
    """Labels of every needle found. Every canary ends with the run's tag, so one regex
    pass finds the tag in any encoding and only the bytes just before a hit are checked."""
    tags = {label: needle for needle, label in table.items()}
    anchors = {needle[-_TAG_BYTES[label.rsplit("/", 1)[1]]:] for label, needle in tags.items()}
    longest = max(len(n) for n in table)
    found = set()
    for anchor in anchors:
        at = data.find(anchor)
        while at >= 0:
            end = at + len(anchor)
            window = data[max(0, end - longest):end]
            found.update(label for needle, label in table.items() if window.endswith(needle))
            at = data.find(anchor, at + 1)
    return sorted(found)


_TAG_BYTES = {"utf-8": 12, "utf-16-le": 24, "utf-16-be": 24}


def allowed_created(rel: str) -> bool:
    """Names that may appear (even briefly) during the workflow, all ciphertext by construction."""
    if rel.startswith("vault"):
        return True  # the vault directory itself: its content is what the raw grep checks
    return rel.startswith(f"work/{EXPORT_NAME}")  # the export, its encrypted .partial-* and scratch


def test_no_plaintext_on_disk(tmp_path: Path) -> None:
    if not kit.is_root():
        pytest.skip("needs root to mount an ext4 image (CI runs as root)")
    missing = kit.tools("qpdf", "mkfs.ext4", "strace")
    if missing:
        pytest.skip(f"missing tools: {missing}")
    canaries = make_canaries()
    table = needles(canaries)
    sources = write_sources(tmp_path / "src", canaries)  # outside the mount: plaintext by definition
    forced = os.environ.get("SPRAVKA_PROOF_LEAK_METHOD") == "strace"
    started = time.perf_counter()
    image, mnt = tmp_path / "disk.img", tmp_path / "mnt"
    method = "strace"
    if not forced:
        try:
            with kit.loop_mount(image, mnt, 256) as base:
                method = "loop-ext4"
                print(f"[proof] leak test method: {method} (raw image grep + inotify)")
                before = prepare(base)
                watch = kit.CreationWatch(base, [base, *(base / p.rstrip("/") for p in before
                                                         if p.endswith("/"))])
                try:
                    out, password = workflow(base, sources, canaries)
                finally:
                    created = watch.stop()
                after = kit.walk_tree(base)
                export_bytes = out.read_bytes()
                plain_export = decrypted_export(out, password)
        except OSError as exc:
            print(f"[proof] loop mount unavailable ({exc}); falling back to strace")
    if method == "strace":
        print("[proof] leak test method: strace (bytes written to regular files)")
        base = tmp_path / "base"
        base.mkdir()
        traces = tmp_path / "traces"
        traces.mkdir()
        prefix = ("strace", "-f", "-qq", "-y", "-xx", "-s", "67108864", "-e",
                  "trace=openat,creat,rename,renameat,renameat2,mkdir,write,pwrite64,writev,pwritev",
                  "-o", str(traces / "t{n}"))
        before = prepare(base)
        out, password = workflow(base, sources, canaries, prefix)
        after = kit.walk_tree(base)
        export_bytes = out.read_bytes()
        plain_export = decrypted_export(out, password)

    # 1. The search works: the decrypted export does contain canaries.
    in_export = search(plain_export, table)
    assert in_export, "decrypted export shows no canary: the search would not see a leak"
    # 2. The encrypted export shows none of them.
    assert search(export_bytes, table) == [], "canary visible in the encrypted export"

    # 3. No file appeared outside the vault but the export.
    expected = before | {"vault/", "vault/k", "vault/d", "vault/x", f"work/{EXPORT_NAME}"}
    unexpected = sorted(after - expected)
    assert unexpected == [], f"unexpected files on the vault disk: {unexpected}"

    # 4. No canary anywhere on the disk (or in any byte written to a file).
    if method == "loop-ext4":
        data = image.read_bytes()
        hits = search(data, table)
        outside = [p for p in created if not allowed_created(p)]
        strays = {"outside vault": outside} if outside else {}
        scanned = len(data)
    else:
        hits, strays, scanned = _scan_traces(tmp_path / "traces", table, base)
    record("leak", {"method": method, "canaries": len(canaries), "needles": len(table),
                    "bytes_scanned": scanned, "hits": hits, "stray_files": strays,
                    "decrypted_export_canaries": in_export,
                    "seconds": round(time.perf_counter() - started, 1)})
    assert hits == [], f"plaintext canaries found on disk: {hits}"
    assert strays == {}, f"short-lived files outside the vault: {strays}"


_WRITE = re.compile(r'^\d+\s+(?:write|pwrite64)\(\d+<([^>]*)>, "((?:\\x[0-9a-f]{2})*)"')
_OPEN = re.compile(r'^\d+\s+(?:openat|creat|mkdir)\(.*?"((?:\\x[0-9a-f]{2})*)".*?(O_WRONLY|O_RDWR|O_CREAT|mkdir)')


def _scan_traces(folder: Path, table: dict[bytes, str], base: Path) -> tuple[list[str], dict[str, list[str]], int]:
    hits: set[str] = set()
    created: set[str] = set()
    scanned = 0
    for trace in folder.iterdir():
        for line in trace.read_text(errors="replace").splitlines():
            m = _WRITE.match(line)
            if m:
                target = bytes.fromhex(m.group(1).replace("\\x", "")) if "\\x" in m.group(1) else m.group(1).encode()
                path = target.decode(errors="replace")
                if not path.startswith("/") or path.startswith(("/dev/", "/proc/")):
                    continue  # pipes (stdout/stderr to the test), sockets, terminals
                payload = bytes.fromhex(m.group(2).replace("\\x", ""))
                scanned += len(payload)
                hits.update(search(payload, table))
                continue
            m = _OPEN.match(line)
            if m:
                path = bytes.fromhex(m.group(1).replace("\\x", "")).decode(errors="replace")
                hits.update(search(path.encode(), table))
                if path.startswith(str(base)) and not path.startswith(str(base / "vault")):
                    rel = os.path.relpath(path, base)
                    if not (rel.startswith(f"work/{EXPORT_NAME}") or rel == "work"):
                        created.add(rel)
    return sorted(hits), ({"outside vault": sorted(created)} if created else {}), scanned
