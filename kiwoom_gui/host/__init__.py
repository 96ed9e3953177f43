"""Talking to Kiwoom: the guarded transport, tokens, orders and queries, answers, hosts and pacing."""
