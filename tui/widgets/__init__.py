"""Reusable widgets (DEFAULT_CSS allowed here, theme variables only)."""
