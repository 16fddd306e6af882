"""Amazon Kendra: indexes, documents, S3 data sources, FAQs, thesauri and ranked search, computed locally."""
