"""kiwoom-gui: a desktop order ticket for Kiwoom REST credit orders (kt10006–kt10009)."""

__version__ = "0.3.4"
