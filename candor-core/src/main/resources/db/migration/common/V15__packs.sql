-- Model packs in a gallery (issue 17): which pack made each template model id, the gallery's
-- current pack, and moving a gallery to another pack. No biometric data here: a migrated
-- template is a new row of faces (encrypted like every template), naming the face it replaces.

-- The face a pack migration re-templated this one from: the same face (image, box region,
-- subject, data key) under another model. Each face is migrated to a model at most once.
ALTER TABLE faces ADD COLUMN replaces BIGINT;
CREATE UNIQUE INDEX faces_replaces_model ON faces (replaces, model_id);
CREATE INDEX faces_model ON faces (model_id);

-- Which pack first stored templates of a model id, and the terms its models come under.
CREATE TABLE template_models (
    model_id       TEXT   NOT NULL PRIMARY KEY,
    pack           TEXT   NOT NULL,
    licence        TEXT   NOT NULL,
    licence_use    TEXT   NOT NULL,
    training_data  TEXT   NOT NULL,
    first_micros   BIGINT NOT NULL
);

-- The gallery's current pack: ingest and search use it. Absent until a migration records it
-- (a gallery runs the pack its commands name, the default pack unless told otherwise).
CREATE TABLE gallery_pack (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    pack          TEXT    NOT NULL,
    model_id      TEXT    NOT NULL,
    since_micros  BIGINT  NOT NULL
);

-- Moving the gallery from one pack to another: at most one RUNNING at a time.
CREATE TABLE pack_migrations (
    id              TEXT   NOT NULL PRIMARY KEY,
    from_pack       TEXT   NOT NULL,
    from_model      TEXT   NOT NULL,
    to_pack         TEXT   NOT NULL,
    to_model        TEXT   NOT NULL,
    state           TEXT   NOT NULL CHECK (state IN ('RUNNING', 'SWITCHED')),
    started_by      TEXT   NOT NULL,
    started_micros  BIGINT NOT NULL,
    ended_micros    BIGINT
);

-- Faces a migration's pack could not embed, and why (no face found where the stored one is, no
-- crop or original to re-template from). Erasing the face removes its row.
CREATE TABLE pack_migration_failures (
    migration_id  TEXT   NOT NULL REFERENCES pack_migrations (id),
    face_id       BIGINT NOT NULL,
    reason        TEXT   NOT NULL,
    at_micros     BIGINT NOT NULL,
    PRIMARY KEY (migration_id, face_id)
);
CREATE INDEX pack_migration_failures_face ON pack_migration_failures (face_id);
