"""Widgets of the one-step actions (issue 21): 모두 취소 in 미체결, and the switch that halts new orders."""
