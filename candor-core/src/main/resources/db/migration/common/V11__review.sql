-- Candor accountability: supervisors' approvals of searches that span several collections, and
-- human review of search candidates (a candidate is identified only when two different users
-- confirm it). No biometric data: faces are named by id.

CREATE TABLE search_approvals (
    id              TEXT    NOT NULL PRIMARY KEY,
    case_ref        TEXT    NOT NULL,
    purpose         TEXT    NOT NULL,
    all_collections BOOLEAN NOT NULL,
    investigator    TEXT,
    approved_by     TEXT    NOT NULL,
    approver_key    TEXT    NOT NULL,
    note            TEXT    NOT NULL,
    created_micros  BIGINT  NOT NULL,
    expires_micros  BIGINT  NOT NULL,
    revoked_micros  BIGINT
);
CREATE INDEX search_approvals_case ON search_approvals (case_ref);

CREATE TABLE search_approval_collections (
    approval_id TEXT NOT NULL REFERENCES search_approvals (id),
    collection  TEXT NOT NULL,
    PRIMARY KEY (approval_id, collection)
);

-- One decision per reviewer per candidate; a reviewer is a user (the name a key was issued to).
CREATE TABLE candidate_reviews (
    search_id   TEXT   NOT NULL,
    face_id     BIGINT NOT NULL,
    reviewer    TEXT   NOT NULL,
    key_id      TEXT   NOT NULL,
    decision    TEXT   NOT NULL CHECK (decision IN ('CONFIRMED', 'REJECTED')),
    note        TEXT   NOT NULL,
    collection  TEXT   NOT NULL,
    at_micros   BIGINT NOT NULL,
    PRIMARY KEY (search_id, face_id, reviewer)
);

-- Reviews find their search's audit entry by object ('search:<id>'); the audit viewer filters
-- by it too. An index changes nothing the hash chain covers.
CREATE INDEX audit_log_object ON audit_log (object);
