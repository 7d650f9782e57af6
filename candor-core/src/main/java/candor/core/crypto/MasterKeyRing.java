package candor.core.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The master keys, kept in one file outside the database, that wrap the per-subject and
 * per-image data keys stored in it.
 *
 * <p>The file holds one or more AES-256 keys, each with a numeric id; the highest id is the
 * current key, which wraps new data keys. The others exist only while a rotation is in progress.
 * It is created on first use, readable and writable by its owner only ({@code 0600}, in a
 * directory created {@code 0700}); a file that group or others may read is refused. It is always
 * replaced atomically (written beside it, flushed, renamed).
 *
 * <p>Privacy: whoever holds this file and the database can decrypt every stored template. Keep
 * it out of database backups. Losing it loses every template. Rotation ({@link #beginRotation},
 * re-wrap every data key, then {@link #finishRotation}) makes copies of wrapped data keys that
 * linger in WAL, dead tuples or backups undecryptable, which completes erasures on PostgreSQL
 * and in backups; it also makes older backups unreadable, which is the intended trade.
 *
 * <p>Thread-safe: reads use an immutable snapshot; changes to the file are serialised on this
 * object. Another process that rotates the file is noticed when a key id is missing, by reloading.
 */
public final class MasterKeyRing {

  private static final String HEADER = "candor-master-key-ring 1";
  private static final String COMMENT =
      """
      # Candor master key ring. Whoever holds this file and the database can decrypt the face
      # templates. Keep it readable by its owner only (chmod 600) and out of database backups.
      # Never restore an older copy after a rotation: that would undo completed erasures.
      """;
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path file;
  private final Aead aead;
  // Immutable snapshots id -> key; replaced as a whole on rotation or reload.
  private final AtomicReference<SortedMap<Long, byte[]>> keys;

  private MasterKeyRing(Path file, Aead aead, SortedMap<Long, byte[]> keys) {
    this.file = file;
    this.aead = aead;
    this.keys = new AtomicReference<>(keys);
  }

  /**
   * Opens the master key file, creating it with one new key if it does not exist.
   *
   * @param file where the key ring lives; its directory is created ({@code 0700}) if missing
   * @param aead the sealer that wraps data keys and generates master keys
   * @return the key ring
   * @throws MasterKeyException if the file cannot be created or read, is readable by group or
   *     others (message {@code "master key file F must be readable by its owner only, found
   *     rw-r--r--; run: chmod 600 F"}), or is malformed
   */
  public static MasterKeyRing openOrCreate(Path file, Aead aead) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(aead, "aead");
    Path absolute = file.toAbsolutePath();
    if (Files.exists(absolute) == false) {
      create(absolute, aead);
    }
    return new MasterKeyRing(absolute, aead, load(absolute));
  }

  /**
   * Returns the path of the key file.
   *
   * @return the absolute path
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the id of the current key, which wraps new data keys.
   *
   * @return the highest key id in the ring
   */
  public long currentId() {
    return keys.get().lastKey();
  }

  /**
   * Returns the ids of the keys in the ring.
   *
   * @return the ids, ascending
   */
  public List<Long> ids() {
    return List.copyOf(keys.get().keySet());
  }

  /**
   * Wraps a data key with the current master key, bound to its owner.
   *
   * @param owner whose data key it is; unwrapping needs the same owner
   * @param dataKey the 32-byte data key
   * @return the wrapped key
   */
  public WrappedKey wrap(KeyOwner owner, byte[] dataKey) {
    SortedMap<Long, byte[]> snapshot = keys.get();
    long id = snapshot.lastKey();
    return new WrappedKey(id, aead.seal(snapshot.get(id), dataKey, aad(owner, id)));
  }

  /**
   * Unwraps a data key.
   *
   * @param owner whose data key it is
   * @param wrapped the wrapped key
   * @return the 32-byte data key; the caller should wipe it when done
   * @throws MasterKeyException if the ring has no key with the wrapped key's master key id
   * @throws DecryptionFailedException if the wrapped key was altered or belongs to another owner
   */
  public byte[] unwrap(KeyOwner owner, WrappedKey wrapped) {
    byte[] master = key(wrapped.masterKeyId());
    return aead.open(master, wrapped.bytes(), aad(owner, wrapped.masterKeyId()),
        "data key of " + owner.id());
  }

  /**
   * Checks that the ring holds a master key, reloading the file once if it does not (another
   * process may have rotated it).
   *
   * @param id the master key id
   * @return whether the key is present
   */
  public boolean contains(long id) {
    if (keys.get().containsKey(id)) {
      return true;
    }
    reload();
    return keys.get().containsKey(id);
  }

  /**
   * Starts a rotation: adds a new key, which becomes current, and writes the file. The old keys
   * stay until {@link #finishRotation} so that a crash in between loses nothing.
   *
   * @return the new key's id
   * @throws MasterKeyException if the file cannot be written
   */
  public synchronized long beginRotation() {
    SortedMap<Long, byte[]> next = new TreeMap<>(keys.get());
    long id = next.lastKey() + 1;
    next.put(id, aead.newKey());
    write(file, next);
    keys.set(Collections.unmodifiableSortedMap(next));
    return id;
  }

  /**
   * Ends a rotation: removes every key except {@code keepId} and writes the file. Call it only
   * after every data key in the database has been re-wrapped with {@code keepId}.
   *
   * @param keepId the key to keep, normally the one {@link #beginRotation} returned
   * @throws IllegalArgumentException if the ring has no key {@code keepId}
   * @throws MasterKeyException if the file cannot be written
   */
  public synchronized void finishRotation(long keepId) {
    byte[] kept = keys.get().get(keepId);
    if (kept == null) {
      throw new IllegalArgumentException("no master key " + keepId + " in " + file);
    }
    SortedMap<Long, byte[]> next = new TreeMap<>(Map.of(keepId, kept));
    write(file, next);
    keys.set(Collections.unmodifiableSortedMap(next));
  }

  private byte[] key(long id) {
    byte[] key = keys.get().get(id);
    if (key == null) {
      reload();
      key = keys.get().get(id);
    }
    if (key == null) {
      throw new MasterKeyException(
          "master key " + id + " is not in " + file + " (it holds " + ids()
              + "): wrong key file, or a data key left over from before a rotation");
    }
    return key;
  }

  private synchronized void reload() {
    keys.set(load(file));
  }

  private static byte[] aad(KeyOwner owner, long masterKeyId) {
    return ("candor/data-key/v1/" + owner.id() + "/" + masterKeyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void create(Path file, Aead aead) {
    try {
      Path dir = file.getParent();
      if (dir != null && Files.exists(dir) == false) {
        if (isPosix(dir)) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS));
        } else {
          Files.createDirectories(dir);
        }
      }
      SortedMap<Long, byte[]> first = new TreeMap<>(Map.of(1L, aead.newKey()));
      write(file, first, false);
    } catch (FileAlreadyExistsException e) {
      // Another process created it first; use theirs.
    } catch (IOException e) {
      throw new MasterKeyException("cannot create master key file " + file + ": " + e, e);
    }
  }

  private static SortedMap<Long, byte[]> load(Path file) {
    checkPermissions(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new MasterKeyException("master key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new MasterKeyException("cannot read master key file " + file + ": " + e, e);
    }
    SortedMap<Long, byte[]> result = new TreeMap<>();
    boolean header = false;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (header == false) {
        if (line.equals(HEADER) == false) {
          throw malformed(file, n, "expected '" + HEADER + "'");
        }
        header = true;
        continue;
      }
      String[] parts = line.split(" ");
      try {
        long id = Long.parseLong(parts[0]);
        byte[] key = Base64.getDecoder().decode(parts.length == 2 ? parts[1] : "");
        if (id <= 0 || key.length != Aead.KEY_BYTES || result.put(id, key) != null) {
          throw malformed(file, n, "expected '<id> <base64 of 32 bytes>' with a new positive id");
        }
      } catch (IllegalArgumentException e) {
        throw malformed(file, n, "expected '<id> <base64 of 32 bytes>'");
      }
    }
    if (result.isEmpty()) {
      throw new MasterKeyException("master key file " + file + " holds no key");
    }
    return Collections.unmodifiableSortedMap(result);
  }

  private static MasterKeyException malformed(Path file, int lineIndex, String expected) {
    return new MasterKeyException(
        "master key file " + file + " is malformed at line " + (lineIndex + 1) + ": " + expected);
  }

  private static void checkPermissions(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return; // not a POSIX file system: nothing to check
    }
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (Collections.disjoint(permissions, GROUP_OR_OTHERS) == false) {
        throw new MasterKeyException(
            "master key file " + file + " must be readable by its owner only, found "
                + PosixFilePermissions.toString(permissions) + "; run: chmod 600 " + file);
      }
    } catch (NoSuchFileException e) {
      throw new MasterKeyException("master key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new MasterKeyException("cannot read master key file " + file + ": " + e, e);
    }
  }

  private static void write(Path file, SortedMap<Long, byte[]> keys) {
    try {
      write(file, keys, true);
    } catch (IOException e) {
      throw new MasterKeyException("cannot write master key file " + file + ": " + e, e);
    }
  }

  private static void write(Path file, SortedMap<Long, byte[]> keys, boolean replace)
      throws IOException {
    StringBuilder text = new StringBuilder(COMMENT).append(HEADER).append('\n');
    keys.forEach(
        (id, key) ->
            text.append(id).append(' ').append(Base64.getEncoder().encodeToString(key))
                .append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = isPosix(dir);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, ".master-key-", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      if (replace) {
        moveAtomically(temp, file);
      } else {
        // A link fails if the target exists, so two processes cannot both create a ring.
        try {
          Files.createLink(file, temp);
        } catch (UnsupportedOperationException e) {
          Files.move(temp, file);
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
