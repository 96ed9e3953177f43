"""The built-in Kiwoom simulator (loopback only)."""

from .gateway import DEMO_APPKEY, DEMO_SECRETKEY, FAULTS
from .http_handler import Recorded
from .server import KiwoomSimulator

__all__ = ["DEMO_APPKEY", "DEMO_SECRETKEY", "FAULTS", "KiwoomSimulator", "Recorded"]
