/**
 * Crypto-shredding: face templates and sealed crops are encrypted with AES-256-GCM under a data
 * key per subject (or, for unidentified faces, per image), and data keys are stored wrapped by a
 * master key that lives in a file outside the database.
 *
 * <p>Privacy: destroying a data key makes every copy of what it encrypted unreadable, including
 * copies the database keeps after a delete (SQLite WAL frames and free pages, PostgreSQL dead
 * tuples and WAL) and copies in backups. A wrapped data key can itself linger in those places;
 * {@link candor.core.crypto.MasterKeyRing#beginRotation()} and rotation of the master key close
 * that gap: once the old master key is gone, lingering wrapped keys cannot be unwrapped.
 */
package candor.core.crypto;
