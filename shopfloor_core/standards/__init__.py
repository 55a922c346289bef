"""The regional standards: the bundled defaults and the readers both sides share.

``*.json`` are the defaults that run until a region's bundle replaces them, read through
``importlib.resources`` by the client and the server alike. ``reader`` reads a parsed table
(the site file's TOML, a bundle's JSON) recording every problem by its key; ``shift_calendar``
reads a shift calendar, the region's patterns or a site's own. The reader of a whole bundle's
sections stays with the client (``operator_app/standards/sections.py``).
"""
