"""Issue 17 item 4: calls of the package's macros left unrendered in a page's Markdown."""

from __future__ import annotations

from maturity.site.unrendered import PACKAGE_MACROS, renders, unrendered_calls

PAGE = """# Review

Intro {{ level("fraud") }} and {{badge('fraud')}}.

```markdown
{{ level("shown-as-code") }}
```

Inline `{{ gaps("shown") }}` is an example; {{ reviewed_on("2026-11-14") }} is ours.
~~~
{{ heatmap() }}
~~~
{{- checklist("x") }}
"""


def test_each_call_left_outside_code_is_reported_where_it_is() -> None:
    problems = unrendered_calls(PAGE, "docs/review.md", first_line=4)
    assert [(p.path, p.line, p.column) for p in problems] == [
        ("docs/review.md", 6, 7), ("docs/review.md", 6, 32), ("docs/review.md", 16, 1)]
    assert "level()" in problems[0].message and "render_macros: true" in problems[0].message
    assert str(problems[2]).startswith("docs/review.md:16:1: the page calls the package's macro checklist()")


def test_a_rendered_page_has_nothing_left() -> None:
    assert unrendered_calls("# Review\n\nIntro <span>level 1</span>.\n", "x.md") == []
    assert {"level", "badge", "checklist", "gaps", "roadmap", "heatmap"} <= set(PACKAGE_MACROS)


def test_front_matter_decides_then_the_default() -> None:
    assert renders({"render_macros": True}, False) and not renders({"render_macros": False}, True)
    assert renders({}, True) and not renders({}, False)
