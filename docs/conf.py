"""Sphinx configuration of logicnet's documentation.

Built with ``sphinx-build -W --keep-going -b html docs docs/_build/html`` (``.ci/run``
does it after the tests). logicnet must be importable (installed with its ``docs`` extra);
the notebooks run at build time in a Jupyter kernel of the same Python. Nothing is
fetched from the network.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import logicnet  # the version below is the documented package's

project = "logicnet"
author = "the logicnet authors"
copyright = "the logicnet authors"
release = logicnet.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "myst_nb",  # also registers myst_parser for the Markdown pages
    "logicnet_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "jupyter_execute"]
root_doc = "index"

# MyST: ``{include}`` of CHANGELOG.md, heading anchors for in-page links, ::: fences
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# notebooks: executed on every build (no cache to go stale), an error fails the build
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_inherit_docstrings = True
autosummary_generate = False
add_module_names = False

html_theme = "furo"
html_title = f"logicnet {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
