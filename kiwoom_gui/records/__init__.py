"""What was sent and answered: the order journal (SQLite) and the response log's rows, texts and CSV."""
