-- Candor API keys: who may call the service, in which role, on which collections.
-- A key's secret is never stored: only the SHA-256 of the whole token, which is 256 bits of
-- randomness, so a stolen database yields no usable key. Keys are revoked, never deleted, so
-- that the audit entries naming them keep their meaning.

CREATE TABLE api_keys (
    id              TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL
        CHECK (role IN ('ADMIN', 'ENROLLER', 'INVESTIGATOR', 'SUPERVISOR', 'AUDITOR')),
    all_collections BOOLEAN NOT NULL,
    token_sha256    TEXT    NOT NULL UNIQUE,
    created_by      TEXT    NOT NULL,
    created_micros  BIGINT  NOT NULL,
    revoked_by      TEXT,
    revoked_micros  BIGINT
);

-- The collections a key is granted by name (none when all_collections is true). Names are not
-- foreign keys: a key may be granted a collection before it is created.
CREATE TABLE api_key_collections (
    key_id      TEXT NOT NULL REFERENCES api_keys (id),
    collection  TEXT NOT NULL,
    PRIMARY KEY (key_id, collection)
);
