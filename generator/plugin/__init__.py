"""The MkDocs adapter: the plugin, the fast preview, search and Pagefind. The only package
that imports MkDocs."""
