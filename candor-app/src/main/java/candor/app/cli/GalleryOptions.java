package candor.app.cli;

import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IndexKind;
import picocli.CommandLine.Option;

/** Options of the commands that open the gallery: which index, and who acts (for the audit). */
public final class GalleryOptions {
  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who acts, as the audit log records it (default: the operating-system user)."
          + " When it differs from the OS user, both are recorded.")
  String actor;

  @Option(names = "--index", paramLabel = "KIND", defaultValue = "lucene",
      description = "Vector index: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); each keeps"
          + " its own folder in the data directory and is rebuilt from the store when missing.")
  IndexKind index;

  /** The actor for the audit log: the OS user, or {@code NAME (os user USER)} with --actor. */
  public String actor() {
    String os = System.getProperty("user.name", "unknown");
    if (actor == null || actor.isBlank() || actor.equals(os)) {
      return os;
    }
    return actor + " (os user " + os + ")";
  }

  /** Opens the gallery in the data directory: SQLite store, and the chosen index, replayed. */
  public Gallery open(DataOptions data) {
    return Gallery.open(GalleryConfig.defaults(data.data()).withIndexKind(index));
  }
}
