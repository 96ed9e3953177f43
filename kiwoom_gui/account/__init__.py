"""The account beside the ticket, without Qt: answer fields read by kind, rows of the account queries,
and reconciliation of orders whose outcome is unknown."""
