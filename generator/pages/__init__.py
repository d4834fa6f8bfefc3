"""Which pages the site has and what each holds, as page plans for the renderer."""
