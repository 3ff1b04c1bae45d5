"""Kooperacja: social services delivered together by local governments, social-economy entities and institutions."""

__version__ = "0.1.0"
