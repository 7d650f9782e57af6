package candor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which collections an audit entry concerns, so that an auditor granted some collections reads
 * only their entries. An entry names its collections in its object ({@code collection:NAME},
 * {@code media:NAME/sha}), in its details ({@code collection}, {@code collections}) or in the
 * policy decision it carries ({@code policy.collections}); an entry that names none, or names
 * all collections ({@code *}), concerns the whole deployment (keys, sign-ins, retention runs,
 * checkpoints) and is for auditors granted every collection.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditScope {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditScope() {}

  /**
   * Returns the collections an entry concerns.
   *
   * @param entry the entry
   * @return the collection names; empty when the entry concerns the whole deployment
   */
  public static Set<String> collectionsOf(AuditEntry entry) {
    Set<String> names = new TreeSet<>();
    String object = entry.object();
    if (object.startsWith("collection:")) {
      names.add(object.substring("collection:".length()));
    } else if (object.startsWith("media:") && object.indexOf('/') > 0) {
      names.add(object.substring("media:".length(), object.indexOf('/')));
    }
    JsonNode details;
    try {
      details = JSON.readTree(entry.detailsJson());
    } catch (java.io.IOException e) {
      return Set.of(); // unreadable details: treat as deployment-wide, the stricter reading
    }
    add(names, details.get("collection"));
    add(names, details.get("collections"));
    JsonNode policy = details.get("policy");
    if (policy != null) {
      add(names, policy.get("collections"));
    }
    return names.contains("*") ? Set.of() : names;
  }

  /**
   * Returns whether a reader granted {@code granted} (or every collection) may read an entry.
   *
   * @param entry the entry
   * @param all whether the reader is granted every collection
   * @param granted the collections the reader is granted
   * @return {@code true} if every collection the entry concerns is granted, or the reader is
   *     granted all collections
   */
  public static boolean readable(AuditEntry entry, boolean all, Set<String> granted) {
    if (all) {
      return true;
    }
    Set<String> names = collectionsOf(entry);
    return names.isEmpty() == false && granted.containsAll(names);
  }

  private static void add(Set<String> names, JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      names.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(n -> {
        if (n.isTextual()) {
          names.add(n.asText());
        }
      });
    }
  }
}
