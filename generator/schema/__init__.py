"""The formats, declared once: the fields of reviews and questions, ids and slugs, and the
JSON Schema editors use."""
