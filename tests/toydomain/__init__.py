"""A toy domain, installed by the test settings only: it proves that a domain gets its menu entry, home panel,
retention rule, scope, page and API endpoint from its one `register_domain(...)` call, with no edit outside this folder.

Where the acts mechanism (qauipsiz/acts/) lands, the toy's act table goes in `acts.py` here.
"""
