"""The build log stays text: escape sequences in file names are written as ``\\uXXXX``."""

from __future__ import annotations

import io
import logging

from maturity.site.logs import make_log_inert


def test_a_file_name_escape_sequence_never_reaches_the_build_log_raw() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        make_log_inert()
        logging.getLogger("mkdocs.structure.pages").warning(
            "Doc file '%s' contains a link", "evil\x1b]0;pwned\x07\u202e.md"
        )
        logging.getLogger("mkdocs.commands.build").warning("two lines\nstay two lines")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == (
        "Doc file 'evil\\u001b]0;pwned\\u0007\\u202e.md' contains a link\ntwo lines\nstay two lines\n"
    )
