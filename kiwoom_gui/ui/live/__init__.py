"""The live connection in the window: its thread, batching and what events change."""
