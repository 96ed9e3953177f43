"""Small shared pieces: Korea's clock, safe host text, the packaged resources, the display check, and
what crosses threads."""
