package candor.core.gallery;

import candor.index.IndexConfig;
import candor.index.VectorIndex;
import candor.index.exact.ExactIndex;
import candor.index.lucene.LuceneVectorIndex;
import candor.index.solr.SolrVectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Which {@link VectorIndex} a gallery derives from its store, and where it lives. The embedded
 * kinds each keep their own folder of the data directory and their own committed sequence, so
 * switching kinds replays the store into the other folder instead of mixing files; {@link #SOLR}
 * lives in a collection of a SolrCloud cluster.
 */
public enum IndexKind {
  /** HNSW over int8-quantized templates with exact rescoring: the default, for any size. */
  LUCENE("index") {
    @Override
    VectorIndex open(GalleryConfig config) {
      return LuceneVectorIndex.open(config.indexFolder(), config.index());
    }
  },
  /** An exhaustive scan held on the heap: exact, for small galleries and for checking. */
  EXACT("index-exact") {
    @Override
    VectorIndex open(GalleryConfig config) {
      return ExactIndex.open(config.indexFolder(), config.index());
    }
  },
  /**
   * A collection of an existing SolrCloud cluster ({@link GalleryConfig#solr()}): in every shard
   * an HNSW graph per gallery collection over int8 copies, rescored exactly; replicated, searched
   * by every node. One process writes it at a time (a ZooKeeper lock).
   */
  SOLR(null) {
    /**
     * The least number of candidates each shard's graph is asked for. At 1,000,000 LFW-shaped
     * faces on 2 shards ({@code VectorIndexBenchmark --solr-cluster}, README) Solr's reduced
     * graphs reached recall@10 0.988-0.990 with 500 candidates, the embedded index's default,
     * and 0.992-0.993 with 600, at a p99 1.5 to 2.4 times the embedded index's.
     */
    static final int MIN_CANDIDATES = 600;

    @Override
    VectorIndex open(GalleryConfig config) {
      IndexConfig index = config.index();
      if (index.minCandidates() < MIN_CANDIDATES) {
        index = index.withCandidates(index.oversample(), MIN_CANDIDATES);
      }
      return SolrVectorIndex.open(config.solr(), index);
    }

    /** Empties the collection in place: other nodes may be reading it, and it is not a folder. */
    @Override
    VectorIndex reset(VectorIndex open, GalleryConfig config) {
      ((SolrVectorIndex) open).deleteAll();
      return open;
    }

    @Override
    String markerName(GalleryConfig config) {
      return "solr-" + config.solr().collection() + ".rebuilding";
    }
  };

  private final String folderName;

  IndexKind(String folderName) {
    this.folderName = folderName;
  }

  /**
   * Returns the index folder's name inside the data directory.
   *
   * @return {@code "index"} or {@code "index-exact"}; {@code null} for {@link #SOLR}, which
   *     keeps nothing in the data directory but a rebuild marker
   */
  public String folderName() {
    return folderName;
  }

  /** Opens (or creates) the index the configuration names; the caller closes it. */
  abstract VectorIndex open(GalleryConfig config);

  /**
   * Empties the index so that its committed sequence is -1 again, returning the index to use
   * from then on (the embedded kinds close it, delete their folder and open a new one).
   */
  VectorIndex reset(VectorIndex open, GalleryConfig config) {
    open.close();
    deleteTree(config.indexFolder());
    return open(config);
  }

  /**
   * The name of the file in the data directory that says a rebuild of this index is under way
   * (see {@link Gallery#rebuildIndex}); outside the index folder, which a rebuild deletes.
   */
  String markerName(GalleryConfig config) {
    return folderName + ".rebuilding";
  }

  static void deleteTree(Path dir) {
    if (Files.exists(dir) == false) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the index folder " + dir, e);
    }
  }
}
