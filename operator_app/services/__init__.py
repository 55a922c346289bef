"""Application services: the use cases the screens, the CLI and the workers call.

No Qt here. Every method that changes data checks the person's permission and the plant's
rules before anything is written, and returns only after the write is durable.
"""
