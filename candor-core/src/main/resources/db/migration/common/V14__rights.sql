-- Candor people's rights: the register of requests about one's own faces (access, erasure,
-- objection, opt-out and its removal), the matches an access request found and what was done
-- with each, the erasure receipts attached to a request, and the do-not-enrol list.
--
-- Privacy: requester_ref is the operator's reference for the requester (a case or ticket
-- number), not their name. A requester's photo is kept only while their request is open,
-- sealed (AES-256-GCM) under a data key of its own ('request:<uuid>' in data_keys); answering
-- the request clears the bytes and destroys the key, so copies left in free pages, WAL or
-- backups stay unreadable. A do-not-enrol entry keeps a template only (never a photo), sealed
-- under its own key ('optout:<uuid>'); removing the entry deletes the row and destroys the key.

CREATE TABLE rights_requests (
    id               TEXT    NOT NULL PRIMARY KEY,
    kind             TEXT    NOT NULL
        CHECK (kind IN ('ACCESS', 'ERASURE', 'OBJECTION', 'OPT_OUT', 'OPT_OUT_REMOVAL')),
    requester_ref    TEXT    NOT NULL CHECK (requester_ref <> ''),
    received_by      TEXT    NOT NULL,
    received_micros  BIGINT  NOT NULL,
    due_date         TEXT    NOT NULL,
    identity_by      TEXT,
    identity_micros  BIGINT,
    identity_note    TEXT,
    answered_by      TEXT,
    answered_micros  BIGINT,
    outcome          TEXT,
    search_id        TEXT,
    threshold        DOUBLE PRECISION,
    max_fmr          DOUBLE PRECISION,
    photo_owner      TEXT    REFERENCES data_keys (owner),
    photo            ${blob},
    optout_id        TEXT,
    CHECK ((photo IS NULL) = (photo_owner IS NULL))
);
CREATE INDEX rights_requests_due ON rights_requests (due_date);

-- One row per face an access request found above its threshold. outcome is NULL until the face
-- is erased on request or retained because a lawful basis overrides the request (reference
-- names that basis). fmr is NULL when no calibration ships for the model; fmr_bound then too.
CREATE TABLE rights_request_matches (
    request_id        TEXT             NOT NULL REFERENCES rights_requests (id),
    face_id           BIGINT           NOT NULL,
    collection        TEXT             NOT NULL,
    match_rank        INTEGER          NOT NULL,
    score             REAL             NOT NULL,
    fmr               DOUBLE PRECISION,
    fmr_bound         TEXT CHECK (fmr_bound IN ('ESTIMATE', 'BELOW', 'AT_LEAST')),
    outcome           TEXT CHECK (outcome IN ('ERASED', 'RETAINED')),
    outcome_reference TEXT,
    outcome_note      TEXT,
    outcome_by        TEXT,
    outcome_micros    BIGINT,
    PRIMARY KEY (request_id, face_id)
);

-- The receipt of each erasure done on a request, as JSON (ids and counts, no biometric data),
-- with the sequence number of the erasure's audit entry.
CREATE TABLE rights_request_receipts (
    request_id  TEXT   NOT NULL REFERENCES rights_requests (id),
    audit_seq   BIGINT NOT NULL,
    receipt     TEXT   NOT NULL,
    PRIMARY KEY (request_id, audit_seq)
);

-- People who asked never to be enrolled: their template, kept under their consent (its
-- reference), checked against every face an ingest would store.
CREATE TABLE do_not_enrol (
    id                 TEXT    NOT NULL PRIMARY KEY,
    key_owner          TEXT    NOT NULL REFERENCES data_keys (owner),
    model_id           TEXT    NOT NULL,
    template           ${blob} NOT NULL,
    consent_reference  TEXT    NOT NULL CHECK (consent_reference <> ''),
    request_id         TEXT    NOT NULL REFERENCES rights_requests (id),
    created_by         TEXT    NOT NULL,
    created_micros     BIGINT  NOT NULL
);
CREATE INDEX do_not_enrol_model ON do_not_enrol (model_id);
