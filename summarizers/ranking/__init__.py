"""Sentence ranking methods behind one signature; `summarizers.summary` picks and composes them."""
