"""Sphinx directives that generate pages of logicnet's documentation from the library,
so they cannot drift from the code or the bundled models.

``logicnet-api MODULE``
    the module's docstring and its public names (``__all__``); for a subpackage, only the
    names ``logicnet`` does not already export (each object is documented once, where
    users call it).
``logicnet-variants MODEL``
    one section per rule variant of a bundled model, from the data ``logicnet variants``
    prints.
``logicnet-semantics``
    the semantics names and every alias the library accepts.
``logicnet-formats``
    the network formats ``logicnet.io`` reads and writes: extensions, the first paragraph
    of each format module's docstring, and what its writer keeps beyond the rules.

Each directive's text comes from a plain function (``api_page`` ...), which the tests
call without building the site. The pages are MyST Markdown, so the text is Markdown;
reStructuredText (autodoc, list tables) goes in an ``{eval-rst}`` block.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def api_members(module_name: str) -> list[str]:
    """The names ``module_name`` documents: its ``__all__`` without submodules, and for a
    subpackage without what ``logicnet`` exports itself."""
    import logicnet

    module = importlib.import_module(module_name)
    public = [n for n in module.__all__ if not n.startswith("_")]
    if module_name != "logicnet":
        public = [n for n in public if n not in logicnet.__all__]
    return [n for n in public if not inspect.ismodule(getattr(module, n))]


def api_page(module_name: str) -> list[str]:
    members = api_members(module_name)
    out = [f".. automodule:: {module_name}"]
    out += [f"   :members: {', '.join(members)}"] if members else ["   :no-members:"]
    return _rst(out)


def variants_page(model: str) -> list[str]:
    """A section per rule variant of ``model``: what it assumes, its source, the rules it
    changes (default and variant) and the organ data it moves."""
    import logicnet as ln
    from logicnet_cli.models import describe_variants

    out: list[str] = []
    for v in describe_variants(ln.read_network(model)):
        out += [f"## {v['name']}: {v['description']}", "", f"**Source reading.** {v['reference']}", ""]
        out += ["**Rules it changes.**", ""]
        for node, rule in v["rules"].items():
            out += [f"- `{node}`", f"  - default: `{rule['default']}`", f"  - {v['name']}: `{rule['variant']}`"]
        moves = [f"`{node}` moves from {m['from']} to {m['to']}" for node, m in v["node_organs"].items()]
        moves += [_mediators(organ, m) for organ, m in v["mediators"].items()]
        if moves:
            out += ["", "**Organ data it changes.**", "", *[f"- {m}" for m in moves]]
        out.append("")
    return out


def _mediators(organ: str, change: dict[str, Any]) -> str:
    parts = [f"gains {', '.join(f'`{m}`' for m in change['added'])}" if change["added"] else ""]
    parts += [f"loses {', '.join(f'`{m}`' for m in change['removed'])}" if change["removed"] else ""]
    return f"the {organ} mediators: {' and '.join(p for p in parts if p) or 'unchanged'}"


def semantics_names() -> dict[str, list[str]]:
    """Each semantics with the other names :func:`canonical_semantics` takes for it."""
    from logicnet import semantics

    # _ALIASES is the table canonical_semantics reads: the page lists exactly what it accepts
    names = [*semantics.SEMANTICS, *semantics._ALIASES]
    return {
        name: sorted(a for a in names if a != name and semantics.canonical_semantics(a) == name)
        for name in semantics.SEMANTICS
    }


def semantics_table() -> list[str]:
    out = [".. list-table::", "   :header-rows: 1", "", "   * - name", "     - also accepted (any case)"]
    for name, aliases in semantics_names().items():
        out += [f"   * - ``{name}``", f"     - {', '.join(f'``{a}``' for a in aliases) or '-'}"]
    return _rst(out)


def formats_table() -> list[str]:
    from logicnet import io

    out = [".. list-table::", "   :header-rows: 1", "", "   * - format", "     - extensions", "     - what it is"]
    out += ["     - written besides the rules"]
    for name, extensions in io.FORMATS.items():
        module = importlib.import_module(f"logicnet.io.{name}")
        summary = (inspect.getdoc(module) or "").split("\n\n")[0].replace("\n", " ")
        keeps = "everything" if module.KEEPS is None else ", ".join(sorted(module.KEEPS)) or "nothing"
        out += [f"   * - ``{name}``", f"     - {', '.join(f'``{e}``' for e in extensions)}", f"     - {summary}"]
        out += [f"     - {keeps}"]
    return _rst(out)


def _rst(lines: list[str]) -> list[str]:
    """reStructuredText lines as a MyST block."""
    return ["```{eval-rst}", *lines, "```"]


def _directive(make: Callable[..., list[str]], arguments: int) -> type[SphinxDirective]:
    """A directive whose content is ``make(*arguments)``, parsed as the page's Markdown."""

    class Generated(SphinxDirective):
        required_arguments = arguments

        def run(self) -> list[nodes.Node]:
            text = "\n".join(make(*self.arguments))
            return self.parse_text_to_nodes(text, allow_section_headings=True)

    return Generated


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("logicnet-api", _directive(api_page, 1))
    app.add_directive("logicnet-variants", _directive(variants_page, 1))
    app.add_directive("logicnet-semantics", _directive(semantics_table, 0))
    app.add_directive("logicnet-formats", _directive(formats_table, 0))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
