"""From parsed documents to a typed corpus: validation, the final-review completeness
rules, the model and the corpus loader."""
