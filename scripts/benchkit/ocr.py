"""OCR figures: seconds per page and field-extraction accuracy on generated certificates.

The pages come from ``tests/unit/reading/gen.py`` (typed Russian certificates,
rotated, noisy, blurred, 100-200 dpi), so each has a known date, ICD-10 code,
tracking number and Schedule terms. Accuracy counts a field as found when the
best suggestion for it equals the truth (for terms: every term is reported).
"""

from __future__ import annotations

import time

from scripts.benchkit.model import Figure, at_least, failed, info


def ocr_figures(quick: bool) -> list[Figure]:
    from tests.unit.reading.gen import make_sample
    from vault.evidence.rules import load_rules
    from vault.reading import ocr
    from vault.reading.suggestions import suggest_fields

    if not ocr.available():
        return [failed("ocr_seconds_per_page", "s", "report", "tesseract with rus+eng not installed")]
    rules = load_rules()
    count = 4 if quick else 12
    dpis = (100, 150, 200)
    hits = {"issued": 0, "icd10": 0, "tracking": 0, "kind": 0, "terms": 0}
    seconds: list[float] = []
    for i in range(count):
        sample = make_sample(5000 + i, dpi=dpis[i % len(dpis)])
        start = time.perf_counter()
        text = ocr.ocr_image(sample.image)
        seconds.append(time.perf_counter() - start)
        found = suggest_fields(text, rules)

        def best(field: str, found: list = found) -> str | None:  # type: ignore[type-arg]
            return next((s.value for s in found if s.field == field), None)

        hits["issued"] += best("issued") == sample.issued.isoformat()
        hits["icd10"] += sample.icd10 in [s.value for s in found if s.field == "icd10"]
        hits["tracking"] += best("tracking") == sample.tracking
        hits["kind"] += best("kind") == sample.kind
        hits["terms"] += set(sample.terms) <= {s.value for s in found if s.field == "qualifier"}
    note = f"{count} generated pages at {'/'.join(map(str, dpis))} dpi, psm {ocr.PSM}, OMP_THREAD_LIMIT=1"
    return [
        info("ocr_seconds_per_page", sum(seconds) / count, "s",
             f"{note}; max {max(seconds):.2f} s"),
        at_least("ocr_date_accuracy", hits["issued"] / count, "ratio", 0.9),
        at_least("ocr_icd10_accuracy", hits["icd10"] / count, "ratio", 0.9),
        at_least("ocr_date_and_code_accuracy", (hits["issued"] + hits["icd10"]) / (2 * count), "ratio", 0.9),
        info("ocr_tracking_accuracy", hits["tracking"] / count, "ratio"),
        info("ocr_kind_accuracy", hits["kind"] / count, "ratio"),
        info("ocr_terms_accuracy", hits["terms"] / count, "ratio"),
    ]


GROUPS = {"ocr": ocr_figures}
