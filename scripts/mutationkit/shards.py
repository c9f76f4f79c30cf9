"""``scripts/mutation --package NAME --shard K/N``: one full run split over N processes.

A full run of a big package takes hours on one worker; N shards (every N-th
mutant of the same stable order, starting at K) can run side by side, each in
its own scratch copy. Each shard stores its part under the package's entry;
when all N parts of the same commit are in, they replace the figure as one
full run. Until then the recorded figure stays as it was.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path
from typing import Any

from scripts.mutationkit.cosmic import Score


def parse(text: str) -> tuple[int, int]:
    """"K/N" with 1 <= K <= N."""
    k_text, _, n_text = text.partition("/")
    if not (k_text.isdigit() and n_text.isdigit()) or not 1 <= int(k_text) <= int(n_text):
        raise ValueError(f"--shard wants K/N with 1 <= K <= N, not {text!r}")
    return int(k_text), int(n_text)


def record_shard(figures: Path, score: Score, stamp: dict[str, str], shard: tuple[int, int]) -> bool:
    """Store one shard's part (under a lock: shards finish in any order); True when the
    parts were complete and merged into the package's figure."""
    with open(figures, "r+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        data = json.loads(fh.read())
        entries = data["packages"]
        index = next((i for i, p in enumerate(entries) if p["package"] == score.package), None)
        if index is None:
            entries.append({"package": score.package, "score": None, "killed": 0, "survived": [],
                            "equivalent_excluded": 0})
            index = len(entries) - 1
        entry = entries[index]
        parts = {key: part for key, part in entry.get("shards", {}).items()
                 if part["commit"] == stamp["commit"] and key.endswith(f"/{shard[1]}")}
        parts[f"{shard[0]}/{shard[1]}"] = {**score.to_json(), **stamp}
        merged = _merge(score.package, parts, shard[1])
        entries[index] = merged if merged is not None else {**entry, "shards": parts}
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return merged is not None


def _merge(package: str, parts: dict[str, dict[str, Any]], count: int) -> dict[str, Any] | None:
    if len(parts) < count:
        return None
    ordered = [parts[f"{k}/{count}"] for k in range(1, count + 1)]
    killed = sum(p["killed"] for p in ordered)
    survived = sorted((s for p in ordered for s in p["survived"]),
                      key=lambda s: (s.split(":")[0], int(s.split(":")[1].split()[0])))
    total = killed + len(survived)
    return {"package": package, "score": killed / total if total else None, "killed": killed,
            "survived": survived, "equivalent_excluded": ordered[0]["equivalent_excluded"],
            "seconds": max(p["seconds"] for p in ordered), "shard_count": count,
            "commit": ordered[0]["commit"], "at": min(p["at"] for p in ordered)}
