"""Tests for matching spellings of body names and controlled vocabularies."""

import pandas as pd
import pytest

from dialogue_analysis.data.names import (
    AliasConflictError,
    build_alias_index,
    name_key,
    normalise_vocab,
    resolve_names,
    suggest,
)


def make_bodies() -> pd.DataFrame:
    """Return a small bodies table in the raw file's shape, with messy cells."""
    return pd.DataFrame(
        {
            "body_id": ["GCC_POL", "EUROPOL", "AMERIPOL", "CARICOM_IMPACS", "FRONTEX"],
            "acronym": ["GCC-POL", "Europol", "AMERIPOL", "IMPACS", None],
            "full_name": [
                "Gulf Cooperation Council-POL",
                "European Union Agency for Law Enforcement Cooperation",
                "Police Community of the Americas",
                "CARICOM Implementation Agency for Crime and Security",
                "European Border and Coast Guard Agency",
            ],
            "aliases": [
                "GCCPOL; Gulf Police",
                pd.NA,
                "Comunidad de Policías de América;  ",
                "",
                " Frontex ;European Border and Coast Guard Agency – Frontex",
            ],
        }
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("GCC-POL", "gccpol"),
        ("Gulf Cooperation Council-POL", "gulfcooperationcouncilpol"),
        (" Europol ", "europol"),
        (
            "European Border and Coast Guard Agency – Frontex",
            "europeanborderandcoastguardagencyfrontex",
        ),
        ("Comunidad de Policías de América", "comunidaddepoliciasdeamerica"),
        ("Türkiye", "turkiye"),
        ("The Hague Group", "thehaguegroup"),  # leading articles are kept
        ("SCO RATS", "scorats"),
        ("G7", "g7"),
        (" – ; ", ""),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


def test_build_alias_index_covers_id_acronym_full_name_and_aliases() -> None:
    index = build_alias_index(make_bodies())

    assert index == {
        "gccpol": "GCC_POL",
        "gulfcooperationcouncilpol": "GCC_POL",
        "gulfpolice": "GCC_POL",
        "europol": "EUROPOL",
        "europeanunionagencyforlawenforcementcooperation": "EUROPOL",
        "ameripol": "AMERIPOL",
        "policecommunityoftheamericas": "AMERIPOL",
        "comunidaddepoliciasdeamerica": "AMERIPOL",
        "caricomimpacs": "CARICOM_IMPACS",
        "impacs": "CARICOM_IMPACS",
        "caricomimplementationagencyforcrimeandsecurity": "CARICOM_IMPACS",
        "frontex": "FRONTEX",
        "europeanborderandcoastguardagency": "FRONTEX",
        "europeanborderandcoastguardagencyfrontex": "FRONTEX",
    }


def test_build_alias_index_does_not_modify_its_input() -> None:
    bodies = make_bodies()
    build_alias_index(bodies)
    pd.testing.assert_frame_equal(bodies, make_bodies())


def test_build_alias_index_raises_on_a_key_naming_two_bodies() -> None:
    clash = pd.DataFrame(
        {"body_id": ["GCC"], "acronym": ["GCC"], "full_name": ["GCC Pol"], "aliases": [pd.NA]}
    )

    with pytest.raises(AliasConflictError) as caught:
        build_alias_index(pd.concat([make_bodies(), clash], ignore_index=True))

    assert isinstance(caught.value, ValueError)
    assert caught.value.key == "gccpol"
    assert caught.value.body_ids == ("GCC", "GCC_POL")
    assert "'gccpol'" in str(caught.value)


def test_build_alias_index_rejects_blank_body_id() -> None:
    bodies = make_bodies().assign(body_id=["GCC_POL", " ", "AMERIPOL", "CARICOM_IMPACS", None])
    with pytest.raises(ValueError, match=r"blank body_id in rows \[1, 4\]"):
        build_alias_index(bodies)


def test_resolve_names_maps_messy_spellings_and_keeps_index() -> None:
    values = pd.Series(
        [
            "GCC-POL",
            "Gulf Cooperation Council-POL",
            "Ameripol",
            "EUROPOL",
            "  europol ",
            "caricom impacs",
            "CARICOM_IMPACS",
            "European Border and Coast Guard Agency – Frontex",
            None,
            "   ",
            "Interpol",
        ],
        index=range(100, 111),
        name="body",
    )

    resolved = resolve_names(values, build_alias_index(make_bodies()))

    expected = pd.Series(
        [
            "GCC_POL",
            "GCC_POL",
            "AMERIPOL",
            "EUROPOL",
            "EUROPOL",
            "CARICOM_IMPACS",
            "CARICOM_IMPACS",
            "FRONTEX",
            pd.NA,
            pd.NA,
            pd.NA,
        ],
        index=range(100, 111),
        name="body",
        dtype="string",
    )
    pd.testing.assert_series_equal(resolved, expected)


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("Europl", ["Europol", "Interpol", "Ameripol"], "Europol"),
        ("GCC POL", ["GCC-POL", "ASEANAPOL"], "GCC-POL"),
        ("afripol", ["AFRIPOL", "AMERIPOL"], "AFRIPOL"),
        ("Ameripl", ["Europol", "AMERIPOL"], "AMERIPOL"),
        ("completely different", ["Europol", "Interpol"], None),
        ("Europol", [], None),
    ],
)
def test_suggest(value: str, choices: list[str], expected: str | None) -> None:
    assert suggest(value, choices) == expected


VOCAB = {"in_person": "in person", "virtual": "virtual", "not_stated": "not stated"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("In Person", "in_person"),
        ("in-person", "in_person"),
        ("IN PERSON ", "in_person"),
        ("in_person", "in_person"),
        ("Virtual", "virtual"),
        ("not stated", "not_stated"),
        ("zoom", pd.NA),
        ("", pd.NA),
        (None, pd.NA),
    ],
)
def test_normalise_vocab(value: str | None, expected: object) -> None:
    result = normalise_vocab(pd.Series([value], index=[7]), VOCAB)
    pd.testing.assert_series_equal(result, pd.Series([expected], index=[7], dtype="string"))


def test_normalise_vocab_rejects_clashing_vocabulary() -> None:
    with pytest.raises(ValueError, match="vocabulary clash"):
        normalise_vocab(pd.Series(["x"]), {"in_person": "in person", "inperson": "in person"})
