"""The records of production control, a module per sub-domain (one `models.py` would pass 600 lines).

Every module's models are imported here, so that Django finds them under `qauipsiz.control.models`.
"""

from . import legal as _legal
from .accidents import *  # noqa: F401,F403
from .legal import *  # noqa: F403
from .regulation import *  # noqa: F401,F403
from .removal import *  # noqa: F401,F403
from .state_prescriptions import *  # noqa: F401,F403

__all__ = [*_legal.__all__]

from .plans import *  # noqa: F401,F403
