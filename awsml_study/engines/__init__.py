"""Local ML engines grouped by capability (text/, vision/, speech/, documents/, …): a service package
imports the capability it needs, and one engine serves several services (the OCR serves Textract and
Rekognition DetectText, the sentiment model Comprehend, Transcribe Call Analytics and Lex). Each
engine loads its model lazily, once."""
