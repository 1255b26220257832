"""Match the many spellings of a body's name to one canonical id.

Raw tables keep the spelling their sources use ("GCC-POL", "Gulf Cooperation Council-POL",
"  europol "). Everything here compares spellings through `name_key`, so case, accents,
spaces and punctuation never matter, while words (including leading articles) do.
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

logger = logging.getLogger(__name__)

#: Columns of the bodies table whose cells each hold one spelling of the body's name.
SPELLING_COLUMNS: tuple[str, ...] = ("body_id", "acronym", "full_name")
#: Column of the bodies table holding further spellings, separated by ALIAS_SEPARATOR.
ALIAS_COLUMN = "aliases"
ALIAS_SEPARATOR = ";"
#: Minimum difflib similarity ratio for `suggest` to offer a spelling.
SUGGEST_CUTOFF = 0.75


class AliasConflictError(ValueError):
    """One spelling (by its `name_key`) would name two different bodies.

    Attributes:
        key: The `name_key` shared by the clashing spellings.
        body_ids: The distinct body ids it would map to, sorted.
    """

    def __init__(self, key: str, body_ids: tuple[str, ...], n_other_conflicts: int = 0) -> None:
        """Store the clashing key and bodies and build the message."""
        self.key = key
        self.body_ids = body_ids
        more = f" (and {n_other_conflicts} more clashing keys)" if n_other_conflicts else ""
        super().__init__(
            f"alias conflict: name key {key!r} would map to {', '.join(body_ids)}{more}; "
            "expected every acronym, full name and alias to name one body only"
        )


def name_key(text: str) -> str:
    """Return the matching key of a spelling: NFKD, no accents, casefolded, letters and digits.

    Examples: 'GCC-POL' -> 'gccpol', ' Europol ' -> 'europol',
    'European Border and Coast Guard Agency – Frontex' ->
    'europeanborderandcoastguardagencyfrontex'. Leading articles are kept.

    Args:
        text: Any spelling.

    Returns:
        The key; '' when the text holds no letter or digit.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Combining accents (category Mn) are not alphanumeric, so this drops them too.
    return "".join(char for char in decomposed if char.isalnum())


def _is_blank(values: pd.Series) -> pd.Series:
    """Return True where a value is missing or holds only whitespace."""
    as_text = values.astype("string")
    return as_text.isna() | as_text.str.strip().eq("")


def _map_keys(values: pd.Series, lookup: Mapping[str, str]) -> pd.Series:
    """Map each value's `name_key` through `lookup`, keying each distinct value once."""
    as_text = values.astype("string")
    distinct = as_text.dropna().unique()
    resolved = {value: lookup.get(name_key(value)) for value in distinct}
    return as_text.map(resolved).astype("string").rename(values.name)


def build_alias_index(bodies: pd.DataFrame) -> dict[str, str]:
    """Return a map from the `name_key` of every spelling of every body to its body_id.

    The spellings are the body_id itself (so 'CARICOM_IMPACS' and 'caricom impacs' both work),
    the acronym, the full name and each ';'-separated alias. Blank cells are skipped.

    Args:
        bodies: Frame with columns body_id, acronym, full_name and aliases.

    Returns:
        Dict from name key to body_id (body ids stripped of surrounding spaces).

    Raises:
        ValueError: When a body_id is blank.
        AliasConflictError: When one key would map to two different bodies.
    """
    body_ids = bodies["body_id"].astype("string").str.strip()
    blank = _is_blank(body_ids)
    if blank.any():
        rows = bodies.index[blank.to_numpy()].tolist()
        raise ValueError(f"blank body_id in rows {rows}; expected every body to have an id")
    spellings = (
        bodies[list(SPELLING_COLUMNS)]
        .astype("string")
        .assign(
            # An alias cell holds several spellings: split it into a list, one row each below.
            aliases=bodies[ALIAS_COLUMN].astype("string").str.split(ALIAS_SEPARATOR),
            body_id_canonical=body_ids,
        )
        .explode(ALIAS_COLUMN)
        .melt(id_vars="body_id_canonical", value_name="spelling")
        .dropna(subset=["spelling"])
    )
    keys = spellings["spelling"].map(name_key, na_action="ignore")
    pairs = (
        pd.DataFrame({"key": keys, "body_id": spellings["body_id_canonical"]})
        .query("key != ''")
        .drop_duplicates()
        .sort_values(["key", "body_id"])
    )
    clashing = pairs[pairs.duplicated("key", keep=False)]
    if not clashing.empty:
        first_key = clashing["key"].iloc[0]
        clashing_ids = tuple(clashing.loc[clashing["key"] == first_key, "body_id"])
        raise AliasConflictError(first_key, clashing_ids, clashing["key"].nunique() - 1)
    logger.debug("alias index: %d keys for %d bodies", len(pairs), len(bodies))
    return dict(zip(pairs["key"], pairs["body_id"], strict=True))


def resolve_names(values: pd.Series, index: Mapping[str, str]) -> pd.Series:
    """Return the canonical id of each value, looked up by `name_key`.

    Args:
        values: Spellings as written; may hold blanks and missing values.
        index: Map from name key to canonical id, e.g. from `build_alias_index`.

    Returns:
        Series of pandas "string" dtype with the same index and name; <NA> where the value is
        blank or its key is not in `index` (callers decide whether unknowns are errors).
    """
    return _map_keys(values, index)


def suggest(value: str, choices: Iterable[str], n: int = 1) -> str | None:
    """Return the choice closest to `value` ("did you mean ...?"), or None if none is close.

    Spellings are compared by `name_key` with difflib's ratio and a cutoff of SUGGEST_CUTOFF.

    Args:
        value: The spelling that was not recognised.
        choices: Known spellings.
        n: How many close keys difflib considers; the best of them is returned.

    Returns:
        The original spelling of the best choice (the first one given, when several share a
        key), or None.
    """
    originals: dict[str, str] = {}
    for choice in choices:
        originals.setdefault(name_key(choice), choice)
    originals.pop("", None)
    matches = difflib.get_close_matches(name_key(value), originals, n=n, cutoff=SUGGEST_CUTOFF)
    return originals[matches[0]] if matches else None


def normalise_vocab(values: pd.Series, vocab: Mapping[str, str]) -> pd.Series:
    """Map spellings of a controlled vocabulary to its canonical values.

    Contract: each entry of `vocab` is `canonical -> label`. A value matches an entry when its
    `name_key` equals the key of the canonical value or of the label, so with
    {'in_person': 'in person'} the values 'in_person', 'In Person', 'in-person' and
    'IN PERSON ' all become 'in_person'. Nothing else matches (no fuzzy matching).

    Args:
        values: Spellings as written; may hold blanks and missing values.
        vocab: Map from canonical value to its label (the label may equal the value).

    Returns:
        Series of pandas "string" dtype holding canonical values, with the same index and
        name; <NA> where the value is blank or not in the vocabulary.

    Raises:
        ValueError: When two canonical values share a key, so matching would be ambiguous.
    """
    lookup: dict[str, str] = {}
    for canonical, label in vocab.items():
        for key in {name_key(canonical), name_key(label)}:
            if lookup.setdefault(key, canonical) != canonical:
                raise ValueError(
                    f"vocabulary clash: {lookup[key]!r} and {canonical!r} share the key "
                    f"{key!r}; expected each canonical value to be distinct by name_key"
                )
    return _map_keys(values, lookup)
