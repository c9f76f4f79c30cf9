"""English is the source language: no catalog needed."""

CATALOG: dict[str, str] = {}
