"""The published site: core objects rendered as Markdown and HTML strings.

``plugin.py`` is the MkDocs plugin (entry point ``maturity``) and ``macros.py`` the
mkdocs-macros module (``modules: [maturity.site.macros]``); the views beside them are
plain functions of the build's data.
"""
