"""The 신용잔고 tab (issue 19): loan lots, their expiry marks and the sell they fill."""
