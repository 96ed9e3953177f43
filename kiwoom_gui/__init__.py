"""kiwoom-gui: a desktop order ticket for Kiwoom REST credit orders (kt10006–kt10009)."""

__version__ = "0.1.0"

from . import _moved

_moved.install()  # kiwoom_gui.validation, kiwoom_gui.client … (the flat layout of 0.1) still import
