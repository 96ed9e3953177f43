"""The market beside the ticket (issue 20): the feed of real-time quotes, the lastPrice line and the orderBook
ladder under the ticket, and the ka10007 snapshot taken on the API thread."""
