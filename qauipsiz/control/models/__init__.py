"""The records of production control, a module per sub-domain (one `models.py` would pass 600 lines).

Every module's models are imported here, so that Django finds them under `qauipsiz.control.models`.
"""

from . import legal as _legal
from .legal import *  # noqa: F403

__all__ = [*_legal.__all__]
