"""The order forms: fields, the stock's line and its lookup."""
