"""The stock beside the ticket: its lookup on its own thread, and its line on the form."""
