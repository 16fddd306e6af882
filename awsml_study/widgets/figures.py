"""Matplotlib figures that show as a picture in JupyterLab and nbconvert, without pyplot.

A bare `matplotlib.figure.Figure` made without pyplot has no display hook unless the inline
backend happens to be active, so a notebook cell ending in one printed `<Figure size ...>`.
`new_figure()` makes a Figure that renders itself as PNG wherever IPython displays it.
"""
from __future__ import annotations

import io

_class = None


def _picture_class():
    global _class
    if _class is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        class Picture(Figure):
            """A matplotlib Figure whose rich display is its PNG (IPython's `_repr_png_`)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                FigureCanvasAgg(self)  # a real canvas, so savefig and the repr need no backend

            def _repr_png_(self) -> bytes:
                return to_png(self)

        _class = Picture
    return _class


def new_figure(*args, **kwargs):
    """A matplotlib Figure (same arguments) that displays as a picture in a notebook."""
    return _picture_class()(*args, **kwargs)


def to_png(figure, **options) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", **options)
    return buffer.getvalue()
