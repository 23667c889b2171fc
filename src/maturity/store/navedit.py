"""Put a page into ``mkdocs.yml``'s ``nav``, where a newer skeleton has it, losslessly.

An upgrade that adds a page (``docs/campaigns.md``) finds the page's place in the new
version's ``mkdocs.yml``: the sections it sits in and the entry before it. In the
team's ``mkdocs.yml`` the same entry is written at the same place (after that
sibling, or at the end of the section when the sibling is gone) as one new line
spliced into the text: ruamel.yaml composes the file for the positions only, so every
other character, comment and indentation stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from maturity.errors import WriteRefused
from maturity.store.yamledit import (
    Splice,
    apply,
    compose,
    find,
    insert_lines_after,
    is_flow,
    node_end,
    scalar,
)


@dataclass(frozen=True)
class NavPlace:
    """Where a page sits in a nav: its sections' titles, its own title (``None`` for a
    bare path) and the key of the entry before it (``None``: it comes first)."""

    sections: tuple[str, ...]
    title: str | None
    before: str | None


def _entry(item: Node) -> tuple[str | None, Node | None]:
    """A nav item's title (or bare path) and its value (``None`` for a bare path)."""
    if isinstance(item, ScalarNode):
        return str(item.value), None
    if isinstance(item, MappingNode) and len(item.value) == 1:
        key, value = item.value[0]
        if isinstance(key, ScalarNode):
            return str(key.value), value
    return None, None


def _place(items: SequenceNode, page: str, sections: tuple[str, ...] = ()) -> NavPlace | None:
    before: str | None = None
    for item in items.value:
        key, value = _entry(item)
        if value is None and key == page:
            return NavPlace(sections, None, before)
        if isinstance(value, ScalarNode) and value.value == page:
            return NavPlace(sections, key, before)
        if isinstance(value, SequenceNode) and key is not None:
            found = _place(value, page, (*sections, key))
            if found is not None:
                return found
        before = key
    return None


def _contains(node: Node, page: str) -> bool:
    if isinstance(node, ScalarNode):
        return bool(node.value == page)
    if isinstance(node, SequenceNode):
        return any(_contains(item, page) for item in node.value)
    if isinstance(node, MappingNode):
        return any(_contains(value, page) for _, value in node.value)
    return False


def _nav(text: str) -> Node | None:
    found = find(compose(text), "nav")
    return None if found is None else found[1]


def nav_place(text: str, page: str) -> NavPlace | None:
    """Where ``page`` (a path relative to ``docs/``) sits in this mkdocs.yml's nav."""
    nav = _nav(text)
    return _place(nav, page) if isinstance(nav, SequenceNode) else None


def in_nav(text: str, page: str) -> bool:
    """The page is named in the nav, or there is no nav (MkDocs then lists every page)."""
    nav = _nav(text)
    return nav is None or _contains(nav, page)


def _dash_column(text: str, item: Node) -> int:
    """The column of the ``-`` that starts a block sequence item."""
    index = int(item.start_mark.index) - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    if index < 0 or text[index] != "-":
        raise WriteRefused("not written: cannot find the '-' of a nav entry")
    return index - (text.rfind("\n", 0, index) + 1)


def add_to_nav(text: str, page: str, template: str) -> str | None:
    """``text`` (a mkdocs.yml) with ``page`` added to its nav where ``template`` (the new
    version's mkdocs.yml) has it; ``None`` when nothing is to be done: the page is
    there already, there is no nav (every page is listed), or the template does not
    name the page. Raises ``WriteRefused`` for a nav it cannot edit line by line (flow
    style, empty)."""
    place = nav_place(template, page)
    nav = _nav(text)
    if place is None or nav is None or _contains(nav, page):
        return None
    if not isinstance(nav, SequenceNode) or is_flow(nav) or not nav.value:
        raise WriteRefused("not written: its nav is not a block list")
    items: SequenceNode = nav
    for title in place.sections:  # down the sections the team still has; the deepest one found
        section = next((value for item in items.value
                        for key, value in [_entry(item)]
                        if key == title and isinstance(value, SequenceNode)), None)
        if section is None or is_flow(section) or not section.value:
            break
        items = section
    title_text = place.title
    column = _dash_column(text, items.value[0])
    body = scalar(page, flow=False)
    if title_text:
        body = f"{scalar(title_text, flow=False)}: {body}"
    line = f"{' ' * column}- {body}"
    anchor = next((item for item in items.value if _entry(item)[0] == place.before), None)
    if place.before is None:
        first = items.value[0]
        start = text.rfind("\n", 0, int(first.start_mark.index)) + 1
        splice = Splice(start, start, line + "\n")
    else:
        splice = insert_lines_after(text, node_end(text, anchor or items.value[-1]), [line])
    edited = apply(text, [splice])
    if not _contains(_nav(edited) or SequenceNode("", []), page):
        raise WriteRefused("not written: the nav did not take the new entry")
    return edited
