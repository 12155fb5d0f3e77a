"""The database schema, built only through append-only ``sqlite_utils.Migrations``.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.domain import ArticleState, Label, Origin, Status

MIGRATION_SET = "annotator"
migrations = Migrations(MIGRATION_SET)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@migrations()
def m001_base(db: Database) -> None:
    """Annotators, articles, spans, per-coder article state and project settings."""
    db.executescript(
        f"""
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
            role TEXT NOT NULL DEFAULT 'coder',
            created_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            text_length INTEGER NOT NULL CHECK (text_length = length(text)),
            meta TEXT NOT NULL DEFAULT '{{}}'
                CHECK (json_valid(meta) AND json_type(meta) = 'object'),
            imported_at TEXT NOT NULL
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL CHECK (label IN {_in(Label.values())}),
            attrs TEXT NOT NULL DEFAULT '{{}}'
                CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
            origin TEXT NOT NULL CHECK (origin IN {_in(Origin.values())}),
            status TEXT NOT NULL CHECK (status IN {_in(Status.values())}),
            annotator TEXT REFERENCES annotators(name),
            suggestion_id INTEGER REFERENCES spans(id),
            suggester TEXT,
            suggester_version TEXT,
            score REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (typeof(start) = 'integer' AND typeof("end") = 'integer'),
            CHECK (0 <= start AND start < "end"),
            CHECK ((origin = 'suggestion') = (annotator IS NULL)),
            CHECK (origin != 'suggestion' OR status = 'suggested'),
            CHECK (origin != 'coder' OR status IN ('accepted', 'corrected', 'rejected', 'added')),
            CHECK (origin != 'import' OR status IN ('accepted', 'corrected')),
            CHECK ((suggestion_id IS NOT NULL) =
                   (origin = 'coder' AND status IN ('accepted', 'corrected', 'rejected')))
        );
        CREATE INDEX spans_article ON spans(article_id, annotator);
        CREATE UNIQUE INDEX spans_one_decision
            ON spans(article_id, annotator, suggestion_id) WHERE suggestion_id IS NOT NULL;
        CREATE TABLE article_state (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN {_in(ArticleState.values())}),
            note TEXT NOT NULL DEFAULT '',
            seconds_spent REAL NOT NULL DEFAULT 0 CHECK (seconds_spent >= 0),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        ) WITHOUT ROWID;
        CREATE INDEX article_state_annotator ON article_state(annotator, state);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT
        );
        """
    )


_SPAN_JSON = """json_object('id', {r}.id, 'article_id', {r}.article_id, 'start', {r}.start,
    'end', {r}."end", 'label', {r}.label, 'attrs', json({r}.attrs), 'origin', {r}.origin,
    'status', {r}.status, 'annotator', {r}.annotator, 'suggestion_id', {r}.suggestion_id,
    'suggester', {r}.suggester, 'suggester_version', {r}.suggester_version, 'score', {r}.score,
    'created_at', {r}.created_at, 'updated_at', {r}.updated_at)"""

_STATE_JSON = """json_object('article_id', {r}.article_id, 'annotator', {r}.annotator,
    'state', {r}.state, 'note', {r}.note, 'seconds_spent', {r}.seconds_spent,
    'updated_at', {r}.updated_at)"""


def _audit_triggers(
    table: str, image: str, who: str, row_id: str, article: str = "{r}.article_id"
) -> str:
    new, old = image.format(r="NEW"), image.format(r="OLD")
    parts = []
    for action, before, after, ref in (
        ("insert", "NULL", new, "NEW"),
        ("update", old, new, "NEW"),
        ("delete", old, "NULL", "OLD"),
    ):
        parts.append(
            f"""
            CREATE TRIGGER {table}_audit_{action} AFTER {action.upper()} ON {table}
            BEGIN
                INSERT INTO audit (who, action, tbl, row_id, article_id, before, after)
                VALUES ({who.format(r=ref)}, '{action}', '{table}', {row_id.format(r=ref)},
                        {article.format(r=ref)}, {before}, {after});
            END;
            """
        )
    return "\n".join(parts)


@migrations()
def m002_integrity_and_audit(db: Database) -> None:
    """Offsets inside the text, consistent decisions, immutable texts, an append-only audit log."""
    db.executescript(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            who TEXT,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            tbl TEXT NOT NULL,
            row_id INTEGER,
            article_id INTEGER,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_article ON audit(article_id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        CREATE TRIGGER articles_text_immutable BEFORE UPDATE OF text, hash, text_length ON articles
        BEGIN SELECT RAISE(ABORT, 'an article''s text cannot change: spans point into it'); END;

        CREATE TRIGGER spans_in_text_insert BEFORE INSERT ON spans
        WHEN NEW."end" > (SELECT text_length FROM articles WHERE id = NEW.article_id)
        BEGIN SELECT RAISE(ABORT, 'span end lies beyond the end of the article text'); END;
        CREATE TRIGGER spans_in_text_update BEFORE UPDATE OF article_id, start, "end" ON spans
        WHEN NEW."end" > (SELECT text_length FROM articles WHERE id = NEW.article_id)
        BEGIN SELECT RAISE(ABORT, 'span end lies beyond the end of the article text'); END;

        CREATE TRIGGER spans_decision_insert BEFORE INSERT ON spans
        WHEN NEW.suggestion_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM spans s WHERE s.id = NEW.suggestion_id
            AND s.origin = 'suggestion' AND s.article_id = NEW.article_id)
        BEGIN SELECT RAISE(ABORT, 'suggestion_id must name a suggestion of the same article'); END;
        CREATE TRIGGER spans_decision_update BEFORE UPDATE OF suggestion_id, article_id ON spans
        WHEN NEW.suggestion_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM spans s WHERE s.id = NEW.suggestion_id
            AND s.origin = 'suggestion' AND s.article_id = NEW.article_id)
        BEGIN SELECT RAISE(ABORT, 'suggestion_id must name a suggestion of the same article'); END;
        """
        + _audit_triggers(
            "spans", _SPAN_JSON, "coalesce({r}.annotator, {r}.suggester, 'system')", "{r}.id"
        )
        + _audit_triggers("article_state", _STATE_JSON, "{r}.annotator", "NULL")
    )


@migrations()
def m003_suggestion_key_and_learning_indexes(db: Database) -> None:
    """One shared suggestion per (article, offsets, label); an index for stats and learning."""
    db.executescript(
        """
        CREATE UNIQUE INDEX spans_one_suggestion
            ON spans(article_id, start, "end", label) WHERE origin = 'suggestion';
        CREATE INDEX spans_status_label ON spans(status, label);
        """
    )


@migrations()
def m004_article_list_index(db: Database) -> None:
    """A covering index for the article list: ids, titles and sources without the texts."""
    db.execute("CREATE INDEX articles_list ON articles(title, source)")


def known_migration_names() -> list[str]:
    """Names of every migration this version of the app knows, in order."""
    return [m.name for m in migrations._migrations]


def migrate(db: Database, stop_before: str | None = None) -> None:
    """Apply pending migrations (all of them unless ``stop_before`` names one)."""
    migrations.apply(db, stop_before=stop_before)


@migrations()
def m005_gold_layer(db: Database) -> None:
    """The adjudicated gold layer: where each gold span came from, and coders' spans overruled."""
    db.executescript(
        """
        CREATE TABLE gold_sources (
            gold_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            source_span_id INTEGER NOT NULL,
            annotator TEXT NOT NULL,
            PRIMARY KEY (gold_span_id, source_span_id)
        ) WITHOUT ROWID;
        CREATE INDEX gold_sources_source ON gold_sources(source_span_id);
        CREATE TABLE gold_rejections (
            source_span_id INTEGER PRIMARY KEY NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            rejected_at TEXT NOT NULL
        );
        CREATE INDEX gold_rejections_article ON gold_rejections(article_id);
        CREATE TRIGGER gold_rejections_audit_insert AFTER INSERT ON gold_rejections
        BEGIN
            INSERT INTO audit (who, action, tbl, row_id, article_id, before, after)
            VALUES ('gold', 'insert', 'gold_rejections', NEW.source_span_id, NEW.article_id,
                    NULL, json_object('source_span_id', NEW.source_span_id,
                    'article_id', NEW.article_id, 'annotator', NEW.annotator,
                    'rejected_at', NEW.rejected_at));
        END;
        CREATE TRIGGER gold_rejections_audit_delete AFTER DELETE ON gold_rejections
        BEGIN
            INSERT INTO audit (who, action, tbl, row_id, article_id, before, after)
            VALUES ('gold', 'delete', 'gold_rejections', OLD.source_span_id, OLD.article_id,
                    json_object('source_span_id', OLD.source_span_id,
                    'article_id', OLD.article_id, 'annotator', OLD.annotator,
                    'rejected_at', OLD.rejected_at), NULL);
        END;
        """
    )


@migrations()
def m006_assignments(db: Database) -> None:
    """Which coder is assigned which article (``annotator assign``)."""
    db.executescript(
        """
        CREATE TABLE assignments (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_annotator ON assignments(annotator, article_id);
        """
    )


_ASSIGNMENT_JSON = """json_object('article_id', {r}.article_id, 'annotator', {r}.annotator,
    'assigned_at', {r}.assigned_at)"""

_GOLD_SOURCE_JSON = """json_object('gold_span_id', {r}.gold_span_id,
    'source_span_id', {r}.source_span_id, 'annotator', {r}.annotator,
    'decided_by', {r}.decided_by)"""

_GOLD_REJECTION_JSON = """json_object('source_span_id', {r}.source_span_id,
    'article_id', {r}.article_id, 'annotator', {r}.annotator, 'rejected_at', {r}.rejected_at,
    'decided_by', {r}.decided_by)"""

_SPAN_IN_TEXT = """
    CREATE TRIGGER spans_in_text_{action} BEFORE {event} ON spans
    WHEN NEW."end" > (SELECT text_length FROM article_lengths WHERE article_id = NEW.article_id)
    BEGIN SELECT RAISE(ABORT, 'span end lies beyond the end of the article text'); END;
"""


@migrations()
def m007_article_lengths_and_lead_audit(db: Database) -> None:
    """Text lengths apart from the texts; the deciding lead on gold rows; audited gold links.

    The span offset triggers read ``article_lengths`` instead of ``articles.text_length``,
    which SQLite stores after the (possibly multi-megabyte) text and reaches only by walking
    its overflow pages. ``decided_by`` names the lead who made a gold decision; the audit log
    also covers ``gold_sources`` and ``assignments`` now.
    """
    db.executescript(
        """
        CREATE TABLE article_lengths (
            article_id INTEGER PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text_length INTEGER NOT NULL
        );
        INSERT INTO article_lengths (article_id, text_length) SELECT id, text_length FROM articles;
        CREATE TRIGGER articles_length_insert AFTER INSERT ON articles
        BEGIN
            INSERT INTO article_lengths (article_id, text_length)
            VALUES (NEW.id, NEW.text_length);
        END;
        DROP TRIGGER spans_in_text_insert;
        DROP TRIGGER spans_in_text_update;
        """
        + _SPAN_IN_TEXT.format(action="insert", event="INSERT")
        + _SPAN_IN_TEXT.format(action="update", event='UPDATE OF article_id, start, "end"')
        + """
        ALTER TABLE gold_sources ADD COLUMN decided_by TEXT;
        ALTER TABLE gold_rejections ADD COLUMN decided_by TEXT;
        DROP TRIGGER gold_rejections_audit_insert;
        DROP TRIGGER gold_rejections_audit_delete;
        """
        + _audit_triggers(
            "gold_rejections",
            _GOLD_REJECTION_JSON,
            "coalesce({r}.decided_by, 'gold')",
            "{r}.source_span_id",
        )
        + _audit_triggers(
            "gold_sources",
            _GOLD_SOURCE_JSON,
            "coalesce({r}.decided_by, 'gold')",
            "{r}.gold_span_id",
            article="(SELECT article_id FROM spans WHERE id = {r}.gold_span_id)",
        )
        + _audit_triggers("assignments", _ASSIGNMENT_JSON, "'assign'", "NULL")
    )


@migrations()
def m008_suggestion_batches(db: Database) -> None:
    """Machine suggestions stored in batches: one row says which suggester (and version)
    proposed a batch of spans and when, instead of an audit row with a JSON copy per span.

    A span with a ``batch_id`` is a suggestion of that batch; its insert is not audited row by
    row (the batch row is its record). Every other insert, a coder's decision above all, keeps
    its own audit row, and updates and deletions of every span are audited as before.
    """
    db.executescript(
        """
        CREATE TABLE suggestion_batches (
            id INTEGER PRIMARY KEY,
            suggester TEXT NOT NULL,
            suggester_version TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            source TEXT NOT NULL DEFAULT ''
        );
        CREATE TRIGGER suggestion_batches_no_update BEFORE UPDATE ON suggestion_batches
        BEGIN SELECT RAISE(ABORT, 'suggestion batches are append-only'); END;
        CREATE TRIGGER suggestion_batches_no_delete BEFORE DELETE ON suggestion_batches
        BEGIN SELECT RAISE(ABORT, 'suggestion batches are append-only'); END;
        ALTER TABLE spans ADD COLUMN batch_id INTEGER REFERENCES suggestion_batches(id)
            CONSTRAINT only_machine_suggestions_in_batches
            CHECK (batch_id IS NULL OR origin = 'suggestion');
        DROP TRIGGER spans_audit_insert;
        """
        + _audit_triggers(
            "spans", _SPAN_JSON, "coalesce({r}.annotator, {r}.suggester, 'system')", "{r}.id"
        )
        .split("CREATE TRIGGER spans_audit_update")[0]
        .replace("AFTER INSERT ON spans", "AFTER INSERT ON spans WHEN NEW.batch_id IS NULL")
    )


@migrations()
def m009_import_pending(db: Database) -> None:
    """Articles an import is still publishing, hidden from every reader until the last chunk
    of their file is stored: ``import_pending`` names each hidden article and its publishing
    (``import_publishing``: which process on which machine publishes which file), so a file is
    published in short transactions yet appears all at once, and the rows of a publishing cut
    short (a killed import) can be found and removed."""
    db.executescript(
        """
        CREATE TABLE import_publishing (
            id INTEGER PRIMARY KEY,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            started TEXT NOT NULL
        );
        CREATE TABLE import_pending (
            article_id INTEGER PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            publishing INTEGER NOT NULL REFERENCES import_publishing(id) ON DELETE CASCADE
        );
        CREATE INDEX import_pending_publishing ON import_pending(publishing);
        """
    )
