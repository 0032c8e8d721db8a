"""The records of production control, a module per sub-domain (one `models.py` would pass 600 lines).

Every module's models are imported here, so that Django finds them under `qauipsiz.control.models`.
"""

from .plans import *  # noqa: F401,F403
