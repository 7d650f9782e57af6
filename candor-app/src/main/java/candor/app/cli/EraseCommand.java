package candor.app.cli;

import candor.core.access.SubjectOperations;
import candor.core.gallery.ErasureResult;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor erase}: removes a subject or an image from the store, the index and the disk. */
@Command(name = "erase", mixinStandardHelpOptions = true,
    header = "Erase a subject or an image: rows, data keys, index entries, crops, originals.",
    description = {
      "Erasing a subject deletes their faces, crops, the images left without a face and the kept"
          + " originals of every image they appear in, and destroys their data key; erasing an"
          + " image deletes it and every face found in it. The vector index drops the faces and"
          + " rewrites its files without them. The audit log records the erasure (ids and counts,"
          + " no names, no face data). Prints a receipt."
    })
public final class EraseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--subject", paramLabel = "ID", required = true, description = "The subject's id (a UUID).")
    UUID subject;

    @Option(names = "--media", paramLabel = "SHA256", required = true, description = "The image's SHA-256.")
    String media;
  }

  @Option(names = "--collection", paramLabel = "C",
      description = "With --media: erase the image from this collection only (default: from every"
          + " collection your key is granted that holds it).")
  String collection;

  @Option(names = "--json", description = "Print the receipt as JSON: {faces_erased, media_erased, subjects_erased, ...}.")
  boolean json;

  record ReceiptJson(
      @JsonProperty("what") String what,
      @JsonProperty("at") String at,
      @JsonProperty("faces_erased") int facesErased,
      @JsonProperty("media_erased") int mediaErased,
      @JsonProperty("subjects_erased") int subjectsErased,
      @JsonProperty("files_deleted") int filesDeleted,
      @JsonProperty("subjects") List<String> subjects,
      @JsonProperty("media") List<String> media,
      @JsonProperty("audit_sequence") long auditSequence) {}

  @Override
  public Integer call() {
    if (target.subject != null && collection != null) {
      throw new IllegalArgumentException("--collection goes with --media only");
    }
    ErasureResult r;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      SubjectOperations ops = session.ops().subjects();
      r = target.subject != null ? ops.eraseSubject(session.principal(), target.subject)
          : collection != null ? ops.eraseMedia(session.principal(), collection, target.media)
          : ops.eraseMedia(session.principal(), target.media);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(new ReceiptJson(r.what(), r.at().toString(), r.facesErased(),
          r.mediaErased(), r.subjectsErased(), r.filesDeleted(),
          r.subjects().stream().map(UUID::toString).toList(), r.media(), r.auditSequence())));
    } else {
      out.printf("erased %s at %s: %d face%s, %d image%s, %d subject%s; %d file%s deleted;"
              + " audit entry #%d%n", r.what(), r.at(), r.facesErased(), plural(r.facesErased()),
          r.mediaErased(), plural(r.mediaErased()), r.subjectsErased(), plural(r.subjectsErased()),
          r.filesDeleted(), plural(r.filesDeleted()), r.auditSequence());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }
}
