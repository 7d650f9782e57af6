/**
 * JDBC plumbing shared by the access, policy, retention and transparency packages: statements on
 * the connection of a store transaction, so that their rows and the audit entries about them
 * commit together. Internal to candor-core.
 */
package candor.core.policy.jdbc;
