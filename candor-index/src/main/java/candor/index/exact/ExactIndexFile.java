package candor.index.exact;

import candor.index.DimensionMismatchException;
import candor.index.IndexCorruptException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes the single file that holds an {@link ExactIndex}'s committed state.
 *
 * <p>Layout (big-endian except the vectors): magic {@code "CVX1"}, format version, dimension,
 * committed sequence, the collection labels and the model labels (count, then modified UTF-8
 * strings, in code order), the vector count, then per vector its id, collection code, model code
 * and {@code dimension} little-endian float32 values; last, a CRC-32C of everything before it.
 * The file is always written whole to a temporary name, synced and renamed over the old one, so
 * a crash leaves either the old commit or the new one, never a mix. Holds biometric data.
 */
final class ExactIndexFile {

  /** The committed file's name inside the index folder. */
  static final String FILE_NAME = "exact-vectors.cvx";

  /** Where a commit writes before the atomic rename; a leftover one is an interrupted commit. */
  static final String TEMP_NAME = FILE_NAME + ".tmp";

  private static final int MAGIC = 0x43565831; // "CVX1"
  private static final int VERSION = 1;
  private static final int MAX_LABELS = 1 << 20;
  // Big enough that the OS sees few, large writes; small enough not to matter in the heap.
  private static final int BUFFER_BYTES = 1 << 16;

  private ExactIndexFile() {}

  /** What {@link #read} found: the table and the sequence committed with it. */
  record Contents(VectorTable table, long sequence) {}

  /**
   * Writes {@code table} and {@code sequence} to a temporary file, syncs it and atomically
   * renames it over the committed file.
   *
   * @param folder the index folder
   * @param table the vectors to write; must not change during the call
   * @param sequence the sequence number to record
   * @throws IOException if writing, syncing or renaming fails; the old file is then intact
   */
  static void write(Path folder, VectorTable table, long sequence) throws IOException {
    Path temp = folder.resolve(TEMP_NAME);
    int dimension = table.dimension();
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
          new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), crc));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(dimension);
      out.writeLong(sequence);
      writeLabels(out, table.collections());
      writeLabels(out, table.models());
      out.writeInt(table.size());
      // Reused for every vector: encoding floats one writeFloat at a time is several times slower.
      byte[] bytes = new byte[dimension * Float.BYTES];
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int slot = 0; slot < table.size(); slot++) {
        out.writeLong(table.id(slot));
        out.writeInt(table.collectionCode(slot));
        out.writeInt(table.modelCode(slot));
        buffer.clear();
        buffer.asFloatBuffer().put(table.vector(slot));
        out.write(bytes);
      }
      out.writeLong(crc.getValue());
      out.flush();
      channel.force(true);
    }
    Files.move(temp, folder.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncFolder(folder);
  }

  /**
   * Reads the committed file, or returns an empty table if there is none.
   *
   * @param folder the index folder
   * @param dimension the configured dimension
   * @return the table and its committed sequence (-1 when there is no file)
   * @throws IOException if reading fails
   * @throws IndexCorruptException if the file is truncated, has a bad checksum or is not an
   *     exact-index file
   * @throws DimensionMismatchException if the file was written with another dimension
   */
  static Contents read(Path folder, int dimension) throws IOException {
    Path file = folder.resolve(FILE_NAME);
    VectorTable table = new VectorTable(dimension);
    if (Files.exists(file) == false) {
      return new Contents(table, -1);
    }
    CRC32C crc = new CRC32C();
    try (DataInputStream in = new DataInputStream(new CheckedInputStream(
        new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES), crc))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IndexCorruptException(folder, FILE_NAME + " is not an exact-index file", null);
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IndexCorruptException(
            folder, FILE_NAME + " has format version " + version + ", expected " + VERSION, null);
      }
      int fileDimension = in.readInt();
      if (fileDimension != dimension) {
        throw new DimensionMismatchException(dimension, fileDimension, "index in " + folder);
      }
      long sequence = in.readLong();
      String[] collections = readLabels(in, folder);
      String[] models = readLabels(in, folder);
      int count = in.readInt();
      byte[] bytes = new byte[dimension * Float.BYTES];
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        long id = in.readLong();
        int collection = in.readInt();
        int model = in.readInt();
        in.readFully(bytes);
        float[] vector = new float[dimension];
        buffer.clear();
        buffer.asFloatBuffer().get(vector);
        if (collection < 0 || collection >= collections.length || model < 0
            || model >= models.length) {
          throw new IndexCorruptException(folder, FILE_NAME + " has a bad label code", null);
        }
        table.put(id, vector, collections[collection], models[model]);
      }
      long computed = crc.getValue();
      long stored = in.readLong();
      if (stored != computed) {
        throw new IndexCorruptException(folder, FILE_NAME + " fails its checksum (stored "
            + Long.toHexString(stored) + ", computed " + Long.toHexString(computed) + ")", null);
      }
      if (in.read() != -1) {
        throw new IndexCorruptException(folder, FILE_NAME + " has bytes after its checksum", null);
      }
      table.markAllPersisted();
      return new Contents(table, sequence);
    } catch (EOFException e) {
      table.wipe();
      throw new IndexCorruptException(folder, FILE_NAME + " is truncated", e);
    } catch (RuntimeException e) {
      table.wipe();
      throw e;
    }
  }

  /**
   * Deletes a temporary file left by a commit that did not finish.
   *
   * @param folder the index folder
   * @throws IOException if deleting fails
   */
  static void deleteInterruptedCommit(Path folder) throws IOException {
    Files.deleteIfExists(folder.resolve(TEMP_NAME));
  }

  private static void writeLabels(DataOutputStream out, Labels labels) throws IOException {
    out.writeInt(labels.size());
    for (int code = 0; code < labels.size(); code++) {
      out.writeUTF(labels.name(code));
    }
  }

  private static String[] readLabels(DataInputStream in, Path folder) throws IOException {
    int count = in.readInt();
    // A gallery has a handful of collections; a huge count means a damaged file, and trusting it
    // would allocate gigabytes before the checksum could tell.
    if (count < 0 || count > MAX_LABELS) {
      throw new IndexCorruptException(folder, FILE_NAME + " has " + count + " labels", null);
    }
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = in.readUTF();
    }
    return names;
  }

  /** Makes the rename durable: on Linux a renamed file survives a crash only after this. */
  private static void syncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a folder; there the rename is durable by itself.
      if (System.getProperty("os.name", "").startsWith("Windows") == false) {
        throw e;
      }
    }
  }
}
