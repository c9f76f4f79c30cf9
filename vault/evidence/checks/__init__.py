"""Gap checks, one module per group of DOMAIN.md §C (med, na, cor, ags, doc, wrd)."""
