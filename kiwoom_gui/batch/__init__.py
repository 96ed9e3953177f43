"""Orders sent as one step: a stock's open credit orders cancelled after one confirmation (issue 21)."""
