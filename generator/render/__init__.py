"""From page plans to Markdown and files: templates, bodies, charts, the calendar and the
shipped templates."""
