"""The simulator's market: prices on the KRX tick grid, the listed instruments and their stock info answers."""
