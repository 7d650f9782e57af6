/**
 * API keys: who may call the Candor service. A key is issued to a named user with one {@link
 * candor.core.policy.Role} and a grant of collections; only the SHA-256 of its token is stored;
 * it is revoked, never deleted; issuing, revoking and signing in are audited.
 */
package candor.core.access;
