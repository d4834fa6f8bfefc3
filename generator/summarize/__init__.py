"""What the playbook says across deals: patterns and follow-through."""
