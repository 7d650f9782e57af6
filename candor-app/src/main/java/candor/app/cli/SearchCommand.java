package candor.app.cli;

import candor.core.access.PublicIds;
import candor.core.access.SearchAsk;
import candor.core.access.Upload;
import candor.core.eval.FaceChoice;
import candor.core.gallery.Candidate;
import candor.core.gallery.FalseMatchEstimate;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryIdentification;
import candor.core.gallery.SearchPurpose;
import candor.core.gallery.SearchMode;
import candor.core.gallery.SearchQuery;
import candor.core.gallery.SearchResult;
import candor.core.gallery.SearchService;
import candor.core.model.Subject;
import candor.vision.FacePipeline;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor search}: a 1:N search for human review, with its reason, audited. */
@Command(name = "search", mixinStandardHelpOptions = true,
    header = "Search collections for the face in a photo: candidates for human review.",
    description = {
      "Searches with the largest face of IMG (see --probe-face) and lists the most similar faces,"
          + " with the estimated false match rate at each score. The result is a list of"
          + " candidates for a person to review, never an identification; acting on one needs a"
          + " second reviewer's confirmation. Every search is recorded in the audit log with its"
          + " actor, purpose, case, collections and the probe's SHA-256 (not the photo).",
      "Purposes: criminal-investigation, missing-person, victim-identification,"
          + " identity-verification, evaluation.",
      "--eval-ident DATASET runs the 1:N protocol of 'candor eval ident' through this search"
          + " instead: every image but the first of each person with two or more images is a"
          + " probe (one audited search each, purpose evaluation); it prints rank-1 and rank-5."
    })
public final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;
  @Mixin EngineOptions engine;

  @Parameters(arity = "0..1", paramLabel = "IMG", description = "The probe photo.")
  Path image;

  @Option(names = "--collection", required = true, split = ",", paramLabel = "C",
      description = "Collections to search (repeat the option or separate with commas).")
  List<String> collections;

  @Option(names = "--purpose", paramLabel = "PURPOSE", description = "Why: one of the purposes above (required).")
  String purpose;

  @Option(names = "--case", paramLabel = "REF", description = "The case, investigation or request this search serves (required).")
  String caseRef;

  @Option(names = "-k", paramLabel = "N", defaultValue = "" + SearchQuery.DEFAULT_K,
      description = "How many candidates, 1 to " + SearchQuery.MAX_K + " (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--probe-face", paramLabel = "CHOICE",
      description = "Which face of the probe to search with: ${COMPLETION-CANDIDATES} (default: largest;"
          + " central with --eval-ident, as the protocol chooses).")
  FaceChoice probeFace;

  @Option(names = "--eval-ident", paramLabel = "DATASET",
      description = "Run the 1:N protocol's probes of DATASET (DIR/<person>/*.jpg) through this search and print rank-1.")
  Path evalIdent;

  @Option(names = "--by", paramLabel = "WHAT", defaultValue = "subject",
      converter = SearchModeConverter.class,
      description = "Candidates are subjects (each once, with the face that matched best, ranked by"
          + " the fused template of all their faces; unidentified faces one each) or single faces:"
          + " subject or face (default: ${DEFAULT-VALUE}).")
  SearchMode by;

  @Option(names = "--probes-from", paramLabel = "N", defaultValue = "2",
      description = "With --eval-ident: each folder's probes are its images from the N-th on, by"
          + " name (default: ${DEFAULT-VALUE}, after one enrolled image; 11 on cfp-dev probes the"
          + " profile photos).")
  int probesFrom;

  @Option(names = "--json", description = "Print JSON: {candidates: [{face_id, subject, score, fmr, source, crop,"
      + " matched_faces, subject_score, ...}], search_id, ...}.")
  boolean json;

  record SubjectJson(
      @JsonProperty("id") String id,
      @JsonProperty("external_ref") String externalRef,
      @JsonProperty("display_name") String displayName) {}

  record CandidateJson(
      @JsonProperty("rank") int rank,
      @JsonProperty("face_id") String faceId,
      @JsonProperty("subject") SubjectJson subject,
      @JsonProperty("score") double score,
      @JsonProperty("fmr") Double fmr,
      @JsonProperty("fmr_bound") String fmrBound,
      @JsonProperty("collection") String collection,
      @JsonProperty("source") String source,
      @JsonProperty("crop") String crop,
      @JsonProperty("matched_faces") int matchedFaces,
      @JsonProperty("subject_score") double subjectScore,
      @JsonProperty("weak") boolean weak) {}

  record ResultJson(
      @JsonProperty("candidates") List<CandidateJson> candidates,
      @JsonProperty("search_id") String searchId,
      @JsonProperty("audit_sequence") long auditSequence,
      @JsonProperty("purpose") String purpose,
      @JsonProperty("case") String caseRef,
      @JsonProperty("probe_sha256") String probeSha256,
      @JsonProperty("faces_in_probe") int facesInProbe,
      @JsonProperty("model_id") String modelId,
      @JsonProperty("pack") String pack,
      @JsonProperty("note") String note) {}

  record EvalJson(
      @JsonProperty("rank1") double rank1,
      @JsonProperty("rank5") double rank5,
      @JsonProperty("probes") int probes,
      @JsonProperty("probes_without_face") int withoutFace,
      @JsonProperty("searches_per_second") double searchesPerSecond,
      @JsonProperty("index") String index) {}

  static final String NOTE = "Candidates for human review, not identifications: confirm any match"
      + " with a second reviewer before acting on it.";

  @Override
  public Integer call() throws IOException {
    if ((image == null) == (evalIdent == null)) {
      throw new IllegalArgumentException("give a probe image IMG, or --eval-ident DATASET");
    }
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException("a search requires a purpose, one of "
          + SearchPurpose.ids());
    }
    if (evalIdent != null) {
      return evaluate();
    }
    byte[] probe = DataOptions.readInput(image);
    FaceChoice choice = probeFace != null ? probeFace : FaceChoice.LARGEST;
    SearchAsk ask = new SearchAsk(purpose, caseRef, collections, k,
        new Upload(image.toString(), probe), choice, by);
    SearchResult result;
    Path dataDir;
    PublicIds ids;
    try (GallerySession session = GallerySession.open(data, gallery, key, engine)) {
      result = session.ops().searches().search(session.principal(), ask);
      dataDir = session.dataDir();
      ids = session.ops().publicIds();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(toJson(result, dataDir, ids)));
    } else {
      printHuman(out, result, by, dataDir);
    }
    out.flush();
    if (result.probeHasFace() == false) {
      spec.commandLine().getErr().println("candor: " + image + ": no face found in the probe");
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private int evaluate() {
    if (SearchPurpose.parse(purpose) != SearchPurpose.EVALUATION) {
      throw new IllegalArgumentException("--eval-ident runs searches with purpose evaluation only,"
          + " got " + purpose);
    }
    if (caseRef == null || caseRef.isBlank()) {
      throw new IllegalArgumentException("a search requires a case reference (--case)");
    }
    if (Files.isDirectory(evalIdent) == false) {
      throw new IllegalArgumentException(evalIdent + ": data set folder not found");
    }
    FaceChoice choice = probeFace != null ? probeFace : FaceChoice.CENTRAL;
    GalleryIdentification.Result r;
    String indexName;
    try (GallerySession session = GallerySession.open(data, gallery, key, engine)) {
      Progress progress = new Progress(spec.commandLine().getErr(), "search --eval-ident",
          countProbes());
      r = session.ops().searches().evaluateIdentification(session.principal(), evalIdent,
          caseRef, List.copyOf(new LinkedHashSet<>(collections)), choice, by, probesFrom,
          engine.workers(), progress);
      indexName = session.ops().gallery().config().indexKind().name().toLowerCase(Locale.ROOT);
    }
    PrintWriter out = spec.commandLine().getOut();
    double rate = r.seconds() > 0 ? r.probes() / r.seconds() : 0;
    if (json) {
      out.println(Json.write(new EvalJson(r.rank1Rate(), r.rank5Rate(), r.probes(),
          r.withoutFace(), rate, indexName)));
    } else {
      out.printf(Locale.ROOT, "%d mated probes searched through the gallery (%s index, probe face"
          + " %s, by %s)%n", r.probes(), indexName, choice.name().toLowerCase(Locale.ROOT),
          by.id());
      out.printf(Locale.ROOT, "rank-1              %.2f %%%n", 100 * r.rank1Rate());
      out.printf(Locale.ROOT, "rank-5              %.2f %%%n", 100 * r.rank5Rate());
      out.printf(Locale.ROOT, "probes without face %d%n", r.withoutFace());
      out.printf(Locale.ROOT, "speed               %.1f searches/s%n", rate);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int countProbes() {
    try {
      return GalleryIdentification.probes(evalIdent, probesFrom).size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + evalIdent, e);
    }
  }

  private static ResultJson toJson(SearchResult r, Path dataDir, PublicIds ids) {
    List<CandidateJson> candidates = r.candidates().stream().map(c -> new CandidateJson(
        c.rank(), ids.face(c.faceId()), subject(c.subject()), c.score(),
        c.fmr() == null ? null : c.fmr().fmr(),
        c.fmr() == null ? null : c.fmr().bound().name().toLowerCase(Locale.ROOT),
        c.collection(), c.source(),
        c.cropPath() == null ? null : dataDir.resolve(c.cropPath()).toString(),
        c.matchedFaces(), c.subjectScore(), c.weak())).toList();
    return new ResultJson(candidates, r.searchId(), r.auditSequence(), r.purpose().id(),
        r.caseRef(), r.probeSha256(), r.facesInProbe(), r.modelId(), r.pack(), NOTE);
  }

  private static SubjectJson subject(Subject s) {
    return s == null ? null : new SubjectJson(s.id().toString(), s.externalRef(), s.displayName());
  }

  private static void printHuman(PrintWriter out, SearchResult r, SearchMode by, Path dataDir) {
    out.println(NOTE);
    out.printf("search %s (audit entry #%d): purpose %s, case \"%s\", model %s (pack %s)%n", r.searchId(),
        r.auditSequence(), r.purpose().id(), r.caseRef(), r.modelId(), r.pack());
    if (r.probeHasFace() == false) {
      out.println("no face found in the probe: nothing searched");
      return;
    }
    out.printf(Locale.ROOT, "probe: %d face%s, searched with the one at [%.0f,%.0f,%.0f,%.0f]%n",
        r.facesInProbe(), r.facesInProbe() == 1 ? "" : "s", r.probeBox().x(), r.probeBox().y(),
        r.probeBox().width(), r.probeBox().height());
    if (r.candidates().isEmpty()) {
      out.println("no candidates: the collections hold no face of this model");
      return;
    }
    // A subject search ranks by the subject's fused template; its column leads, the best face's
    // score and false match rate follow.
    boolean bySubject = by == SearchMode.SUBJECT;
    String rankedBy = bySubject ? String.format("%8s  ", "subject") : "";
    String indent = " ".repeat(30 + rankedBy.length());
    out.printf("%4s  %s%6s  %-16s  %s%n", "rank", rankedBy, "face", "false match rate",
        "subject / source / crop");
    for (Candidate c : r.candidates()) {
      String who = c.subject() == null ? "(unidentified face)"
          : c.subject().displayName() + " [" + c.subject().externalRef() + ", " + c.subject().id() + "]";
      if (c.matchedFaces() > 1) {
        who += " (" + c.matchedFaces() + " of their faces among the nearest; best shown)";
      }
      String subjectScore = bySubject ? String.format(Locale.ROOT, "%8.3f  ", c.subjectScore()) : "";
      out.printf(Locale.ROOT, "%4d  %s%6.3f  %-16s  %s%s%n", c.rank(), subjectScore, c.score(),
          fmr(c.fmr()), c.weak() ? "WEAK: " : "", who);
      out.printf("%s%s: %s%n", indent, c.collection(), c.source());
      if (c.cropPath() != null) {
        out.printf("%scrop (sealed): %s%n", indent, dataDir.resolve(c.cropPath()));
      }
    }
    if (bySubject) {
      out.println("subject: similarity to the normalised mean of the subject's templates, by which"
          + " subjects are ranked; face: the best face's, with its false match rate");
    }
    if (r.candidates().stream().anyMatch(Candidate::weak)) {
      out.println("WEAK: the estimated false match rate is above the deployment's review"
          + " threshold; confirming such a candidate needs a written reason");
    }
  }

  private static String fmr(FalseMatchEstimate e) {
    return e == null ? "(uncalibrated)" : e.toString();
  }

  /** Reads {@code --by} with the core's own parsing and message. */
  static final class SearchModeConverter implements CommandLine.ITypeConverter<SearchMode> {
    @Override
    public SearchMode convert(String value) {
      return SearchMode.parse(value);
    }
  }
}
