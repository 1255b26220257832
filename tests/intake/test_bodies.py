"""Finding the bodies a text names, the names bodies.csv does not know, and each body's role."""

from __future__ import annotations

import re
from pathlib import Path

from dialogue_analysis import intake
from tests.intake.conftest import MEMBERS_2019, proposals_for, roles


def test_2019_release_gives_members_observers_and_host(
    found_2019: intake.Proposals, curated: intake.Curated
) -> None:
    index = curated.body_index
    by_role: dict[str, set[str]] = {}
    for p in found_2019.of("participation"):
        assert p.row["edition"] == "3"
        by_role.setdefault(p.row["role"], set()).add(
            index[re.sub(r"\W", "", p.row["body"]).lower()]
        )
    assert by_role == {"member": MEMBERS_2019, "observer": {"SCO", "UNODC"}, "host": {"INTERPOL"}}


def test_aliases_in_odd_case_and_punctuation(curated: intake.Curated) -> None:
    text = (
        "Delegates from the gulf cooperation council - pol, GCC POL, Ameripol, ECOPOL, the "
        "European Border and Coast Guard Agency – Frontex and the Gulf Cooperation Council’s "
        "GCCPOL met du 4 au 5 novembre 2025 with the African Union’s AFRIPOL."
    )
    mentions = intake.find_bodies(text, curated.bodies)
    assert [(m.written, m.body_id) for m in mentions] == [
        ("gulf cooperation council - pol", "GCCPOL"),
        ("GCC POL", "GCCPOL"),
        ("Ameripol", "AMERIPOL"),
        ("ECOPOL", "ECO"),
        ("European Border and Coast Guard Agency – Frontex", "FRONTEX"),
        ("Gulf Cooperation Council’s GCCPOL", "GCCPOL"),
        ("AFRIPOL", "AFRIPOL"),  # not the African Union, named as its owner; not 'au' in French
    ]


def test_unknown_organisation_is_listed_for_a_person(
    tmp_path: Path, curated: intake.Curated
) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "The 9th Dialogue meeting was held on 4-5 November 2025 in Lyon, France. Europol, "
        "SADCPOL and the Pacific Islands Chiefs of Police took part.\n",
    )
    assert [u.written for u in found.unknown] == ["SADCPOL", "Pacific Islands Chiefs of Police"]
    assert roles(found) == {("Europol", "participant"): "new"}
    review = intake.review_markdown(found)
    assert "**unknown body** `SADCPOL`" in review
    assert "**unknown body** `Pacific Islands Chiefs of Police`" in review


def test_hosts_and_format(tmp_path: Path, curated: intake.Curated) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "The virtual meeting of the 10th Dialogue, co-hosted by INTERPOL and CARICOM IMPACS, "
        "took place on 2 March 2026. Frontex joined online.\n",
    )
    assert found.of("editions")[0].row["format"] == "virtual"
    assert found.of("editions")[0].row["host_as_written"] == "INTERPOL and CARICOM IMPACS"
    assert roles(found) == {
        ("INTERPOL", "co-host"): "new",
        ("CARICOM IMPACS", "co-host"): "new",
        ("Frontex", "participant"): "new",
    }
    assert found.of("participation")[2].row["attendance"] == "virtual"
