"""`make backup` and `make restore` (scripts/backup, scripts/restore) give back the same data
and the same private files, with the portal's real schema (extensions, the
``french_unaccent`` search configuration, every table).

The data is a copy of the test database (its schema and the rows of the migrations) plus
a table of awkward values, in databases of their own: a throwaway local cluster
(LOCAL_CLUSTER in a temporary folder, as `make run` uses .pgdata) or a throwaway database
on the test server (as production uses DATABASE_URL); never the database of the tests.
"""

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _fingerprint(url: str) -> list[str]:
    """What a database holds, in lines that compare: the rows of every table (their text,
    in order), the sequences, the extensions, and a search through ``french_unaccent``."""
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            """
            select format('%s %s', c.oid::regclass, md5(query_to_xml(
                format('select t::text as row from %s t order by 1', c.oid::regclass),
                false, false, ''
            )::text))
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'r' and n.nspname = 'public'
            """
        ).fetchall()
        sequences = connection.execute(
            "select format('sequence %s %s', sequencename, last_value) from pg_sequences"
        ).fetchall()
        extensions = connection.execute(
            "select 'extension ' || extname from pg_extension"
        ).fetchall()
        search = connection.execute(
            "select 'search ' || to_tsvector('french_unaccent', 'Coopérations été')::text"
        ).fetchall()
    return sorted(row[0] for row in [*tables, *sequences, *extensions, *search])


def _run(command: list[str], **options) -> subprocess.CompletedProcess[str]:
    """The project's scripts and the PostgreSQL tools, by absolute path, with test data."""
    return subprocess.run(command, text=True, **options)  # noqa: S603


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _which(program: str) -> str:
    path = shutil.which(program)
    assert path, f"{program} is not installed"
    return path


def _pg_tool(tool: str) -> str:
    bindir = _run(
        [_which("bash"), "-c", ". scripts/pg-common && pg_bindir"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.strip()
    return f"{bindir}/{tool}"


@pytest.fixture
def test_database_url(db) -> str:
    """The address of the test database pytest-django created (migrated, rows of the
    migrations only)."""
    return _with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"])


@pytest.fixture
def portal_dump(test_database_url: str, tmp_path: Path) -> Path:
    """The test database, dumped: the portal's schema to load into the throwaway ones."""
    dump = tmp_path / "portal.dump"
    _run(
        [_pg_tool("pg_dump"), "--format=custom", f"--file={dump}", test_database_url],
        check=True,
    )
    return dump


def _fill(url: str, dump: Path) -> None:
    """The portal's schema and rows, a table of awkward values, a sequence moved on."""
    _run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={url}",
            str(dump),
        ],
        check=True,
    )
    with psycopg.connect(url) as connection:
        connection.execute(
            """
            create table backup_check (
                id bigint generated always as identity primary key,
                label text, raw bytea, doc jsonb, at timestamptz, amount numeric(12, 2),
                tags text[]
            );
            insert into backup_check (label, raw, doc, at, amount, tags)
            select 'Coopération n°' || i || E' «\\t»\\n''"\\\\',
                   decode(md5(i::text), 'hex') || '\\x00ff'::bytea,
                   jsonb_build_object('i', i, 'é', array[i, -i]),
                   '2026-01-01 00:00+01'::timestamptz + i * interval '1 hour 1 second',
                   i * 1234.56, array['ÉSS', null, '']
            from generate_series(1, 500) as i;
            """
        )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """Private files with nested folders, accents in names and binary content."""
    folder = tmp_path / "private-media"
    (folder / "applications" / "dépôt 12").mkdir(parents=True)
    (folder / "applications" / "dépôt 12" / "autorisation parentale.pdf").write_bytes(
        bytes(range(256)) * 40 + secrets.token_bytes(1000)
    )
    (folder / "rapport.txt").write_text("Rapport final — été 2026\n", encoding="utf-8")
    (folder / "vide").mkdir()
    return folder


def _environment(**values: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "LOCAL_CLUSTER", "LOCAL_CLUSTER_THROWAWAY"}
        and not key.startswith("MAKE")
    }
    environment.update(values)
    return environment


def _make(target: str, environment: dict[str, str]) -> None:
    _run([_which("make"), "-s", "-C", str(ROOT), target], env=environment, check=True)


@pytest.fixture
def local_cluster(tmp_path: Path) -> Iterator[Path]:
    """A throwaway local cluster of scripts/with-db, removed afterwards with its folder."""
    link = tmp_path / "pgdata"
    yield link
    _run(
        [str(ROOT / "scripts" / "clean-db")],
        env=_environment(LOCAL_CLUSTER=str(link)),
        check=False,
    )


def _in_local_cluster(environment: dict[str, str], code: str) -> None:
    """Runs Python code with the local cluster started by scripts/with-db (and stopped
    afterwards), ``url`` bound to its DATABASE_URL."""
    _run(
        [
            str(ROOT / "scripts" / "with-db"),
            sys.executable,
            "-c",
            "import os\nfrom pathlib import Path\n"
            "from tests.portal.test_backup_restore import _fill, _fingerprint\n"
            f"url = os.environ['DATABASE_URL']\n{code}",
        ],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def test_make_backup_then_clean_db_then_restore_gives_back_the_same_data_and_files(
    local_cluster: Path, portal_dump: Path, media: Path, tmp_path: Path
):
    environment = _environment(
        LOCAL_CLUSTER=str(local_cluster),
        LOCAL_CLUSTER_THROWAWAY="1",
        PRIVATE_MEDIA_ROOT=str(media),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    before, after = tmp_path / "before.txt", tmp_path / "after.txt"
    _in_local_cluster(
        environment,
        f"_fill(url, Path({str(portal_dump)!r}))\n"
        f"Path({str(before)!r}).write_text('\\n'.join(_fingerprint(url)))",
    )
    files_before = _files(media)

    _make("backup", environment)
    _make("clean-db", environment)
    assert not local_cluster.exists() and not local_cluster.is_symlink()
    shutil.rmtree(media)
    _make("restore", environment)

    _in_local_cluster(
        environment, f"Path({str(after)!r}).write_text('\\n'.join(_fingerprint(url)))"
    )
    assert after.read_text() == before.read_text()
    assert "backup_check" in before.read_text()
    assert "extension unaccent" in before.read_text()
    assert _files(media) == files_before
    assert (media / "vide").is_dir()


@pytest.fixture
def throwaway_database(test_database_url: str) -> Iterator[str]:
    """A database of its own on the server of the tests, dropped afterwards."""
    name = f"backup_check_{secrets.token_hex(4)}"
    server = os.environ["DATABASE_URL"]
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'create database "{name}"')
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def production_backup(
    throwaway_database: str, portal_dump: Path, media: Path, tmp_path: Path
) -> tuple[dict[str, str], Path]:
    """A database filled and backed up through DATABASE_URL, as in production."""
    _fill(throwaway_database, portal_dump)
    environment = _environment(
        DATABASE_URL=throwaway_database,
        PRIVATE_MEDIA_ROOT=str(media),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    written = _run(
        [str(ROOT / "scripts" / "backup")],
        env=environment,
        check=True,
        capture_output=True,
    ).stdout.strip()
    return environment, Path(written)


def _change_everything(url: str, media: Path) -> None:
    with psycopg.connect(url) as connection:
        connection.execute("delete from backup_check where id % 3 = 0")
        connection.execute("update backup_check set label = 'changed' where id = 1")
        connection.execute("insert into backup_check (label) values ('after the backup')")
        connection.execute("create table added_after_the_backup (id int)")
    (media / "rapport.txt").unlink()
    (media / "uploaded after the backup.pdf").write_bytes(b"%PDF-1.7 new")


def test_restore_into_the_production_database_puts_back_rows_and_files_changed_since(
    production_backup: tuple[dict[str, str], Path], throwaway_database: str, media: Path
):
    environment, backup = production_backup
    before, files_before = _fingerprint(throwaway_database), _files(media)
    assert (backup / "SHA256SUMS").is_file() and (backup / "database.dump").is_file()
    _change_everything(throwaway_database, media)

    _run([str(ROOT / "scripts" / "restore"), str(backup)], env=environment, check=True)

    after = _fingerprint(throwaway_database)
    assert [line for line in after if "added_after_the_backup" not in line] == before
    assert _files(media) == files_before


def test_a_damaged_backup_restores_nothing(
    production_backup: tuple[dict[str, str], Path], throwaway_database: str, media: Path
):
    environment, backup = production_backup
    _change_everything(throwaway_database, media)
    changed, files_changed = _fingerprint(throwaway_database), _files(media)
    archive = backup / "private-media.tar.gz"
    damaged = bytearray(archive.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    archive.write_bytes(bytes(damaged))

    result = _run(
        [str(ROOT / "scripts" / "restore"), str(backup)],
        env=environment,
        capture_output=True,
    )

    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert _fingerprint(throwaway_database) == changed
    assert _files(media) == files_changed
