package candor.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group of identities that share labels, as a labels file assigns them.
 *
 * @param name {@code all}, {@code column=label} or {@code column=label,column=label}
 * @param family {@code all}, the column, or the two columns joined by a comma: differentials
 *     compare the groups of one family
 * @param labels the labels every member carries, by column; copied
 * @param identities the members, by folder name; copied
 */
public record DemographicGroup(String name, String family, Map<String, String> labels,
    List<String> identities) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public DemographicGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(family, "family");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    identities = List.copyOf(identities);
  }
}
