"""Printable reports, drawn with Qt's own painter (PDF via QPdfWriter, PNG via QImage)."""
