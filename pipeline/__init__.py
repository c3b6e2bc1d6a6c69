"""Pressroom: press releases from plain text to structured HTML, branded PDF and NewsML-G2."""

__version__ = "0.1.0"
