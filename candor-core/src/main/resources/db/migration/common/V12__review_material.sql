-- Candor review material: what the reviewers of a search need that its audit entry does not
-- hold. Each candidate's similarity and estimated false match rate (no biometric data), who
-- searched, and the probe's face: a crop of the searched face, sealed (AES-256-GCM) under a data
-- key of its own ('search:<id>' in data_keys), kept until every candidate is decided or the
-- deployment's probe retention ends, whichever comes first. Deleting the probe clears the sealed
-- bytes and destroys the data key, so copies left in free pages, WAL or backups stay unreadable;
-- the row stays, without the face, to say when and why it went.

CREATE TABLE review_searches (
    search_id         TEXT    NOT NULL PRIMARY KEY,
    searcher          TEXT    NOT NULL,
    at_micros         BIGINT  NOT NULL,
    probe_owner       TEXT    REFERENCES data_keys (owner),
    probe             ${blob},
    keep_until_micros BIGINT  NOT NULL,
    deleted_micros    BIGINT,
    deleted_reason    TEXT,
    CHECK ((probe IS NULL) = (probe_owner IS NULL))
);
CREATE INDEX review_searches_searcher ON review_searches (searcher);
CREATE INDEX review_searches_keep_until ON review_searches (keep_until_micros);

-- fmr is NULL when no calibration ships for the model; fmr_bound is then NULL too.
CREATE TABLE search_candidates (
    search_id      TEXT             NOT NULL REFERENCES review_searches (search_id),
    face_id        BIGINT           NOT NULL,
    candidate_rank INTEGER          NOT NULL,
    score          REAL             NOT NULL,
    fmr            DOUBLE PRECISION,
    fmr_bound      TEXT CHECK (fmr_bound IN ('ESTIMATE', 'BELOW', 'AT_LEAST')),
    PRIMARY KEY (search_id, face_id)
);
