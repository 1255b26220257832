"""The chrome around each report: navigation, title, contents and citation show names as text."""

from dialogue_analysis.reports import site
from tests.conftest import SCRIPT

HOSTILE = f"{SCRIPT} & co"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


def test_the_navigation_and_citation_show_names_as_text():
    page = site.Page(f"Bodies {HOSTILE}", ("before", f"Before {HOSTILE}"), None, "v1")
    header, footer = site.header(page), site.footer(f"Title {HOSTILE}", page)
    assert SCRIPT not in header + footer
    assert (
        '<span class="site-steps"><span class="site-group">'
        f'Bodies {SHOWN}</span><a rel="prev" href="before.html">← Before {SHOWN}</a></span>'
    ) in header
    assert f"“Title {SHOWN}”. Data version v1." in footer
    assert 'href="data.html"' in footer and 'href="sources.html"' in footer


def test_both_neighbours_are_linked_a_space_apart():
    page = site.Page("Bodies", ("a", "A"), ("c", "C"), "v1")
    steps = '<a rel="prev" href="a.html">← A</a> <a rel="next" href="c.html">C →</a></span>'
    assert steps in site.header(page)


def test_the_title_and_contents_keep_the_headings_text():
    body = (
        f"{site.TOC_MARK}"
        '<h1 id="t">Body profile<a class="anchor-link" href="#t">¶</a></h1>'
        '<h2 id="who">Who &amp; <em>when</em><a class="anchor-link" href="#who">¶</a></h2>'
    )
    page = site.with_contents(site.with_title(body, f"Profile {HOSTILE}"))
    assert SCRIPT not in page
    assert f'<h1 id="t">Profile {SHOWN}<a class="anchor-link"' in page
    # The heading is HTML nbconvert wrote: its entity stays one, its tags go.
    assert '<ol><li><a href="#who">Who &amp; when</a></li></ol>' in page
    assert site.with_contents(f"{site.TOC_MARK}<p>no sections</p>") == "<p>no sections</p>"
