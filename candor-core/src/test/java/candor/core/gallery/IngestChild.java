package candor.core.gallery;

import candor.index.solr.SolrIndexConfig;
import candor.vision.FacePipeline;
import java.nio.file.Path;
import java.util.List;

/**
 * A child process for the crash test: ingests a folder into a data directory, printing {@code
 * READY} once the gallery is open, {@code DONE n} after each file and {@code FINISHED} at the
 * end, so the parent can kill it with SIGKILL at chosen moments.
 *
 * <p>Arguments: the data directory, the input folder, how many files between index commits and,
 * for an application node on PostgreSQL and SolrCloud, the JDBC URL, the ZooKeeper address and
 * chroot, and the Solr collection (2 shards x 2 replicas if it has to be created).
 */
public final class IngestChild {

  private IngestChild() {}

  /**
   * Runs the ingest.
   *
   * @param args data directory, input folder, commit interval
   */
  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    Path input = Path.of(args[1]);
    int commitEvery = Integer.parseInt(args[2]);
    FacePipeline pipeline = GalleryTestSupport.pipeline(); // load the models before READY
    GalleryConfig config = GalleryConfig.defaults(data);
    if (args.length > 3) {
      config = config.withPostgresql(args[3])
          .withSolr(SolrIndexConfig.of(args[4], args[5], args[6], 2, 2));
    }
    try (Gallery gallery = Gallery.open(config);
        IngestSource source = IngestSource.scan(List.of(input), false)) {
      System.out.println("READY");
      System.out.flush();
      IngestRequest base = GalleryTestSupport.request("crash", true);
      IngestRequest request = new IngestRequest(base.collection(), base.basis(), null, null,
          base.actor(), true, base.subjectFace(), base.createIfMissing(), 2, commitEvery);
      IngestSummary summary = new IngestService(gallery, pipeline,
          GalleryTestSupport.loader()).ingest(request, source, p -> {
            System.out.println("DONE " + p.done());
            System.out.flush();
          });
      System.out.println("FINISHED files=" + summary.files() + " faces=" + summary.faces()
          + " duplicates=" + summary.skippedDuplicates() + " errors=" + summary.errors());
    }
    System.out.flush();
    System.exit(0);
  }
}
