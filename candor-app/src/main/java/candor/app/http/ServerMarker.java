package candor.app.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The note a running {@code candor serve} leaves in its data directory ({@value #FILE_NAME}:
 * its process id and address), so that a command line run beside it says in one line what to
 * do instead of failing on the index's lock. Removed when the server closes; a note left by a
 * killed server is ignored once its process is gone.
 *
 * @param pid the server's process id
 * @param url the server's base address, such as {@code http://127.0.0.1:8080/}
 */
public record ServerMarker(long pid, String url) {

  /** The file in the data directory. */
  public static final String FILE_NAME = "serve.pid";

  /**
   * Returns the server running on a data directory, if any.
   *
   * @param dataDir the data directory
   * @return the live server's note; empty if none, or if its process has ended
   */
  public static Optional<ServerMarker> running(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ", 2);
      ServerMarker marker = new ServerMarker(Long.parseLong(parts[0]),
          parts.length > 1 ? parts[1] : "");
      boolean alive = ProcessHandle.of(marker.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(marker) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no note, or an unreadable one: nothing known to be running
    }
  }

  /** Writes this process's note (atomically). */
  static void write(Path dataDir, String url) throws IOException {
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, ProcessHandle.current().pid() + " " + url, StandardCharsets.UTF_8);
    Files.move(tmp, dataDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the note if it is this process's. */
  static void remove(Path dataDir) {
    Optional<ServerMarker> marker = running(dataDir);
    if (marker.isPresent() && marker.get().pid() == ProcessHandle.current().pid()) {
      try {
        Files.deleteIfExists(dataDir.resolve(FILE_NAME));
      } catch (IOException e) {
        // a stale note is ignored once this process has ended
      }
    }
  }
}
