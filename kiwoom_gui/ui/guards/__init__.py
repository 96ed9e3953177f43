"""주문 착오 방지 on the window: the dialog and the guard the send flow asks (the rules: kiwoom_gui.guards)."""
