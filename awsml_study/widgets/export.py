"""Notebooks to HTML whose widgets work offline: the widget renderer embedded instead of a CDN link.

nbconvert's HTML loads @jupyter-widgets/html-manager from a CDN, so offline every widget is blank.
`export_html()` embeds that renderer (taken once from the npm registry with `npm pack`, then cached)
as a data: URL, so the file shows its widgets without a network.
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

# html-manager 1.0.x renders the widget state of ipywidgets 8.1 (controls 2.0 / base 2.0 models).
HTML_MANAGER = "@jupyter-widgets/html-manager"
HTML_MANAGER_VERSION = "1.0.15"
BUNDLE_VAR = "AWSML_STUDY_WIDGET_BUNDLE"


class BundleUnavailable(RuntimeError):
    """The widget renderer is neither cached nor obtainable (npm missing or the registry unreachable)."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "awsml-study" / f"html-manager-{HTML_MANAGER_VERSION}"


def widget_bundle() -> Path:
    """The standalone renderer script (`dist/embed.js`): $AWSML_STUDY_WIDGET_BUNDLE, the cache, or
    fetched from the npm registry (needs `npm`)."""
    if os.environ.get(BUNDLE_VAR):
        path = Path(os.environ[BUNDLE_VAR])
        if not path.is_file():
            raise BundleUnavailable(f"{BUNDLE_VAR}={path} is not a file")
        return path
    target = cache_dir() / "embed.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise BundleUnavailable(
            f"The widget renderer {HTML_MANAGER}@{HTML_MANAGER_VERSION} is not cached and `npm` is "
            f"not installed to fetch it (apt-get install npm, or set {BUNDLE_VAR} to its dist/embed.js).")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", f"{HTML_MANAGER}@{HTML_MANAGER_VERSION}", "--silent"],
                              cwd=tmp, capture_output=True, text=True, timeout=300)
        packs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not packs:
            raise BundleUnavailable(f"npm pack {HTML_MANAGER}@{HTML_MANAGER_VERSION} failed: "
                                    f"{(done.stderr or done.stdout).strip()[-500:]}")
        with tarfile.open(packs[0]) as archive:
            member = archive.extractfile("package/dist/embed.js")
            data = member.read() if member else b""
    if not data:
        raise BundleUnavailable(f"{HTML_MANAGER}@{HTML_MANAGER_VERSION} has no dist/embed.js")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")  # one per process: two never write one file
    partial.write_bytes(data)
    partial.replace(target)  # atomic: two exports at once never read half a file
    return target


def bundle_data_url() -> str:
    data = widget_bundle().read_bytes()
    return "data:text/javascript;base64," + base64.b64encode(data).decode("ascii")


def export_html(notebook: str | Path, output: str | Path | None = None, execute: bool = False,
                timeout: int = 600) -> Path:
    """Write `notebook` as HTML with its widgets' renderer embedded; returns the HTML path.

    With `execute`, the notebook is run first (in its own folder), which also records the widget
    state the HTML needs; a notebook saved without outputs shows only its text otherwise.
    """
    import nbformat
    from nbconvert import HTMLExporter

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    if execute:
        from nbclient import NotebookClient
        NotebookClient(nb, timeout=timeout, resources={"metadata": {"path": str(notebook.parent)}},
                       store_widget_state=True).execute()
    exporter = HTMLExporter(widget_renderer_url=bundle_data_url())
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    output = Path(output) if output else notebook.with_suffix(".html")
    output.write_text(body, encoding="utf-8")
    return output
