"""The credit desk's Qt-free core (issue 19): the account's credit line (kt00001), how many shares credit can buy
(kt00012), the stock's credit flags (kt20017), the estimated ratio after an order, and what the confirmation says.
Every figure is either a number or the host's text marked bad — never a made-up number."""
