"""Statuses and kinds of production-control records."""
