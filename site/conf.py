"""Sphinx configuration for the course website (``make site``; see site/build.py).

Jupyter Book 2 / MyST (the npm package ``mystmd``) downloads its page theme from the web at
build time, which an offline build cannot do; Sphinx with MyST-NB and the Jupyter Book
theme (sphinx-book-theme) comes whole from PyPI and builds with no network at all.
Notebooks are rendered with their committed outputs: nothing is executed.
"""

from __future__ import annotations

import json
import os

project = "k8slearn"
author = "the k8slearn authors"
copyright = "the k8slearn authors, Apache-2.0"  # noqa: A001 - Sphinx's name
_meta = json.loads(os.environ.get("K8SLEARN_SITE_META", "{}"))
release = _meta.get("release", "")

extensions = ["myst_nb"]
nb_execution_mode = "off"  # committed outputs only; nbval checks them in CI
nb_merge_streams = True
# Widget outputs render with the widget state saved in the notebooks, using the renderer
# vendored from npm into _static/widgets by site/build.py (not the CDN myst-nb defaults to);
# without npm, widgets show their text form.
nb_ipywidgets_js = ({"widgets/require.js": {}, "widgets/embed-amd.js": {}}
                    if _meta.get("widgets") else {})
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "notebooks/solutions/**"]
master_doc = "index"
language = "en"

html_theme = "sphinx_book_theme"
html_title = "k8slearn: a Kubernetes source-reading course that runs"
html_static_path = ["_static"]
html_css_files = ["launch.css"]
html_show_sourcelink = False
html_copy_source = True  # the download button links to the sources
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "show_navbar_depth": 1,
    "home_page_in_toc": False,
    "navigation_with_keys": True,
}
if _meta.get("repo"):
    html_theme_options.update(repository_url=f"https://github.com/{_meta['repo']}",
                              use_repository_button=True, path_to_docs="")
