"""Lex V2: bot building (lexv2-models) and conversations (lexv2-runtime) from a locally trained classifier."""
