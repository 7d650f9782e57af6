/**
 * Who may do what, and the rules that make searches accountable: {@link candor.core.policy.Role}s
 * and their {@link candor.core.policy.Action}s, collection grants, the {@link
 * candor.core.policy.Policy} that decides and the {@link candor.core.policy.Guard} that enforces
 * and audits each {@link candor.core.policy.PolicyDecision}; supervisors' approvals of searches
 * spanning several collections ({@link candor.core.policy.SearchApprovals}); and human review of
 * candidates, where an identification needs two different users' confirmations ({@link
 * candor.core.policy.Reviews}).
 */
package candor.core.policy;
