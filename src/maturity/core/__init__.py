"""The core: the model and every rule over it.

Scoring, gaps, roadmap, portfolio status, diff and the analyses. No I/O and no
framework: it imports nothing of the package but ``maturity.errors``.
"""
