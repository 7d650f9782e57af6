package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryTest {

  @TempDir Path tmp;

  private Gallery open() {
    return Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
  }

  @Test
  void a_missing_index_is_replayed_from_the_store() {
    writePeople(tmp.resolve("in"), true);
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().added()).isZero();
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
    }
    GalleryTestSupport.deleteTree(tmp.resolve("data/index"));
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().fromSequence()).isZero();
      assertThat(gallery.replay().added()).isEqualTo(12);
      assertThat(gallery.indexStats().count()).isEqualTo(12);
      assertThat(gallery.indexCommittedSequence()).isEqualTo(gallery.store().gallery().maxSequence());
    }
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().added()).as("nothing left to replay").isZero();
    }
  }

  @Test
  void an_index_ahead_of_its_store_is_rebuilt() throws IOException {
    writePeople(tmp.resolve("in"), false);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
    }
    // The store restored from a backup taken before anything was ingested.
    for (String name : new String[] {"candor.db", "candor.db-wal", "candor.db-shm"}) {
      Files.deleteIfExists(tmp.resolve("data").resolve(name));
    }
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().rebuilt()).isTrue();
      assertThat(gallery.replay().reason())
          .isEqualTo("the index has committed sequence 6, the store only 0");
      assertThat(gallery.indexStats().count()).isZero();
    }
  }

  @Test
  void the_exact_index_is_derived_the_same_way() {
    writePeople(tmp.resolve("in"), false);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
    }
    try (Gallery exact = Gallery.open(
        GalleryConfig.defaults(tmp.resolve("data")).withIndexKind(IndexKind.EXACT))) {
      assertThat(exact.replay().added()).isEqualTo(6);
      assertThat(exact.indexStats().count()).isEqualTo(6);
      assertThat(tmp.resolve("data/index-exact")).isDirectory();
    }
  }
}
