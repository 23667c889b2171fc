"""The evidence link checker: an edge of its own, the only code that talks HTTP.

``maturity check-links`` (the CLI) calls ``check_links``; the results go to the
plain results file (``maturity.store.linkresults``), which the site reads without
loading this package or its network libraries (httpx, asyncio, ssl).
"""
