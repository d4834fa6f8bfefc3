"""From files to parsed documents: the settings, the content tree, YAML front matter with
positions, git history and the parse cache."""
