"""The command line: `dealbook` and its commands, scaffolding and the starter project."""
