"""The import commands' options: ``--column`` parsed strictly and collected
into lists, ``--delimiter``, ``--dry-run`` (the store byte-identical), and
files that cannot be read reported in one line with the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import careernet
from careernet.cli import main

DATA = Path(__file__).parent / "data" / "imports"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="careernet")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "careernet.db"
    assert invoke("init", "Robin", "--db", path).exit_code == 0
    for name, extra in [
        ("Ken Watanabe", ["--company", "Globex", "--email", "ken@globex.example"]),
        ("Lena Fischer", ["--company", "Globex"]),
        ("María Gómez", []),
    ]:
        assert invoke("add", name, *extra, "--db", path).exit_code == 0
    return path


def usage_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Usage: careernet" in result.stderr
    assert "Traceback" not in result.output
    return result.stderr.strip().splitlines()[-1]


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- --column --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "name",
            (
                "Error: Invalid value for --column: 'name' is not FIELD=HEADER (for "
                "example name='Full name')."
            ),
        ),
        (
            "=Full name",
            (
                "Error: Invalid value for --column: '=Full name' is not FIELD=HEADER "
                "(for example name='Full name')."
            ),
        ),
        (
            "name=",
            (
                "Error: Invalid value for --column: 'name=' is not FIELD=HEADER (for "
                "example name='Full name')."
            ),
        ),
        (
            "emial=E-mail",
            (
                "Error: Invalid value for --column: 'emial' is not a field to map; map "
                "any of company, email, field, first_name, how_met, last_name, link, "
                "name, notes, phone, role, tags. Did you mean email?"
            ),
        ),
    ],
)
def test_a_malformed_column_is_a_usage_error_naming_it(
    db: Path, value: str, expected: str
) -> None:
    result = invoke("import", "csv", DATA / "people.csv", "--column", value, "--db", db)
    assert usage_error(result) == expected


def test_a_repeated_field_keeps_every_column(db: Path) -> None:
    result = invoke(
        "import",
        "csv",
        DATA / "people.csv",
        "--column",
        "name=Full name",
        "--column",
        "email=E-mail",
        "--column",
        "email=Work e-mail",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    with careernet.open(str(db)) as network:
        [ingrid] = network.find("Ingrid Solberg")
    assert ingrid.emails == ("ingrid.solberg@mail.example", "ingrid@nordlys.example")


def test_columns_are_for_csv_files_only(db: Path) -> None:
    result = invoke(
        "import", "linkedin", DATA / "Connections.csv", "--column", "name=X", "--db", db
    )
    assert usage_error(result) == (
        "Error: --column is for csv files; linkedin columns are known."
    )


def test_csv_without_careernets_columns_needs_a_mapping(db: Path) -> None:
    result = invoke("import", "csv", DATA / "people.csv", "--db", db)
    assert one_line_error(result) == (
        f"Error: {DATA / 'people.csv'}: The file has no Name column; its columns "
        "are 'Full name', 'E-mail', 'Work e-mail', 'Employer', 'Job title', "
        "'Mobile', 'Tags', 'Remarks' (read with the delimiter ';'). Say which "
        "column holds what: --column FIELD=HEADER on the command line, columns= "
        "in Python."
    )


def test_careernets_own_export_reads_back_without_a_mapping(tmp_path: Path) -> None:
    """``export-contacts`` then ``import csv`` into another store gives the same
    people, with no ``--column``."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert invoke("init", "Robin", "--db", first).exit_code == 0
    for args in (
        ("Ann Lee", "--company", "Globex", "--email", "ann@globex.example"),
        ("José Müller", "--role", "CTO", "--tag", "mentor", "--tag", "berlin"),
    ):
        assert invoke("add", *args, "--db", first).exit_code == 0, args
    exported = tmp_path / "people.csv"
    assert invoke("export-contacts", exported, "--db", first).exit_code == 0
    result = invoke("import", "csv", exported, "--db", second)
    assert result.exit_code == 0, result.output
    with careernet.open(str(first)) as a, careernet.open(str(second)) as b:

        def people(network: careernet.Network) -> set[tuple[object, ...]]:
            return {
                (c.name, c.company, c.role, c.emails, c.tags) for c in network.contacts
            }

        assert people(a) == people(b)


def test_the_fields_own_names_serve_as_headers(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,EMAIL,company\nAnn Lee,ann@x.example,Globex\n", "utf-8")
    with careernet.open("memory:", seeker="Robin") as network:
        report = network.import_csv(path)
        (ann,) = network.contacts
    assert report.summary().startswith("1 added")
    assert (ann.name, ann.emails, ann.company) == (
        "Ann Lee",
        ("ann@x.example",),
        "Globex",
    )


# -- --delimiter -----------------------------------------------------------------


def test_the_delimiter_can_be_named(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.tsv"
    path.write_text("Name\tNote, with comma\nAnn Lee\tx, y\n", encoding="utf-8")
    result = invoke(
        "import", "csv", path, "--column", "name=Name", "--delimiter", "tab", "--db", db
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Imported: 1 added, 0 merged, 0 unchanged, 0 rejected."
    )
    wrong = invoke(
        "import", "csv", path, "--column", "name=Name", "--delimiter", ",", "--db", db
    )
    assert "has no column 'Name'" in one_line_error(wrong)


def test_an_unknown_delimiter_is_a_usage_error(db: Path) -> None:
    result = invoke(
        "import",
        "csv",
        DATA / "people.csv",
        "--column",
        "name=Full name",
        "--delimiter",
        "tabs",
        "--db",
        db,
    )
    assert "'tabs' is not one of" in usage_error(result)


def test_a_vcard_has_no_delimiter(db: Path) -> None:
    result = invoke(
        "import", "vcard", DATA / "phone.vcf", "--delimiter", ";", "--db", db
    )
    assert usage_error(result) == "Error: --delimiter is for csv and linkedin files."


# -- --dry-run -------------------------------------------------------------------


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_a_dry_run_prints_the_report_and_leaves_the_store_byte_identical(
    db: Path,
) -> None:
    before = _files(db.parent)
    dry = invoke(
        "import", "linkedin", DATA / "Connections.csv", "--dry-run", "--db", db
    )
    assert dry.exit_code == 0, dry.output
    assert _files(db.parent) == before
    assert dry.stdout.splitlines()[0].startswith("Would import: ")
    assert dry.stdout.splitlines()[-1] == "Dry run: nothing was written."
    real = invoke("import", "linkedin", DATA / "Connections.csv", "--db", db)
    assert (
        real.stdout.splitlines()[0].replace("Imported", "Would import")
        == (dry.stdout.splitlines()[0])
    )
    assert real.stdout.splitlines()[1:] == dry.stdout.splitlines()[1:-1]


def test_a_dry_run_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = invoke("import", "vcard", DATA / "phone.vcf", "--dry-run", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Would import: ")
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []


# -- files that cannot be read -------------------------------------------------------


def test_an_unreadable_file_is_one_line_with_the_file_and_the_line(db: Path) -> None:
    path = DATA / "people-unclosed-quote.csv"
    result = invoke("import", "csv", path, "--column", "name=Name", "--db", db)
    assert one_line_error(result) == (
        f"Error: {path}: Line 3 opens a quote that is never closed: its cell runs "
        "over the rows up to line 5. Close the quote (or remove it) and import again."
    )


def test_a_binary_file_is_one_line_too(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "photo.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    result = invoke("import", "vcard", path, "--db", db)
    assert one_line_error(result).startswith(
        f"Error: {path}: This is not a text file: it holds zero bytes on line 3."
    )


def test_a_file_without_cards_names_the_file(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.vcf"
    path.write_text("just some notes\n" * 300, encoding="utf-8")
    with (
        pytest.raises(careernet.ImportFileError) as caught,
        careernet.open(str(db)) as network,
    ):
        network.import_vcards(path)
    assert (caught.value.path, caught.value.line) == (str(path), None)
    result = invoke("import", "vcard", path, "--db", db)
    assert one_line_error(result) == (
        f"Error: {path}: This is not a vCard file: no card begins in its first 200 "
        "lines. Export the contacts as vCard (.vcf)."
    )


# -- import-history ----------------------------------------------------------------

TRACKER = (
    "Date;Who;What;Notes\n"
    "15.01.2024;Ken Watanabe;Coffee;Data platform team\n"
    "22.01.2024;lena fischer;E-mail;Sent my portfolio\n"
    "23.01.2024;Noor Ali;Call;\n"
    "01.02.2030 10:00;Maria Gomez;Lunch;Catch up\n"
)


def test_import_history_prints_each_row(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    result = invoke("import-history", path, "--timezone", "Europe/Berlin", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Imported: 3 added, 0 already there, 1 unmatched, 0 rejected.",
        "  line 2: coffee with Ken Watanabe",
        "  line 3: message with Lena Fischer",
        "  line 5: lunch with María Gómez",
        (
            "  line 4: Noor Ali: no contact matches; add them first, or let the "
            "import create them (--create-contacts, or create_contacts=True)"
        ),
    ]
    again = invoke("import-history", path, "--timezone", "Europe/Berlin", "--db", db)
    assert again.stdout.splitlines()[0] == (
        "Imported: 0 added, 3 already there, 1 unmatched, 0 rejected."
    )


def test_import_history_dry_run_and_create(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    before = _files(db.parent)
    dry = invoke("import-history", path, "--create-contacts", "--dry-run", "--db", db)
    assert dry.exit_code == 0, dry.output
    assert _files(db.parent) == before
    assert dry.stdout.splitlines()[0] == (
        "Would import: 4 added, 0 already there, 0 unmatched, 0 rejected, "
        "1 contacts created."
    )
    assert dry.stdout.splitlines()[-1] == "Dry run: nothing was written."
    done = invoke("import-history", path, "--create-contacts", "--db", db)
    assert done.stdout.splitlines()[0] == dry.stdout.splitlines()[0].replace(
        "Would import", "Imported"
    )
    with careernet.open(str(db)) as network:
        [noor] = network.find("Noor Ali")
        assert noor.sources == frozenset({"history"})


def test_import_history_json(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    result = invoke("import-history", path, "--json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["line"] for item in data["added"]] == [2, 3, 5]
    assert data["unmatched"][0]["person"] == "Noor Ali"


def test_import_history_columns_are_strict(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text("Wann;Wer\n15.01.2024;Ken Watanabe\n", encoding="utf-8")
    missing = invoke("import-history", path, "--db", db)
    assert one_line_error(missing) == (
        f"Error: {path}: No column holds the date; the columns are 'Wann', 'Wer'. "
        "Name it with columns={'date': '...'} (--column date=HEADER)."
    )
    typo = invoke("import-history", path, "--column", "dat=Wann", "--db", db)
    assert usage_error(typo).endswith("Did you mean date?")
    mapped = invoke(
        "import-history",
        path,
        "--column",
        "date=Wann",
        "--column",
        "name=Wer",
        "--db",
        db,
    )
    assert mapped.stdout.splitlines()[0] == (
        "Imported: 1 added, 0 already there, 0 unmatched, 0 rejected."
    )
