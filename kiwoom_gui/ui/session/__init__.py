"""Qt side of the market session (issue 20): the marketState label, the live 0s/1h/0g wiring, the forms."""
