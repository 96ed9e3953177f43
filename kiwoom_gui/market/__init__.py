"""The market beside the ticket (issue 20), Qt-free: real-time quotes read (0B, 0D, 0H, 0g; 1h and 0s passed on
as sent), the ka10007 snapshot read, the quote item of a stock at a venue and its REG/REMOVE frames, and the
ladder's rules (which level may fill the price field)."""
