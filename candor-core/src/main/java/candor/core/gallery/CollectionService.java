package candor.core.gallery;

import candor.core.audit.AuditEvent;
import candor.core.model.CollectionInfo;
import candor.core.model.InvalidRequestException;
import candor.core.model.LawfulBasis;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.GalleryStore;
import java.time.Clock;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creating and listing collections, and listing subjects.
 *
 * <p>Rules: a collection states its purpose, the lawful basis of the faces without a subject
 * added to it, and a retention period; creating one is audited ({@code collection.create}).
 *
 * <p>Thread-safe.
 */
public final class CollectionService {

  /** Retention of a collection created without one: short, so data is not kept by default. */
  public static final Period DEFAULT_RETENTION = Period.ofYears(1);

  private final Gallery gallery;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param gallery the open gallery
   */
  public CollectionService(Gallery gallery) {
    this(gallery, Clock.systemUTC());
  }

  CollectionService(Gallery gallery, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What a new collection states.
   *
   * @param name the collection's name ({@code [a-z0-9][a-z0-9-]{0,63}})
   * @param purpose why it exists, in words a reviewer can check; at most {@value #MAX_PURPOSE}
   *     characters
   * @param defaultBasis the lawful basis of its faces that have no subject
   * @param retention how long its media and subjects are kept, positive
   * @param keepOriginals whether original images are kept (sealed) besides face crops
   */
  public record NewCollection(
      String name, String purpose, LawfulBasis defaultBasis, Period retention,
      boolean keepOriginals) {

    /** The longest purpose accepted, in characters (what {@link CollectionInfo} keeps). */
    public static final int MAX_PURPOSE = 4_096;

    /**
     * Validates what it can without a clock.
     *
     * @throws InvalidRequestException if the name is invalid, the purpose blank or the
     *     retention not positive
     * @throws NullPointerException if the basis or retention is null
     */
    public NewCollection {
      CollectionInfo.checkName(name);
      if (purpose == null || purpose.isBlank()) {
        throw new InvalidRequestException("a collection requires a purpose");
      }
      if (purpose.length() > MAX_PURPOSE) {
        throw new InvalidRequestException("a collection's purpose must be at most " + MAX_PURPOSE
            + " characters, got " + purpose.length());
      }
      Objects.requireNonNull(defaultBasis, "a collection requires a default lawful basis");
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new InvalidRequestException("retention must be positive, got " + retention);
      }
    }
  }

  /**
   * Creates a collection and audits it, in one transaction.
   *
   * @param actor who creates it
   * @param collection what it states
   * @return the stored collection
   * @throws candor.core.store.DuplicateCollectionException if the name is taken
   * @throws InvalidRequestException if the retention is not positive
   */
  public CollectionInfo create(String actor, NewCollection collection) {
    Objects.requireNonNull(collection, "collection");
    CollectionInfo info = new CollectionInfo(collection.name(), collection.purpose(),
        collection.defaultBasis(), collection.retention(), collection.keepOriginals(),
        clock.instant());
    return gallery.store().inTransaction(tx -> {
      CollectionInfo stored = gallery.store().gallery().createCollection(tx, info);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("purpose", stored.purpose());
      details.put("basis_kind", stored.defaultBasis().kind().name().toLowerCase(Locale.ROOT));
      details.put("basis_reference", stored.defaultBasis().reference());
      details.put("retention", stored.retention().toString());
      details.put("keep_originals", stored.keepOriginals());
      gallery.store().audit().append(tx,
          new AuditEvent(actor, "collection.create", "collection:" + stored.name(), details));
      return stored;
    });
  }

  /**
   * Looks up a collection.
   *
   * @param name the name
   * @return the collection, or empty
   */
  public Optional<CollectionInfo> find(String name) {
    return gallery.store().gallery().findCollection(name);
  }

  /**
   * Lists every collection.
   *
   * @return the collections, by name
   */
  public List<CollectionInfo> list() {
    return gallery.store().gallery().listCollections();
  }

  /**
   * Lists the subjects with their face counts, subjects without a face (enrolled from images
   * where none was usable, or whose images were erased) included.
   *
   * <p>One store query; no template is read.
   *
   * @param collection only this collection's subjects, or empty for all
   * @return the subjects, by collection, then external reference
   * @throws CollectionNotFoundException if the collection does not exist
   */
  public List<SubjectListing> subjects(Optional<String> collection) {
    GalleryStore records = gallery.store().gallery();
    collection.ifPresent(c -> {
      if (records.findCollection(c).isEmpty()) {
        throw new CollectionNotFoundException(c);
      }
    });
    return records.listSubjects(collection).stream()
        .map(count -> new SubjectListing(count.subject(), count.faces()))
        .toList();
  }
}
