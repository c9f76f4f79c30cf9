"""The backup's page digest, pinned against an independent computation (a format promise)."""

from __future__ import annotations

import hashlib
import os

import pytest

from vault.backup.format import RESERVE, PageDigest
from vault.errors import IntegrityError
from vault.storage.store import PAGE_SIZE


def _expected(pages: list[bytes]) -> str:
    """Format 1: label, the first page's 16-byte salt, each page's IV+HMAC tail, the count."""
    h = hashlib.sha256(b"spravka/pages/1" + pages[0][:16])
    for page in pages:
        h.update(page[-RESERVE:])
    h.update(len(pages).to_bytes(8, "big"))
    return h.hexdigest()


@pytest.mark.parametrize("cut", [1, 4096, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 7, 3 * PAGE_SIZE])
def test_page_digest_matches_the_format_in_any_slicing(cut: int) -> None:
    pages = [os.urandom(PAGE_SIZE) for _ in range(3)]
    data = b"".join(pages)
    digest = PageDigest()
    for start in range(0, len(data), cut):
        digest.update(data[start:start + cut])
    assert digest.hexdigest() == _expected(pages)


def test_page_digest_refuses_a_partial_page() -> None:
    digest = PageDigest()
    digest.update(os.urandom(PAGE_SIZE + 10))
    with pytest.raises(IntegrityError, match="whole number of pages"):
        digest.hexdigest()
