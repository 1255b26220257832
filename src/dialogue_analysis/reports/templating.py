"""The site's pages from Jinja2 templates: ``templates/pages/``, autoescaped.

Python hands the templates data (text, numbers, lists, dicts, dataclasses); the templates write
every tag. Text is escaped as ``html.escape`` escapes it (quotes as ``&quot;`` and ``&#x27;``), the
one escaping the pages have always used, so that a page reads byte for byte as before; a value
that is already markup (``Markup``: a macro's output, HTML a library rendered) passes unchanged.
The template files end in ``.j2``, so the reports' cache key (``state.library_hash``) covers them.

The pages are compared byte for byte, so whitespace is deliberate: with ``trim_blocks`` and
``lstrip_blocks`` a ``{% tag %}`` alone on its line leaves no line behind; a line that starts with
``{#- #}`` continues the line before it; ``+%}`` keeps the newline after a tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

PAGES_DIR = Path(__file__).parent / "templates" / "pages"


def escaped(value: object) -> Markup:
    """``value`` as text in HTML (escaped as ``html.escape`` does); markup is left as it is."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(escape(str(value)))


def _joined(values: Iterable[object], separator: str = "") -> Markup:
    """The ``join`` filter, escaping each value (and the separator) as ``escaped`` does."""
    return escaped(separator).join(escaped(v) for v in values)


@cache
def environment() -> jinja2.Environment:
    """The one environment of the site's pages (shared: rendering is thread-safe)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGES_DIR),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # Applied to every {{ }} before autoescape: text is escaped here, markup passes.
        finalize=escaped,
    )
    env.filters.update(e=escaped, escape=escaped, join=_joined)
    return env


def render(template: str, **data: object) -> str:
    """The page ``template`` (a file name under ``templates/pages/``) for ``data``."""
    return environment().get_template(template).render(**data)


def fragment(template: str, macro: str, *args: object) -> str:
    """The HTML the macro ``macro`` of ``template`` writes for ``args``: a fragment of a page.

    A plain ``str``, not ``Markup``: the callers splice it into HTML with ``+`` and ``re.sub``,
    where ``Markup`` would escape the other operand.
    """
    return str(getattr(environment().get_template(template).module, macro)(*args))
