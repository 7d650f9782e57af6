package candor.app.cli;

import candor.core.eval.FaceChoice;
import candor.core.gallery.FileError;
import candor.core.gallery.IngestProgress;
import candor.core.gallery.IngestRequest;
import candor.core.gallery.IngestSource;
import candor.core.gallery.IngestSummary;
import candor.core.model.LawfulBasis;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor ingest}: stores the faces of images into a collection of the gallery. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    header = "Ingest images into a collection: faces, templates, sealed crops, audit.",
    description = {
      "Reads files, folders (recursively) and ZIP archives (entries read in place, named"
          + " archive.zip!entry). Each image is stored in one transaction with its faces and an"
          + " audit entry, then indexed. Images the collection already holds (same SHA-256) are"
          + " skipped, so an interrupted ingest resumes when run again. An image without a face is"
          + " stored with none. A file that cannot be read is reported and the others go on;"
          + " exit 1 if any failed.",
      "Acts as the user of your API key (--key-file or CANDOR_API_KEY): an enroller granted the"
          + " collection. The collection must exist: an admin creates it with `candor collections"
          + " create`."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;
  @Mixin EngineOptions engine;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files, folders or ZIP archives.")
  List<Path> paths;

  @Option(names = "--collection", required = true, paramLabel = "C",
      description = "The collection to ingest into (it must exist).")
  String collection;

  @Option(names = "--lawful-basis", required = true, paramLabel = "KIND",
      description = "Lawful basis of the images and their subjects: consent or authority.")
  LawfulBasis.Kind basisKind;

  @Option(names = "--basis-ref", required = true, paramLabel = "REF",
      description = "Reference of the lawful basis: the consent record, or the law or order.")
  String basisRef;

  @Option(names = "--retain-until", paramLabel = "DATE",
      description = "Last day the images and new subjects may be kept (YYYY-MM-DD); at most today plus"
          + " the collection's retention, which is the default.")
  LocalDate retainUntil;

  @Option(names = "--source", paramLabel = "URI",
      description = "Where the images come from; each image's source becomes URI/relative-name"
          + " (default: the file's absolute path).")
  String source;

  @Option(names = "--subject-from-folder",
      description = "Each image's folder names its subject (external reference = folder name,"
          + " display name with _ as spaces); only the subject's face of each image is analysed"
          + " and stored.")
  boolean subjectFromFolder;

  @Option(names = "--enrol-first-per-folder", arity = "0..1", paramLabel = "N",
      fallbackValue = "1", defaultValue = "0",
      description = "Ingest only the first N images (by name; N = 1 when not given) of each folder"
          + " with more than N, as the 1:N protocol of 'candor eval ident' enrols (N = 1); the"
          + " rest are probes for 'search --eval-ident'. Implies --subject-from-folder.")
  int enrolFirstPerFolder;

  @Option(names = "--subject-face", paramLabel = "CHOICE", defaultValue = "central",
      description = "Which face of an image is its subject's: ${COMPLETION-CANDIDATES}"
          + " (default: ${DEFAULT-VALUE}, the face nearest the centre among the large ones).")
  FaceChoice subjectFace;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "" + IngestRequest.DEFAULT_COMMIT_EVERY,
      description = "Commit the vector index every N files (default: ${DEFAULT-VALUE}); the store commits every file.")
  int commitEvery;

  @Option(names = "--json", description = "Print JSON: {files, faces, skipped_duplicates, errors: [{file, error}], ...}; no progress bar.")
  boolean json;

  record ErrorJson(@JsonProperty("file") String file, @JsonProperty("error") String error) {}

  record SummaryJson(
      @JsonProperty("files") int files,
      @JsonProperty("faces") long faces,
      @JsonProperty("skipped_duplicates") int skippedDuplicates,
      @JsonProperty("files_restored") int filesRestored,
      @JsonProperty("errors") List<ErrorJson> errors,
      @JsonProperty("media_stored") int mediaStored,
      @JsonProperty("without_face") int withoutFace,
      @JsonProperty("subjects_created") int subjectsCreated,
      @JsonProperty("collection") String collection,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("files_per_second") double filesPerSecond,
      @JsonProperty("faces_opted_out") long facesOptedOut) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LawfulBasis basis = new LawfulBasis(basisKind, basisRef);
    boolean subjects = subjectFromFolder || enrolFirstPerFolder > 0;
    // The actor is the key's user: the operations put the principal's in its place.
    IngestRequest request = new IngestRequest(collection, basis, retainUntil, source,
        KeysCommand.operator(), subjects, subjectFace, null, engine.workers(), commitEvery);
    IngestSummary summary;
    try (GallerySession session = GallerySession.open(data, gallery, key, engine);
        IngestSource input = IngestSource.scan(paths, enrolFirstPerFolder);
        ProgressBar bar = progressBar(input.items().size() + input.errors().size())) {
      IngestProgress.Listener listener = bar == null ? IngestProgress.Listener.NONE : p -> {
        bar.stepTo(p.done());
        bar.setExtraMessage(String.format(Locale.ROOT, "faces %d, duplicates %d, errors %d",
            p.faces(), p.duplicates(), p.errors()));
      };
      summary = session.ops().subjects().ingest(session.principal(), request, input, listener);
    }
    for (FileError e : summary.errors()) {
      err.println("candor: " + e.error());
    }
    if (json) {
      out.println(Json.write(new SummaryJson(summary.files(), summary.faces(),
          summary.skippedDuplicates(), summary.filesRestored(),
          summary.errors().stream().map(e -> new ErrorJson(e.file(), e.error())).toList(),
          summary.mediaStored(), summary.withoutFace(), summary.subjectsCreated(), collection,
          summary.seconds(), summary.filesPerSecond(), summary.facesOptedOut())));
    } else {
      printHuman(out, summary);
    }
    out.flush();
    err.flush();
    return summary.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void printHuman(PrintWriter out, IngestSummary s) {
    out.printf(Locale.ROOT, "ingested %d files into '%s' in %.1f s (%.1f files/s): %d faces stored,"
            + " %d subjects created, %d duplicates skipped, %d images without a face, %d errors%n",
        s.files(), collection, s.seconds(), s.filesPerSecond(), s.faces(), s.subjectsCreated(),
        s.skippedDuplicates(), s.withoutFace(), s.errors().size());
    if (s.facesOptedOut() > 0) {
      out.printf(Locale.ROOT, "left out %d face(s) of people on the do-not-enrol list (audited as"
          + " optout.skip)%n", s.facesOptedOut());
    }
    if (s.filesRestored() > 0) {
      out.printf(Locale.ROOT, "restored %d crop or original files that an interrupted ingest had"
          + " left unwritten%n", s.filesRestored());
    }
  }

  /** A live progress bar on stderr, or null when printing JSON or stderr is not a terminal. */
  private ProgressBar progressBar(int total) {
    if (json || isTerminal() == false) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("ingest")
        .setInitialMax(total)
        .setUnit(" files", 1)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  /** Whether the console is interactive: {@code Console.isTerminal()} on JDK 22+, else non-null. */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only for a terminal
    }
  }
}
