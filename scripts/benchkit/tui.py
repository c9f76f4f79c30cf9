"""TUI figures: cold start vs a minimal Textual app, filter latency on 10,000 documents."""

from __future__ import annotations

from scripts.benchkit.model import Figure, at_most


def tui_figures(quick: bool) -> list[Figure]:
    from tui.bench_support import cold_start, filter_latency

    start = cold_start(runs=5 if quick else 9)  # ~0.25 s apiece; three gave 1.07-1.32 on unchanged code
    latency = filter_latency(10_000)
    return [
        at_most("tui_cold_start_vs_minimal_textual", start["ratio"], "x", 1.3,
                f"unlock prompt {start['spravka_s']:.2f} s, minimal app {start['minimal_s']:.2f} s"),
        at_most("document_filter_10000_ms", latency["median_s"] * 1000, "ms", 50,
                f"keystroke to rows replaced; max {latency.get('max_s', 0) * 1000:.0f} ms"),
    ]


GROUPS = {"tui": tui_figures}
