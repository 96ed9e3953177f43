"""The simulator's account: the order book, its orders and positions, and the account queries' answers and pages."""
