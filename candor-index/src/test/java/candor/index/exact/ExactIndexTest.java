package candor.index.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.index.IndexConfig;
import candor.index.IndexCorruptException;
import candor.index.VectorIndex;
import candor.index.VectorIndexContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Runs the {@link VectorIndexContractTest} on the exact scan, plus its file checks. */
class ExactIndexTest extends VectorIndexContractTest {

  @Override
  protected VectorIndex openIndex(Path folder, IndexConfig config) {
    return ExactIndex.open(folder, config);
  }

  private void commitSome() {
    VectorIndex index = open();
    index.add(randomVectors(20, 1, "c", MODEL));
    index.commit(5);
    index.close();
  }

  @Test
  void detects_a_flipped_byte_in_the_committed_file() throws IOException {
    commitSome();
    Path file = folder.resolve(ExactIndexFile.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    assertThatThrownBy(this::open)
        .isInstanceOf(IndexCorruptException.class)
        .hasMessageStartingWith("the index in " + folder + " is corrupt: "
            + ExactIndexFile.FILE_NAME + " fails its checksum");
  }

  @Test
  void detects_a_truncated_committed_file() throws IOException {
    commitSome();
    Path file = folder.resolve(ExactIndexFile.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(this::open)
        .isInstanceOf(IndexCorruptException.class)
        .hasMessage("the index in " + folder + " is corrupt: "
            + ExactIndexFile.FILE_NAME + " is truncated");
  }

  @Test
  void an_interrupted_commit_leaves_the_previous_commit() throws IOException {
    commitSome();
    Files.write(folder.resolve(ExactIndexFile.TEMP_NAME), new byte[] {1, 2, 3});
    VectorIndex index = open();
    assertThat(index.committedSequence()).isEqualTo(5);
    assertThat(index.stats().count()).isEqualTo(20);
    assertThat(folder.resolve(ExactIndexFile.TEMP_NAME)).doesNotExist();
  }
}
