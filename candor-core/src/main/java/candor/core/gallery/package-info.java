/**
 * The gallery's use cases: ingest images into collections, search them 1:N for human review,
 * erase subjects and images, list collections and subjects; {@link candor.core.gallery.Gallery}
 * keeps the vector index derived from the SQL store and replays it after a crash. Every rule
 * (lawful basis, retention, search purpose and case, audit, physical erasure) lives here, so the
 * CLI and the HTTP API only parse and print.
 *
 * <p>Privacy: these classes store, search and erase face templates and face crops; templates
 * stay encrypted in the store and crops sealed on disk, the audit log records every use without
 * biometric data, and erasure removes rows, index entries and files.
 */
package candor.core.gallery;
