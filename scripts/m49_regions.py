"""Write src/dialogue_analysis/data/m49_regions.csv: every ISO 3166 country's UN M49 region.

The regions (Africa, Americas, Asia, Europe, Oceania) and sub-regions ("Eastern Africa") are the
UN Statistics Division's M49 standard (https://unstats.un.org/unsd/methodology/m49/), taken from
the table the country_converter package keeps of it (its ``continent`` and ``UNregion`` columns).
The file is read as it is by ``dialogue_analysis.data.countries.region``; rerun this script (with
``pip install country_converter``) to refresh it:

    .venv/bin/python scripts/m49_regions.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src/dialogue_analysis/data/m49_regions.csv"


def main() -> None:
    """Read country_converter's table and write the M49 regions file."""
    from country_converter import country_converter as coco

    # Read the table itself: "NA" is Namibia, not a missing value.
    table = pd.read_csv(coco.COUNTRY_DATA_FILE, sep="\t", dtype=str, keep_default_na=False)
    table = table[(table["ISO3"] != "") & (table["continent"] != "")]
    out = pd.DataFrame(
        {
            "country_iso3": table["ISO3"],
            "region": table["continent"].replace({"America": "Americas"}),
            "subregion": table["UNregion"],
        }
    ).drop_duplicates("country_iso3")
    out.sort_values("country_iso3").to_csv(OUT, index=False, lineterminator="\n")
    print(f"{len(out)} countries -> {OUT}")


if __name__ == "__main__":
    main()
