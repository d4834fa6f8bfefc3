"""Dealbook: turns post-negotiation reviews into a negotiation playbook site.

The core (everything but `plugin`) knows nothing of MkDocs.
"""
