"""Declarative endpoint descriptions and the resource objects built from them."""
