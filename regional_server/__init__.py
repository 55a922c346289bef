"""Reference regional server (development, demos, end-to-end tests)."""
