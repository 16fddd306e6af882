"""Textract: text, forms, tables, queries, signatures, layout and expenses, sync and async."""
