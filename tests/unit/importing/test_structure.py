"""Plain JPEGs are accepted on their structure (no decode); everything else is still decoded."""

from __future__ import annotations

import io

import pytest

from tests.corpus.make_corpus import jpeg_with_metadata, truncate
from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing.inspect import inspect_bytes


def _jpeg(**save: object) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buf, "JPEG", **save)  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.mark.parametrize("save", [{}, {"progressive": True}, {"quality": 50, "subsampling": 0}])
def test_plain_jpeg_needs_no_decode(decodes: list[int], save: dict[str, object]) -> None:
    result = inspect_bytes(_jpeg(**save))
    assert (result.width, result.height, result.page_count) == (64, 48, 1)
    assert decodes == []


def test_rotated_jpeg_is_still_decoded(decodes: list[int]) -> None:
    assert inspect_bytes(jpeg_with_metadata()).exif_orientation == 6
    assert decodes == [1]


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_cut_inside_the_scan_data_is_rejected(cut: float) -> None:
    with pytest.raises(ImportRejected, match=reasons.CORRUPT_IMAGE):
        inspect_bytes(truncate(_jpeg(quality=95), cut))


def test_segment_running_past_the_end_is_rejected() -> None:
    data = bytearray(_jpeg())
    at = data.index(b"\xff\xdb")  # DQT: claim a length beyond the file
    data[at + 2 : at + 4] = (len(data)).to_bytes(2, "big") if len(data) < 65536 else b"\xff\xff"
    with pytest.raises(ImportRejected):
        inspect_bytes(bytes(data))


def test_pixel_limit_applies_on_the_fast_path() -> None:
    from vault.importing.limits import Limits

    with pytest.raises(ImportRejected, match="too large"):
        inspect_bytes(_jpeg(), Limits(max_pixels=1000))
