"""From a corpus to a playbook: cross-links, audiences, similar deals, relevance and the
question bank."""
