"""What a stock code is: its name, price, limits, tick and warnings (Qt-free).

``ticks``: the KRX tick grid (resources/ticks.json) — holds offline, no lookup needed.
``model``: :class:`Instrument`, what ka10001 + ka10100 said about one code.
``parse``: answers → :class:`Instrument`; unknown-code answers (1901–1903).
``rules``: the checks a looked-up instrument adds to a form (band, NXT, warnings).
``kind``: which tick grid applies, and the stricter one ("stock+etf") while an ETF/ETN claim is unsure.
``merge``: a refresh that does not say keeps a known warning until an answer clears it.
"""
