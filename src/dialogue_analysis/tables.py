"""Tables about the meetings and the Dialogue's make-up, computed from the processed tables.

Each helper is pure and returns a DataFrame the notebooks show and the charts and findings compute
from: the numbered editions, every meeting with its place and hosts, host counts, the gaps between
editions, outcome documents, the body x edition participation grid, one edition's composition,
changes of stated role, and founding dates. Role rules: when a body has several roles in one
meeting, host (host or co-host) wins, then member, observer and participant (role not stated). A
body missing from a meeting whose ``participant_list`` is partial or unknown is "not reported" (its
absence is not evidence); missing from a complete or composition list, it is "absent". Values come
from hand-edited CSVs and are returned as data (pandas escapes them when a notebook renders a
table), never pasted into HTML.
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.words import date_labels, labels

CATEGORIES = ("host", "member", "observer", "participant", "not reported", "absent")
CELL_RANK = {"host": 0, "co_host": 0, "member": 1, "observer": 2, "participant": 3}
# A body's standing in the Dialogue: the member/observer role says more than hosting does.
_STANDING_RANK = {"member": 0, "observer": 1, "participant": 2, "host": 3, "co_host": 4}
CELL_OF = {r: "host" if r == "co_host" else r for r in CELL_RANK}  # role -> heatmap category
UNLISTED = {
    "complete": "absent",
    "composition": "absent",
    "partial": "not reported",
    "unknown": "not reported",
}


def numbered(editions: pd.DataFrame) -> pd.DataFrame:
    """The numbered editions, in order."""
    return editions[editions["kind"] == "edition"].sort_values("number").reset_index(drop=True)


def dialogue_bodies(bodies: pd.DataFrame) -> pd.DataFrame:
    """Bodies that took part in at least one meeting (not the parent organisations only)."""
    return bodies[bodies["is_dialogue_participant"].fillna(False).astype(bool)]


def acronym(bodies: pd.DataFrame, body_id: str) -> str:
    """A body's acronym, or its id when the body is not in ``bodies``."""
    found = bodies.loc[bodies["body_id"] == body_id, "acronym"]
    return str(found.iloc[0]) if len(found) else body_id.replace("_", " ")


# --- Meetings -------------------------------------------------------------------------------------


def meeting_hosts(
    editions: pd.DataFrame, participation: pd.DataFrame, bodies: pd.DataFrame
) -> pd.DataFrame:
    """Hosting rows: one per meeting x host body, with the body's acronym and region."""
    rows = participation[participation["role"].isin(["host", "co_host"])]
    rows = rows.merge(bodies[["body_id", "acronym", "region"]], on="body_id", how="left")
    rows = rows.merge(editions[["edition", "kind", "number", "start_date", "city"]], on="edition")
    return rows.sort_values(["start_date", "role", "acronym"], ignore_index=True)


def meeting_places(editions: pd.DataFrame) -> pd.DataFrame:
    """``editions`` with ``place`` ('online' when virtual) and ``when`` (date at its precision)."""
    place = editions["city"].mask(
        editions["city"].isna() & (editions["format"] == "virtual"), "online"
    )
    return editions.assign(
        place=place.fillna("place not stated").astype("string"),
        when=date_labels(editions["start_date"], editions["date_precision"]),
    ).sort_values("start_date", na_position="last", ignore_index=True)


def meetings(
    editions: pd.DataFrame, participation: pd.DataFrame, bodies: pd.DataFrame
) -> pd.DataFrame:
    """One row per meeting, by date, with its place, date label and host acronyms."""
    hosts = meeting_hosts(editions, participation, bodies)
    joined = hosts.groupby("edition")["acronym"].agg(" & ".join).rename("hosts")
    out = meeting_places(editions).merge(joined, left_on="edition", right_index=True, how="left")
    return out.assign(hosts=out["hosts"].fillna("host not stated"))


def host_counts(
    editions: pd.DataFrame, participation: pd.DataFrame, bodies: pd.DataFrame
) -> pd.DataFrame:
    """Meetings hosted and co-hosted per body, most first."""
    hosts = meeting_hosts(editions, participation, bodies).assign(
        n_hosted=lambda h: (h["role"] == "host").astype(int),
        n_co_hosted=lambda h: (h["role"] == "co_host").astype(int),
        is_low=lambda h: h["confidence"] == "low",
    )
    out = hosts.groupby(["body_id", "acronym", "region"], as_index=False, dropna=False).agg(
        n_hosted=("n_hosted", "sum"),
        n_co_hosted=("n_co_hosted", "sum"),
        meetings=("edition", ", ".join),
        has_low_confidence=("is_low", "any"),
    )
    out["n_meetings"] = out["n_hosted"] + out["n_co_hosted"]
    return out.sort_values(["n_meetings", "acronym"], ascending=[False, True], ignore_index=True)


def edition_gaps(editions: pd.DataFrame) -> pd.DataFrame:
    """Each numbered edition after the first, with calendar months since the previous one."""
    ed = numbered(editions)
    month = ed["start_date"].dt.year * 12 + ed["start_date"].dt.month
    uncertain = (ed["date_precision"] == "year") | (ed["confidence"] == "low")
    return ed.assign(
        previous_number=ed["number"].shift(),
        previous_start=ed["start_date"].shift(),
        months=month.diff().astype("Int64"),
        is_uncertain=uncertain | uncertain.shift(fill_value=False),
    ).iloc[1:]


def outcome_documents(editions: pd.DataFrame) -> pd.DataFrame:
    """Meetings that reported an outcome document, with its source and confidence."""
    rows = editions[editions["outcome_document"].notna()].sort_values("start_date")
    return rows.assign(date=date_labels(rows["start_date"], rows["date_precision"]))[
        ["edition", "date", "city", "outcome_document", "confidence", "source_id"]
    ].reset_index(drop=True)


def participation_cells(
    participation: pd.DataFrame, editions: pd.DataFrame, bodies: pd.DataFrame
) -> pd.DataFrame:
    """Dialogue body x numbered edition: the cell's category and the deciding row's confidence.

    Bodies are ordered by the edition they first appear in, then by acronym.
    """
    ed = numbered(editions)[["edition", "number", "participant_list"]]
    grid = dialogue_bodies(bodies)[["body_id", "acronym"]].merge(ed, how="cross")
    listed = (
        participation[participation["edition"].isin(ed["edition"])]
        .assign(rank=lambda p: p["role"].map(CELL_RANK))
        .sort_values("rank", kind="stable")
        .drop_duplicates(["body_id", "edition"])
    )
    cells = grid.merge(listed[["body_id", "edition", "role", "confidence"]], how="left")
    cells["category"] = (
        cells["role"].replace({"co_host": "host"}).fillna(cells["participant_list"].map(UNLISTED))
    )
    first = cells["number"].where(cells["role"].notna()).groupby(cells["body_id"]).transform("min")
    return (
        cells.assign(first_number=first)
        .sort_values(["first_number", "acronym", "number"], na_position="last")
        .drop(columns=["role", "first_number"])
        .reset_index(drop=True)
    )


# --- Composition and founding ---------------------------------------------------------------------


def composition_edition(editions: pd.DataFrame, edition: int | None = None) -> pd.Series:
    """The numbered edition asked for; None or 0: the latest with a complete/composition list."""
    ed = numbered(editions)
    if edition:
        chosen = ed[ed["number"] == edition]
        if chosen.empty:
            raise KeyError(f"no edition numbered {edition}; known: {', '.join(ed['edition'])}")
        return chosen.iloc[0]
    known = ed[ed["participant_list"].isin(["composition", "complete"])]
    if known.empty:
        raise ValueError("no edition has a complete or composition participant list")
    return known.iloc[-1]


_COMPOSITION_COLUMNS = [
    "edition",
    "number",
    "year",
    "participant_list",
    "body_id",
    "acronym",
    "role",
    "type",
    "type_label",
    "region_label",
    "confidence",
]


def composition(
    participation: pd.DataFrame,
    editions: pd.DataFrame,
    bodies: pd.DataFrame,
    edition: int | None = None,
) -> pd.DataFrame:
    """The bodies of one edition (see ``composition_edition``) with role, type and region."""
    chosen = composition_edition(editions, edition)
    rows = (
        participation[participation["edition"] == chosen["edition"]]
        .assign(rank=lambda p: p["role"].map(_STANDING_RANK))
        .sort_values(["rank", "body_id"])
        .drop_duplicates("body_id")
        .merge(bodies[["body_id", "acronym", "type", "region"]], on="body_id", how="left")
    )
    return rows.assign(
        role=rows["role"].replace({"co_host": "host"}),
        edition=chosen["edition"],
        number=chosen["number"],
        year=chosen["start_date"].year,
        participant_list=chosen["participant_list"],
        type_label=labels("body_type", rows["type"]),
        region_label=labels("region", rows["region"]),
    )[_COMPOSITION_COLUMNS].reset_index(drop=True)


def composition_changes(participation: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Per body: first numbered edition, first role, and every change of stated role.

    Only member <-> observer changes count: 'participant' means the role was not stated, and a
    body missing from an edition's list is skipped rather than read as a change.
    """
    rows = participation.merge(numbered(editions)[["edition", "number"]], on="edition").assign(
        rank=lambda p: p["role"].map(_STANDING_RANK)
    )
    first = rows.sort_values(["number", "rank"]).drop_duplicates("body_id")
    seen = rows.groupby("body_id")["number"].agg(
        n_editions="nunique", editions=lambda n: ", ".join(map(str, sorted(set(n))))
    )
    stated = (
        rows[rows["role"].isin(["member", "observer"])]
        .sort_values(["body_id", "number", "rank"])
        .drop_duplicates(["body_id", "number"])
    )
    before = stated.groupby("body_id")[["role", "number"]].shift()
    changed = stated[before["role"].notna() & (before["role"] != stated["role"])]
    before = before.loc[changed.index]
    was = before["role"] + " (" + before["number"].astype("string") + ")"
    text = was + " → " + changed["role"] + " (" + changed["number"].astype("string") + ")"
    changes = text.groupby(changed["body_id"]).agg("; ".join).rename("role_changes")
    out = (
        first[["body_id", "number", "role"]]
        .rename(columns={"number": "first_edition", "role": "first_role"})
        .merge(seen, left_on="body_id", right_index=True)
        .merge(changes, left_on="body_id", right_index=True, how="left")
    )
    return out.assign(
        first_role=labels("role", out["first_role"]),
        role_changes=out["role_changes"].fillna("none").astype("string"),
    ).sort_values(["first_edition", "body_id"], ignore_index=True)


def founding(bodies: pd.DataFrame) -> pd.DataFrame:
    """Dialogue bodies by founding date, with the span the date's precision allows."""
    b = dialogue_bodies(bodies)
    start, precision = b["founded"], b["founded_precision"]
    end = (
        (start + pd.Timedelta(days=1))
        .mask(precision == "month", start + pd.offsets.MonthBegin(1))
        .mask(precision == "year", start + pd.offsets.YearBegin(1))
    )
    return b.assign(founded_end=end, when=date_labels(start, precision))[
        ["body_id", "acronym", "founded", "founded_end", "founded_precision", "when"]
        + ["founded_as_written", "confidence"]
    ].sort_values(["founded", "acronym"], na_position="last", ignore_index=True)
