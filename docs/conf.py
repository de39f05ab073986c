"""Sphinx configuration for careernet's documentation."""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

# Local extensions: careernet_pictures draws the sample network's pictures.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "careernet"
author = "The careernet developers"
copyright = "2026, the careernet developers"  # noqa: A001
release = _version("careernet")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "careernet_pictures",
    "careernet_reference",
    "sphinx_click",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]
nitpicky = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# The reference pages (docs/api/) name each public object once; classes list
# their public members.
autodoc_default_options = {
    "members": True,
}
napoleon_google_docstring = True
napoleon_attr_annotations = True


html_theme = "furo"
html_title = "careernet"
html_static_path = ["_static"]
html_css_files = ["careernet.css"]
