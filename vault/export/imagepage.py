"""A PDF page showing one sanitised image upright, without decoding a JPEG.

JPEG bytes go in as a /DCTDecode image XObject exactly as the sanitizer left
them; the EXIF orientation becomes the page's content matrix and page size,
so a rotated or mirrored photo costs nothing and loses nothing. PNG pages
(transparency, 1-bit scans) are decoded and stored as /FlateDecode pixels,
flattened onto white like a printout.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import TYPE_CHECKING, Any

from vault.export.pagehash import page_record
from vault.export.pdfobj import Name, Real, Ref, Stream

if TYPE_CHECKING:
    from vault.importing.sanitize import SanitizedPage

_A4_LONG = 842.0
_COLOUR = {"L": Name("/DeviceGray"), "RGB": Name("/DeviceRGB"), "CMYK": Name("/DeviceCMYK"),
           "CMYK;I": Name("/DeviceCMYK")}


def fit(width: int, height: int) -> tuple[float, float]:
    """Longest side becomes A4's long side; aspect ratio kept."""
    scale = _A4_LONG / max(width, height)
    return round(width * scale, 2), round(height * scale, 2)


def orientation_matrix(orientation: int, pw: float, ph: float) -> tuple[float, ...]:
    """``cm`` operands mapping the image's unit square onto a pw x ph page for EXIF 1-8.

    Derived from where stored pixel (s, t) (fractions from the top-left) must
    appear, e.g. 6 (turn 90° clockwise) puts the stored top-left at the top right.
    """
    return {
        1: (pw, 0, 0, ph, 0, 0),
        2: (-pw, 0, 0, ph, pw, 0),  # mirrored left-right
        3: (-pw, 0, 0, -ph, pw, ph),  # 180°
        4: (pw, 0, 0, -ph, 0, ph),  # mirrored top-bottom
        5: (0, -ph, -pw, 0, pw, ph),  # transposed
        6: (0, -ph, pw, 0, 0, ph),  # 90° clockwise
        7: (0, ph, pw, 0, 0, 0),  # transversed
        8: (0, ph, -pw, 0, pw, 0),  # 90° counter-clockwise
    }.get(orientation, (pw, 0, 0, ph, 0, 0))


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def image_page(page: SanitizedPage, data_sha: bytes) -> tuple[Ref, list[Ref], bytes]:
    """The page (to write later), its image and content streams (to write now) and its
    ``page_record``; ``data_sha`` is SHA-256 of ``page.data``."""
    meta: dict[str, Any] = {"/Type": Name("/XObject"), "/Subtype": Name("/Image"),
                            "/Width": page.width, "/Height": page.height}
    if page.media_type == "image/jpeg":
        meta.update({"/BitsPerComponent": 8, "/ColorSpace": _COLOUR[page.mode],
                     "/Filter": Name("/DCTDecode")})
        if page.mode == "CMYK;I":  # Adobe (Photoshop) CMYK JPEGs store inverted ink values
            meta["/Decode"] = [1, 0] * 4
        xobj, image_sha = Stream(meta, page.data, data_sha), data_sha
    else:
        xobj, image_sha = _flate_image(meta, page.data)
    turned = page.orientation >= 5
    pw, ph = fit(page.height, page.width) if turned else fit(page.width, page.height)
    matrix = " ".join(_num(v) for v in orientation_matrix(page.orientation, pw, ph))
    content = Stream({}, f"q {matrix} cm /Im0 Do Q".encode())
    record = page_record([content.sha], [("/Im0", image_sha)])
    image, contents = Ref(xobj), Ref(content)
    return Ref({
        "/Type": Name("/Page"),
        "/MediaBox": [0, 0, Real.of(pw), Real.of(ph)],
        "/Resources": {"/XObject": {"/Im0": image}},
        "/Contents": contents,
    }), [image, contents], record


def _flate_image(meta: dict[str, Any], png: bytes) -> tuple[Stream, bytes]:
    """PNG -> Flate pixels (1-bit stays 1-bit; alpha is composited onto white)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        if im.mode == "1":
            pixels, bits = im.tobytes(), 1  # rows packed MSB first, 1 = white, as DeviceGray reads them
        else:
            rgba = im.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            pixels, bits = flat.tobytes(), 8
    meta.update({"/BitsPerComponent": bits, "/ColorSpace": Name("/DeviceGray" if bits == 1 else "/DeviceRGB"),
                 "/Filter": Name("/FlateDecode")})
    return Stream(meta, zlib.compress(pixels, 6)), hashlib.sha256(pixels).digest()
