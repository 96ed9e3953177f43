"""The response log: its model and panel."""
