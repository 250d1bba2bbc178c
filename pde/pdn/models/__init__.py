"""Models of the Sistema Electrónico Estatal: the PDN records delivered by the entes
generadores (records.py) and the API clients and their call log (clients.py)."""

from .clients import *  # noqa: F403
from .records import *  # noqa: F403
