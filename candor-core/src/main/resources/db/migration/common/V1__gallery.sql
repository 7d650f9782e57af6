-- Candor gallery: collections, subjects, media, faces, their change log and data keys.
-- Portable SQL for SQLite and PostgreSQL; ${blob} is BLOB on SQLite and BYTEA on PostgreSQL.
-- Times are microseconds since the epoch (UTC); dates are ISO-8601 text (YYYY-MM-DD), which
-- sorts as dates. Released migrations are never edited: add a new one.

CREATE TABLE collections (
    name             TEXT    NOT NULL PRIMARY KEY,
    purpose          TEXT    NOT NULL,
    basis_kind       TEXT    NOT NULL CHECK (basis_kind IN ('CONSENT', 'AUTHORITY')),
    basis_reference  TEXT    NOT NULL,
    retention        TEXT    NOT NULL,
    keep_originals   BOOLEAN NOT NULL,
    created_micros   BIGINT  NOT NULL
);

-- One data key per subject ('subject:<uuid>') or per image with unidentified faces
-- ('media:<collection>/<sha256>'), wrapped by the master key kept outside the database.
-- Erasure deletes the row: that is what makes leftover ciphertext unreadable.
CREATE TABLE data_keys (
    owner          TEXT    NOT NULL PRIMARY KEY,
    master_key_id  BIGINT  NOT NULL,
    wrapped        ${blob} NOT NULL,
    created_micros BIGINT  NOT NULL
);
CREATE INDEX data_keys_master ON data_keys (master_key_id);

CREATE TABLE subjects (
    id               TEXT   NOT NULL PRIMARY KEY,
    collection       TEXT   NOT NULL REFERENCES collections (name),
    external_ref     TEXT   NOT NULL,
    display_name     TEXT   NOT NULL,
    basis_kind       TEXT   NOT NULL CHECK (basis_kind IN ('CONSENT', 'AUTHORITY')),
    basis_reference  TEXT   NOT NULL CHECK (basis_reference <> ''),
    retain_until     TEXT   NOT NULL,
    created_micros   BIGINT NOT NULL,
    UNIQUE (collection, external_ref)
);
CREATE INDEX subjects_retain_until ON subjects (retain_until);

CREATE TABLE media (
    collection       TEXT    NOT NULL REFERENCES collections (name),
    sha256           TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    ingested_by      TEXT    NOT NULL,
    ingested_micros  BIGINT  NOT NULL,
    byte_size        BIGINT  NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    retain_until     TEXT    NOT NULL,
    PRIMARY KEY (collection, sha256)
);
CREATE INDEX media_retain_until ON media (retain_until);

-- Faces are immutable. template is AES-256-GCM ciphertext under the data key named by key_owner;
-- the foreign key means a data key cannot be destroyed while a face still needs it.
CREATE TABLE faces (
    id               BIGINT           NOT NULL PRIMARY KEY,
    seq              BIGINT           NOT NULL UNIQUE,
    collection       TEXT             NOT NULL,
    media_sha256     TEXT             NOT NULL,
    subject_id       TEXT             REFERENCES subjects (id),
    key_owner        TEXT             NOT NULL REFERENCES data_keys (owner),
    box_x            REAL             NOT NULL,
    box_y            REAL             NOT NULL,
    box_w            REAL             NOT NULL,
    box_h            REAL             NOT NULL,
    landmarks        ${blob}          NOT NULL,
    quality_score    DOUBLE PRECISION NOT NULL,
    quality_reasons  TEXT             NOT NULL,
    model_id         TEXT             NOT NULL,
    template         ${blob}          NOT NULL,
    crop_path        TEXT,
    crop_sha256      TEXT,
    FOREIGN KEY (collection, media_sha256) REFERENCES media (collection, sha256)
);
CREATE INDEX faces_subject ON faces (subject_id);
CREATE INDEX faces_media ON faces (collection, media_sha256);

-- The change log the vector index replays: ADD rows for stored faces, DELETE rows (tombstones)
-- for erased ones. Sequence numbers come from counters.change_seq, taken at the end of each
-- writing transaction, so they are committed in order.
CREATE TABLE face_changes (
    seq         BIGINT NOT NULL PRIMARY KEY,
    face_id     BIGINT NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('ADD', 'DELETE')),
    collection  TEXT   NOT NULL,
    at_micros   BIGINT NOT NULL
);
CREATE INDEX face_changes_face ON face_changes (face_id);

-- Allocation counters. Updating a row locks it until commit, which serialises writers and
-- keeps sequence numbers in commit order on PostgreSQL (SQLite has one writer anyway).
CREATE TABLE counters (
    name   TEXT   NOT NULL PRIMARY KEY,
    value  BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('face_id', 0);
INSERT INTO counters (name, value) VALUES ('change_seq', 0);
