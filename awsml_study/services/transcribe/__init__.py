"""Transcribe: batch, medical and call-analytics jobs recognised by pocketsphinx (en-US), vocabularies."""
