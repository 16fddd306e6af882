"""ipywidgets components, one per module: a Box owning an Output, behaviour in plain methods."""
