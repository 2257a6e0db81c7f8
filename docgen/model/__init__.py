"""Shared by every flow: the document tree, territory schema, raw draft blocks, findings, errors, French text rules."""
