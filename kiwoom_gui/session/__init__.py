"""The market's sessions (KRX, NXT) and what each accepts; VI and the live band (issue 20). Qt-free."""
