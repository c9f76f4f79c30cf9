"""Mutated valid files must be accepted or rejected cleanly: never another exception, never a hang.

Each example is bounded by Hypothesis' deadline (a slow example fails the test)
and the whole test by pytest-timeout, which catches a genuine hang in C code.
"""

from __future__ import annotations

import io
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.corpus import make_corpus as corpus
from vault.errors import ImportRejected
from vault.importing.inspect import inspect_bytes
from vault.importing.limits import Limits
from vault.importing.sanitize import sanitize_image
from vault.importing.sanitize_pdf import sanitize_pdf

# Small pixel/page ceilings: a flipped header byte can claim a large image, and
# decoding 100 MP per example would only measure memory bandwidth.
LIMITS = Limits(max_pixels=2_000_000, max_pages=50)
FUZZ = settings(
    max_examples=400,
    deadline=3000,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def pdf_seeds() -> tuple[bytes, ...]:
    return (corpus.cyrillic_pdf(1), corpus.xref_loop_pdf(), corpus.nested_pdf(200), corpus.page_tree_loop_pdf())


@cache
def image_seeds() -> tuple[bytes, ...]:
    small = corpus.scan_image((40, 30))
    webp, png = io.BytesIO(), io.BytesIO()
    small.save(webp, "WEBP")
    small.save(png, "PNG")
    return (corpus.jpeg_with_metadata(), png.getvalue(), corpus.tiff(2), webp.getvalue(), corpus.heic())


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "splice", "insert", "duplicate", "digits"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[max(1, pos) :]
        elif op == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other) - 1))
            data[pos:pos] = other[start : start + draw(st.integers(1, 512))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "duplicate":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 256))]
        else:  # numbers drive PDF lengths/offsets and image sizes: make them large
            data[pos:pos] = str(draw(st.sampled_from([0, -1, 2**31, 2**63, 99999999]))).encode()
    return bytes(data)


def _accepts_or_rejects(data: bytes) -> bool:
    try:
        inspect_bytes(data, LIMITS)
    except ImportRejected as exc:
        assert str(exc) and "\n" not in str(exc)
        return False
    return True


@pytest.mark.timeout(120)
@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns on corrupt EXIF; not a failure
@FUZZ
@given(mutated(pdf_seeds()))
def test_fuzz_pdf(data: bytes) -> None:
    if _accepts_or_rejects(data):
        try:
            sanitize_pdf(data, LIMITS)
        except ImportRejected:
            pass


@pytest.mark.timeout(120)
@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns on corrupt EXIF; not a failure
@FUZZ
@given(mutated(image_seeds()))
def test_fuzz_images(data: bytes) -> None:
    if _accepts_or_rejects(data):
        sanitize_image(data, LIMITS)  # inspect accepted it, so this must succeed too


def test_seeds_are_valid() -> None:
    for seed in pdf_seeds()[:3] + image_seeds():
        assert _accepts_or_rejects(seed)
    assert Image.open(io.BytesIO(image_seeds()[0])).size == (120, 80)
