"""Local ML engines, one module per capability; each loads its model lazily, once."""
