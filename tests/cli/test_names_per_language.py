"""The site file names machines and tags per language, and people their language."""

from __future__ import annotations

import pytest

from operator_app.site_config import ConfigError, parse_site_config

SITE = """
[site]
plant = "VAL"
area = "ASSEMBLY"
line = "L1"
timezone = "Europe/Madrid"

[[machines]]
id = "PRESS-1"
name = "Press 1"
{machine_names}

[machines.modbus]
host = "127.0.0.1"
port = 502
unit_id = 1

[[machines.tags]]
name = "oil"
label = "Oil temperature"
table = "input_register"
address = 0
type = "uint16"
{tag_labels}

[[roster]]
id = "op-ana"
name = "Ana"
role = "operator"
badge = "10000001"
{person_language}
"""


def site_text(machine_names: str = "", tag_labels: str = "", person_language: str = "") -> str:
    return SITE.format(
        machine_names=machine_names, tag_labels=tag_labels, person_language=person_language
    )


def test_names_labels_and_languages_per_language() -> None:
    site = parse_site_config(
        site_text(
            '[machines.names]\nes = "Prensa 1"',
            '[machines.tags.labels]\nes = "Temperatura del aceite"',
            'language = "es"',
        )
    )
    [press] = site.machines
    assert (press.name_in("es"), press.name_in("en")) == ("Prensa 1", "Press 1")
    [oil] = press.tags
    assert (oil.label_in("es"), oil.label_in("en")) == ("Temperatura del aceite", "Oil temperature")
    assert site.roster[0].language == "es"
    assert site.on_screen_keyboard is True


def test_without_them_every_language_shows_the_one_name() -> None:
    site = parse_site_config(site_text())
    assert site.machines[0].name_in("es") == "Press 1"
    assert site.machines[0].tags[0].label_in("es") == "Oil temperature"
    assert site.roster[0].language is None


@pytest.mark.parametrize(
    ("machine_names", "tag_labels", "person_language", "problem"),
    [
        (
            '[machines.names]\nfr = "Presse 1"',
            "",
            "",
            "machines[0].names.fr: is not a language of this client (one of en, es)",
        ),
        ('[machines.names]\nes = ""', "", "", "machines[0].names.es: must not be empty"),
        (
            "",
            "[machines.tags.labels]\nes = 3",
            "",
            "machines[0].tags[0].labels.es: must be a string, not an integer",
        ),
        ("", "", 'language = "de"', "roster[0].language: 'de' is not one of en, es"),
    ],
)
def test_check_config_names_what_is_wrong(
    machine_names: str, tag_labels: str, person_language: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_site_config(site_text(machine_names, tag_labels, person_language))
    assert error.value.problems == [problem]


def test_the_regions_roster_gives_languages_too() -> None:
    from operator_app.standards.sections import read_standards
    from tests.sync.test_regional_standards import ZONE, regional_bundle

    people = [
        {"id": "op-ana", "name": "Ana", "role": "operator", "badge": "10000001", "language": "es"},
        {"id": "op-bob", "name": "Bob", "role": "operator", "badge": "10000009"},
    ]
    standards, problems = read_standards(regional_bundle(roster=people), ZONE)
    assert problems == []
    assert standards is not None
    assert [p.language for p in standards.roster] == ["es", None]
    people[1]["language"] = "fr"
    standards, problems = read_standards(regional_bundle(roster=people), ZONE)
    assert standards is None
    assert problems == ["roster[1].language: 'fr' is not one of en, es"]
