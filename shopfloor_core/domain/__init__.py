"""The domain core: the plant's operational language as plain Python.

Nothing here imports Qt, SQLite or HTTP (an import-linter contract checks it), so every rule
(categories, timelines, revisions, permissions, shifts, KPIs) is testable on its own and is
enforced here rather than by what a screen happens to show.
"""
