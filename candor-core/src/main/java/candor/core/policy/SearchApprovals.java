package candor.core.policy;

import candor.core.audit.AuditEvent;
import candor.core.gallery.SearchPurpose;
import candor.core.model.InvalidRequestException;
import candor.core.policy.jdbc.Jdbc;
import candor.core.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Supervisors' approvals of searches that span several collections or all of them. An approval
 * is recorded (and audited as {@code search.approve}) before the search; a search it covers then
 * names it in its audit. A supervisor cannot approve their own searches.
 *
 * <p>Thread-safe.
 */
public final class SearchApprovals {

  private final Store store;
  private final PolicyConfig config;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param store the store holding approvals and the audit log
   * @param config the policy's limits (longest validity)
   * @param clock the clock for creation and expiry
   */
  public SearchApprovals(Store store, PolicyConfig config, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records an approval and audits it in one transaction.
   *
   * @param decision the decision allowing {@link Action#SEARCH_APPROVE} on the request's scope
   * @param approver the supervisor
   * @param request what is approved
   * @return the approval
   * @throws IllegalArgumentException if the decision does not allow approving
   * @throws InvalidRequestException if the validity exceeds the policy's maximum, or the purpose
   *     is not allowed here
   */
  public Approval approve(PolicyDecision decision, Principal approver, ApprovalRequest request) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(request, "request");
    if (decision.allowed() == false || decision.action() != Action.SEARCH_APPROVE) {
      throw new IllegalArgumentException("expected a decision allowing search_approve, got "
          + decision);
    }
    if (request.validFor().compareTo(config.maxApprovalValidity()) > 0) {
      throw new InvalidRequestException("an approval lasts at most "
          + config.maxApprovalValidity().toDays() + " days, got " + request.validFor());
    }
    config.purpose(request.purpose().id());
    Instant now = now();
    Approval approval = new Approval(UUID.randomUUID().toString(), request.caseRef(),
        request.purpose(), request.scope(), Optional.ofNullable(request.investigator()),
        approver.user(), approver.keyId(), request.note(), now, now.plus(request.validFor()));
    return store.inTransaction(tx -> {
      Jdbc.run(store, tx, "record approval", c -> {
        Jdbc.update(c, "INSERT INTO search_approvals (id, case_ref, purpose, all_collections,"
                + " investigator, approved_by, approver_key, note, created_micros,"
                + " expires_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            approval.id(), approval.caseRef(), approval.purpose().id(), approval.scope().all(),
            request.investigator(), approval.approvedBy(), approval.approverKey(),
            approval.note(), Jdbc.micros(approval.created()), Jdbc.micros(approval.expires()));
        for (String name : approval.scope().names()) {
          Jdbc.update(c, "INSERT INTO search_approval_collections (approval_id, collection)"
              + " VALUES (?, ?)", approval.id(), name);
        }
        return null;
      });
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("case", approval.caseRef());
      details.put("purpose", approval.purpose().id());
      details.put("collections", approval.scope().asList());
      details.put("investigator", request.investigator());
      details.put("note", approval.note());
      details.put("expires", approval.expires());
      details.put("policy", decision.auditDetails());
      store.audit().append(tx, new AuditEvent(decision.actor(), "search.approve",
          "approval:" + approval.id(), details));
      return approval;
    });
  }

  /**
   * Finds an approval that covers a search: same case and purpose, unexpired, given by another
   * user, for this searcher or anyone, spanning at least the collections searched.
   *
   * @param searcher who searches
   * @param purpose the search's purpose
   * @param caseRef the search's case
   * @param searched the collections searched
   * @return the covering approval (the latest), or the reasons the case's approvals do not apply
   */
  public Coverage coverage(Principal searcher, SearchPurpose purpose, String caseRef,
      CollectionGrant searched) {
    Instant now = now();
    List<String> reasons = new ArrayList<>();
    List<Approval> approvals = forCase(caseRef);
    for (int i = approvals.size() - 1; i >= 0; i--) {
      Approval approval = approvals.get(i);
      Optional<String> mismatch = approval.mismatch(searcher, purpose, caseRef, searched, now);
      if (mismatch.isEmpty()) {
        return new Coverage(Optional.of(approval), List.of());
      }
      reasons.add(mismatch.get());
    }
    return new Coverage(Optional.empty(), reasons);
  }

  /**
   * Whether an approval covers a search, and if not, why each of the case's approvals does not.
   *
   * @param approval the covering approval, or empty
   * @param reasons why each approval of the case does not cover the search, latest first
   */
  public record Coverage(Optional<Approval> approval, List<String> reasons) {

    /**
     * Copies.
     *
     * @throws NullPointerException if an argument is null
     */
    public Coverage {
      Objects.requireNonNull(approval, "approval");
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Lists a case's approvals, oldest first.
   *
   * @param caseRef the case
   * @return its approvals, expired ones too
   */
  public List<Approval> forCase(String caseRef) {
    Objects.requireNonNull(caseRef, "caseRef");
    return Jdbc.read(store, "read approvals", c -> load(c,
        "SELECT * FROM search_approvals WHERE case_ref = ? ORDER BY created_micros, id", caseRef));
  }

  /**
   * Lists the approvals still in force, newest first.
   *
   * @return the unexpired approvals
   */
  public List<Approval> active() {
    List<Approval> list = Jdbc.read(store, "read approvals", c -> load(c,
        "SELECT * FROM search_approvals WHERE expires_micros > ? ORDER BY created_micros, id",
        Jdbc.micros(now())));
    return list.reversed();
  }

  /**
   * Looks up an approval.
   *
   * @param id the approval's id
   * @return the approval, or empty
   */
  public Optional<Approval> find(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(store, "read approval", c ->
        load(c, "SELECT * FROM search_approvals WHERE id = ?", id).stream().findFirst());
  }

  private static List<Approval> load(Connection c, String sql, Object... args)
      throws SQLException {
    List<Approval> approvals = new ArrayList<>();
    for (Row row : Jdbc.list(c, sql, SearchApprovals::row, args)) {
      CollectionGrant scope = row.all() ? CollectionGrant.allCollections()
          : new CollectionGrant(false, new TreeSet<>(Jdbc.list(c,
              "SELECT collection FROM search_approval_collections WHERE approval_id = ?",
              r -> r.getString(1), row.id())));
      approvals.add(new Approval(row.id(), row.caseRef(), SearchPurpose.parse(row.purpose()),
          scope, Optional.ofNullable(row.investigator()), row.approvedBy(), row.approverKey(),
          row.note(), row.created(), row.expires()));
    }
    return approvals;
  }

  private record Row(String id, String caseRef, String purpose, boolean all, String investigator,
      String approvedBy, String approverKey, String note, Instant created, Instant expires) {}

  private static Row row(ResultSet r) throws SQLException {
    return new Row(r.getString("id"), r.getString("case_ref"), r.getString("purpose"),
        r.getBoolean("all_collections"), r.getString("investigator"),
        r.getString("approved_by"), r.getString("approver_key"), r.getString("note"),
        Jdbc.instant(r.getLong("created_micros")), Jdbc.instant(r.getLong("expires_micros")));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
