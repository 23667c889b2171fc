"""Views: the one wording of every output.

Numbers, level ranges, change directions and status labels, and score, gaps, roadmap
and diff as text, Markdown and JSON data. Every edge (CLI, site, notebooks, pull-request
comment) renders through here, so a value reads the same everywhere.
"""
