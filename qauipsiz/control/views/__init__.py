"""Split by sub-domain: one module each."""
