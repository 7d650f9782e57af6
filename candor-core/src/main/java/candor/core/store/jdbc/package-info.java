/**
 * The JDBC implementation of the store and the audit log, for SQLite (embedded default) and
 * PostgreSQL: connection pool, Flyway migrations, SQL with bound parameters, row mapping and the
 * data keys table. Callers use {@link candor.core.store.jdbc.JdbcStore#open} and the interfaces of
 * {@code candor.core.store} and {@code candor.core.audit}; nothing else here is public API.
 *
 * <p>Privacy: face templates are sealed before they reach SQL and opened after they leave it;
 * SQLite runs with {@code secure_delete=ON} and checkpoints its WAL with {@code TRUNCATE} after an
 * erasure.
 */
package candor.core.store.jdbc;
