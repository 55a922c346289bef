"""What leaves the line PC in a bundle: secrets out, everything else kept readable."""

from __future__ import annotations

from operator_app.operations.redaction import REMOVED, Redactor
from shopfloor_core.domain.roster import hash_pin


def test_secret_keys_are_removed_and_their_values_scrubbed_from_any_text() -> None:
    pin_hash = hash_pin("2468")
    redactor = Redactor()
    document = redactor.document(
        {
            "roster": [{"id": "op-ana", "badge": "40991", "pin_hash": pin_hash}],
            "sync": {"proxy": "http://it:Pw-2468x@proxy.plant.local:3128", "token_file": "t"},
            "device_token": "abcd-efgh-1234",
        }
    )
    assert document == {
        "roster": [{"id": "op-ana", "badge": REMOVED, "pin_hash": REMOVED}],
        "sync": {"proxy": f"http://{REMOVED}@proxy.plant.local:3128", "token_file": "t"},
        "device_token": REMOVED,
    }
    log = (
        "badge 40991 signed in; counter 409912 read; token abcd-efgh-1234 sent via "
        f"proxy password Pw-2468x; hash {pin_hash}"
    )
    assert redactor.text(log) == (
        f"badge {REMOVED} signed in; counter 409912 read; token {REMOVED} sent via "
        f"proxy password {REMOVED}; hash {REMOVED}"
    )


def test_a_hash_never_seen_in_a_document_is_still_scrubbed_by_its_shape() -> None:
    unseen = hash_pin("1357")
    argon = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"
    text = Redactor().text(f"roster entry with {unseen} and {argon} refused")
    assert text == f"roster entry with {REMOVED} and {REMOVED} refused"
