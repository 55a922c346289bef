"""Reusable touch widgets: large targets, visible feedback, no application knowledge."""
