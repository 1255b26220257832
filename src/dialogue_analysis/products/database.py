"""One DuckDB database file: every processed table and every panel, with keys, comments and views.

Each processed table keeps its declared primary key (``data.schema``) when every key column has a
value; ``memberships``, whose key has columns that are empty for many rows (a spell has no
``as_of``, a snapshot no ``joined``), gets a UNIQUE constraint on it instead. Views answer the
questions asked most (a view cannot take a day as a parameter, so each reads a fixed one):

``panel_long``
    ``country_year`` with one row per country, year and body (``body``, ``code``, ``suspended``).
``current_members``
    Countries coded full member or partial participant in the latest year of the panel.
``coverage_latest``
    Per country, in the latest year: how many bodies it is a confirmed member of, and how many
    leave it unknown.
``members_at_editions``
    ``country_edition`` long: the countries coded 1 or 2 in each body on each edition's first day.

DuckDB writes a random identifier (and the checksums over it) into the header of every new file,
so two builds of the same data give files whose tables are identical and whose bytes are not.
``same_content`` compares what a file holds; the build keeps the file it already has when the new
one holds the same (``outputs.write``), so a rebuild leaves it byte for byte as it was, and the
data package lists its size but not its hash. ``inputs_key`` digests everything the file is made
from; when it has not changed and the file is the one written for it, the build reuses the file
without making it again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dialogue_analysis.analysis.panels import CODES

if TYPE_CHECKING:
    import duckdb
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.package import OUTPUT_TABLES
from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.files import sha256_bytes
from dialogue_analysis.products.variables import PANELS, Variable

DATABASE_FILE = "interpol-dialogue.duckdb"


def _q(name: str) -> str:
    """An identifier, quoted (``table``, ``key`` and ``column`` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _views(bodies: list[str]) -> dict[str, str]:
    columns = ", ".join(bodies)
    susp = ", ".join(f"{b}_susp AS {b}" for b in bodies)
    return {
        "panel_long": f"""
            WITH codes AS (
                UNPIVOT (SELECT iso3, ccode, country, year, {columns} FROM country_year)
                ON {columns} INTO NAME body VALUE code),
            susp AS (
                UNPIVOT (SELECT iso3, year, {susp} FROM country_year)
                ON {columns} INTO NAME body VALUE suspended)
            SELECT codes.*, susp.suspended FROM codes JOIN susp USING (iso3, year, body)""",
        "current_members": """
            SELECT iso3, ccode, country, year, body, code, suspended FROM panel_long
            WHERE year = (SELECT max(year) FROM country_year) AND code IN (1, 2)""",
        "coverage_latest": """
            SELECT iso3, ccode, country, year,
                   count(*) FILTER (WHERE code IN (1, 2)) AS n_bodies,
                   count(*) FILTER (WHERE code = -9) AS n_unknown
            FROM panel_long WHERE year = (SELECT max(year) FROM country_year)
            GROUP BY ALL""",
        "members_at_editions": f"""
            SELECT * FROM (
                UNPIVOT (SELECT iso3, ccode, country, edition, date, {columns}
                         FROM country_edition)
                ON {columns} INTO NAME body VALUE code)
            WHERE code IN (1, 2)""",
    }


def _add_table(con, name: str, frame: pd.DataFrame, key: list[str], description: str) -> None:
    dates = frame.select_dtypes(include="datetime").columns
    frame = frame.assign(**{c: frame[c].dt.date for c in dates})  # DuckDB DATE, not TIMESTAMP
    con.register("frame_in", frame)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame_in")
    con.unregister("frame_in")
    columns = ", ".join(_q(k) for k in key)
    if key and not frame[key].isna().any(axis=None):
        con.execute(f"ALTER TABLE {name} ADD PRIMARY KEY ({columns})")
    elif key:
        con.execute(f"CREATE UNIQUE INDEX {name}_key ON {name} ({columns})")
    con.execute(f"COMMENT ON TABLE {name} IS {_sql_text(description)}")


@contextmanager
def _ctrl_c_stays_ctrl_c() -> Iterator[None]:
    """Turn DuckDB's "Query interrupted" back into KeyboardInterrupt.

    DuckDB notices Ctrl-C (and the SIGTERM the command line turns into it) inside a query and
    raises its own error, which would end the command with a traceback instead of stopping it
    like any other interrupt (exit 130, outputs left as they were).
    """
    import duckdb

    try:
        yield
    except (duckdb.InterruptException, RuntimeError) as err:
        if isinstance(err, duckdb.InterruptException) or "interrupted" in str(err).lower():
            raise KeyboardInterrupt from None
        raise


def database_bytes(
    data: Dataset, panels: dict[str, pd.DataFrame], declared: dict[str, list[Variable]]
) -> bytes:
    """The DuckDB file's bytes: ``data``'s processed tables, the ``panels`` and the views.

    Args:
        data: The dataset.
        panels: Every panel by name (``variables.frames``).
        declared: Every panel's declared variables, by name.
    """
    import duckdb

    with tempfile.TemporaryDirectory(prefix="dialogue-duckdb-") as folder, _ctrl_c_stays_ctrl_c():
        path = Path(folder) / DATABASE_FILE
        con = duckdb.connect(str(path))
        comments: list[tuple[str, str, str]] = []
        try:
            for name in OUTPUT_TABLES:
                table = TABLES[name]
                frame = getattr(data, name)[[c.name for c in table.columns]]
                _add_table(con, name, frame, list(table.key), table.description)
                for c in table.columns:
                    con.execute(
                        f"COMMENT ON COLUMN {name}.{_q(c.name)} IS {_sql_text(c.description)}"
                    )
            for name, frame in panels.items():
                key, rows = PANELS[name]
                _add_table(con, name, frame, list(key), f"{name}: {rows}")
                comments += [(name, v.name, v.label) for v in declared[name]]
            # One statement list for every comment: a call per comment costs a round trip each.
            con.execute(
                ";\n".join(
                    f"COMMENT ON COLUMN {t}.{_q(c)} IS {_sql_text(text)}" for t, c, text in comments
                )
            )
            bodies = [v.name for v in declared["country_year"] if v.codes == CODES]
            for view, sql in _views(bodies).items():
                con.execute(f"CREATE VIEW {view} AS {sql}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        return path.read_bytes()


def _contents(path: Path) -> tuple:
    """What a DuckDB file holds, comparable across files.

    Every table's and view's definition, the columns, constraints, indexes, comments and rows.
    """
    import duckdb

    with _ctrl_c_stays_ctrl_c():
        con = duckdb.connect(str(path), read_only=True)
        try:
            return _read_contents(con)
        finally:
            con.close()


_CATALOG = (
    "SELECT table_name, sql, comment FROM duckdb_tables() ORDER BY table_name",
    "SELECT view_name, sql, comment FROM duckdb_views() WHERE NOT internal ORDER BY view_name",
    "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
    "ORDER BY table_name, column_index",
    "SELECT table_name, constraint_text FROM duckdb_constraints() "
    "ORDER BY table_name, constraint_text",
    "SELECT index_name, sql FROM duckdb_indexes() ORDER BY index_name",
)


def _read_contents(con: duckdb.DuckDBPyConnection) -> tuple:
    catalog = tuple(tuple(con.execute(sql).fetchall()) for sql in _CATALOG)
    rows = tuple(
        con.execute(f"SELECT * FROM {_q(name)} ORDER BY ALL").df().to_csv(index=False)
        for name, *_ in catalog[0]
    )
    return catalog, rows


def same_content(a: Path, b: Path | bytes) -> bool:
    """Whether two DuckDB files hold the same tables, views, constraints, comments and rows.

    Their headers' random identifiers are not compared. ``b`` may be a file's bytes.
    """
    if isinstance(b, bytes):
        with tempfile.TemporaryDirectory(prefix="dialogue-duckdb-") as folder:
            other = Path(folder) / DATABASE_FILE
            other.write_bytes(b)
            return same_content(a, other)
    import duckdb

    try:
        return _contents(Path(a)) == _contents(Path(b))
    except duckdb.Error:  # not a DuckDB file (say, a broken copy): not the same
        return False


def inputs_key(content_hash: str, panel_files: dict[str, bytes]) -> str:
    """A digest of everything the database is made from.

    The processed tables (their content hash), the panels (their CSV bytes), the declarations
    and SQL that shape it (this module, the panels' variables, the schema) and DuckDB's version.
    """
    import duckdb

    from dialogue_analysis.data import schema
    from dialogue_analysis.products import variables

    code = [Path(m.__file__).read_bytes() for m in (schema, variables)]
    code.append(Path(__file__).read_bytes())
    parts = [content_hash, duckdb.__version__, *(sha256_bytes(c) for c in code)]
    parts += [f"{name}:{sha256_bytes(data)}" for name, data in sorted(panel_files.items())]
    return sha256_bytes("\n".join(parts).encode())
