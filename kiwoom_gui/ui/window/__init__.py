"""The main window's parts: the top row, the send flow, the confirmation, the number origins, the settings."""
