"""The built-in Kiwoom simulator (loopback only)."""

from .server import DEMO_APPKEY, DEMO_SECRETKEY, FAULTS, KiwoomSimulator, Recorded

__all__ = ["DEMO_APPKEY", "DEMO_SECRETKEY", "FAULTS", "KiwoomSimulator", "Recorded"]
