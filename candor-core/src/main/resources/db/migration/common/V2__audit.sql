-- Candor audit log: append-only, hash-chained. hash = SHA-256(prev_hash bytes || canonical JSON
-- of the entry); see candor.core.audit.AuditChain. No biometric data is ever stored here.

CREATE TABLE audit_log (
    seq        BIGINT NOT NULL PRIMARY KEY,
    at_micros  BIGINT NOT NULL,
    actor      TEXT   NOT NULL,
    action     TEXT   NOT NULL,
    object     TEXT   NOT NULL,
    details    TEXT   NOT NULL,
    prev_hash  TEXT   NOT NULL,
    hash       TEXT   NOT NULL
);

-- The chain head: the last entry's sequence number and hash. Appenders lock this one row first,
-- which serialises them; verify() compares the head with the last entry, so deleting entries
-- at the end of the log is found too.
CREATE TABLE audit_head (
    id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq   BIGINT  NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
