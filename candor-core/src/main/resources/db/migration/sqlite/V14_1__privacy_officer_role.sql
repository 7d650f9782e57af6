-- API keys may be issued to the privacy officer role (people's requests, issue 19). SQLite
-- cannot change a CHECK constraint, so api_keys is rebuilt with the same rows. Flyway runs this
-- in one transaction, where foreign_keys cannot be switched off; deferring the foreign keys
-- instead lets api_key_collections point at no table for the moment between the DROP and the
-- refill (the refill satisfies them again before the commit checks them).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE api_keys_v14 AS SELECT * FROM api_keys;
DROP TABLE api_keys;
CREATE TABLE api_keys (
    id              TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL
        CHECK (role IN ('ADMIN', 'ENROLLER', 'INVESTIGATOR', 'SUPERVISOR', 'AUDITOR',
            'PRIVACY_OFFICER')),
    all_collections BOOLEAN NOT NULL,
    token_sha256    TEXT    NOT NULL UNIQUE,
    created_by      TEXT    NOT NULL,
    created_micros  BIGINT  NOT NULL,
    revoked_by      TEXT,
    revoked_micros  BIGINT
);
INSERT INTO api_keys (id, name, role, all_collections, token_sha256, created_by,
    created_micros, revoked_by, revoked_micros)
    SELECT id, name, role, all_collections, token_sha256, created_by, created_micros,
        revoked_by, revoked_micros FROM api_keys_v14;
DROP TABLE api_keys_v14;
