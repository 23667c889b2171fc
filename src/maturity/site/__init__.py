"""The published site: core objects rendered as Markdown and HTML strings.

Pure Python: nothing here imports MkDocs except ``hooks.py``, the edge that MkDocs
loads through ``hooks:`` in ``mkdocs.yml``.
"""
