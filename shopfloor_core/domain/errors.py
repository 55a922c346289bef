"""Errors a user can act on, raised by the domain and the services."""


class RuleViolation(Exception):
    """A request broke a rule of the plant's standard (unknown reason, overlap, limit, ...).

    The message is plain English meant for logs and the CLI; screens map ``code`` to a
    translated sentence, so a rule's wording lives in one place per language.
    """

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


class PermissionDenied(RuleViolation):
    """The signed-in person's role does not allow the action."""
