"""Loan lots (신용잔고, issue 19): one row per (종목, 대출일) from ka10085, kt00005 and live 04 events (Qt-free)."""
