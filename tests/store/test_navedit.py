"""Adding a page to mkdocs.yml's nav where the new version has it: one line spliced in,
every other character as it was."""

from __future__ import annotations

import pytest

from maturity.errors import WriteRefused
from maturity.store.navedit import add_to_nav, in_nav, nav_place

TEMPLATE = """site_name: X
nav:
  - Home: index.md
  - Campaigns: campaigns.md
  - Guide:
      - guide/index.md
      - Upgrades: guide/upgrade.md
  - first.md
"""


def test_where_a_page_sits() -> None:
    place = nav_place(TEMPLATE, "campaigns.md")
    assert place is not None and (place.sections, place.title, place.before) == ((), "Campaigns", "Home")
    place = nav_place(TEMPLATE, "guide/upgrade.md")
    assert place is not None and (place.sections, place.title, place.before) == (("Guide",), "Upgrades",
                                                                                 "guide/index.md")
    assert nav_place(TEMPLATE, "nowhere.md") is None


def test_after_the_same_sibling_with_comments_and_spacing_kept() -> None:
    team = ("site_name: Ours   # our name\n"
            "plugins: [search]\n"
            "nav:\n"
            "    - Home: index.md    # start here\n"
            "    - Notes: notes.md\n"
            "    - Guide:\n"
            "        - guide/index.md\n"
            "    # the end\n")
    edited = add_to_nav(team, "campaigns.md", TEMPLATE)
    assert edited == team.replace("    - Home: index.md    # start here\n",
                                  "    - Home: index.md    # start here\n    - Campaigns: campaigns.md\n")
    edited = add_to_nav(edited, "guide/upgrade.md", TEMPLATE)
    assert edited is not None
    assert "        - guide/index.md\n        - Upgrades: guide/upgrade.md\n" in edited
    assert in_nav(edited, "guide/upgrade.md") and in_nav(edited, "campaigns.md")
    assert add_to_nav(edited, "campaigns.md", TEMPLATE) is None  # there already


def test_a_missing_sibling_or_section_appends_where_it_can() -> None:
    team = "nav:\n- index.md\n- Notes: notes.md\n"
    edited = add_to_nav(team, "guide/upgrade.md", TEMPLATE)  # no Guide section here: top level, at the end
    assert edited == team + "- Upgrades: guide/upgrade.md\n"


def test_a_page_that_comes_first_goes_first() -> None:
    template = "nav:\n  - first.md\n  - index.md\n"
    assert add_to_nav("nav:\n  - index.md\n", "first.md", template) == "nav:\n  - first.md\n  - index.md\n"


def test_no_nav_means_every_page_is_listed_and_nothing_changes() -> None:
    assert in_nav("site_name: X\n", "campaigns.md")
    assert add_to_nav("site_name: X\n", "campaigns.md", TEMPLATE) is None


def test_a_title_that_needs_quotes_gets_them() -> None:
    template = "nav:\n  - index.md\n  - 'Yes: no': odd.md\n"
    edited = add_to_nav("nav:\n  - index.md\n", "odd.md", template)
    assert edited == 'nav:\n  - index.md\n  - "Yes: no": odd.md\n'


@pytest.mark.parametrize("team", ["nav: [index.md]\n", "nav: []\n"])
def test_a_nav_it_cannot_edit_line_by_line_is_refused(team: str) -> None:
    with pytest.raises(WriteRefused):
        add_to_nav(team, "campaigns.md", TEMPLATE)
