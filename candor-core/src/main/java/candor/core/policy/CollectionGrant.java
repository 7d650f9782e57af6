package candor.core.policy;

import candor.core.model.CollectionInfo;
import candor.core.model.InvalidRequestException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The collections a key may act on: a set of names, or all collections (including ones created
 * later).
 *
 * @param all whether every collection is granted
 * @param names the collections granted by name, sorted; empty when {@code all}
 */
public record CollectionGrant(boolean all, SortedSet<String> names) {

  /** How {@link #all()} is written in lists of collections: {@value}. */
  public static final String ALL = "*";

  /**
   * Validates and copies the names.
   *
   * @throws InvalidRequestException if a name is not a valid collection name, or names are
   *     given with {@code all}
   */
  public CollectionGrant {
    Objects.requireNonNull(names, "names");
    TreeSet<String> copy = new TreeSet<>();
    for (String name : names) {
      copy.add(CollectionInfo.checkName(name));
    }
    if (all && copy.isEmpty() == false) {
      throw new InvalidRequestException("a grant of all collections lists no names");
    }
    names = Collections.unmodifiableSortedSet(copy);
  }

  /**
   * Returns a grant of every collection.
   *
   * @return the grant
   */
  public static CollectionGrant allCollections() {
    return new CollectionGrant(true, new TreeSet<>());
  }

  /**
   * Returns a grant of the named collections; {@code "*"} among them grants all.
   *
   * @param names collection names, or {@code "*"}
   * @return the grant
   * @throws InvalidRequestException if a name is invalid
   */
  public static CollectionGrant of(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    if (names.contains(ALL)) {
      if (names.size() > 1) {
        throw new InvalidRequestException(
            "grant either all collections ('*') or named ones, not both: " + names);
      }
      return allCollections();
    }
    return new CollectionGrant(false, new TreeSet<>(names));
  }

  /**
   * Returns whether the grant covers a collection.
   *
   * @param collection the collection's name
   * @return {@code true} if granted
   */
  public boolean covers(String collection) {
    return all || names.contains(collection);
  }

  /**
   * Returns the grant as a list: {@code ["*"]} for all, else the names.
   *
   * @return the names or {@code "*"}
   */
  public List<String> asList() {
    return all ? List.of(ALL) : List.copyOf(names);
  }

  /**
   * Describes the grant.
   *
   * @return {@code "all collections"} or the names, comma-separated ({@code "none"} if empty)
   */
  @Override
  public String toString() {
    return all ? "all collections" : names.isEmpty() ? "none" : String.join(",", names);
  }
}
