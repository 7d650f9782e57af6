package candor.app.cli;

import candor.core.gallery.SubjectListing;
import candor.core.model.Subject;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor subjects}: lists enrolled subjects with their lawful basis and retention. */
@Command(name = "subjects", mixinStandardHelpOptions = true,
    header = "List the subjects of the gallery or of one collection.",
    description = "Lists each subject with at least one face: id, collection, external reference,"
        + " display name, lawful basis, retain-until date and number of faces.")
public final class SubjectsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--collection", paramLabel = "C", description = "Only this collection's subjects.")
  String collection;

  @Option(names = "--json", description = "Print JSON: {subjects: [{id, collection, external_ref, display_name, basis, retain_until, created, faces}]}.")
  boolean json;

  record SubjectJson(
      @JsonProperty("id") String id,
      @JsonProperty("collection") String collection,
      @JsonProperty("external_ref") String externalRef,
      @JsonProperty("display_name") String displayName,
      @JsonProperty("basis") CollectionsCommand.BasisJson basis,
      @JsonProperty("retain_until") String retainUntil,
      @JsonProperty("created") String created,
      @JsonProperty("faces") long faces) {}

  record ListJson(@JsonProperty("subjects") List<SubjectJson> subjects) {}

  @Override
  public Integer call() {
    List<SubjectListing> subjects;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      subjects = session.ops().subjects().listSubjects(session.principal(),
          Optional.ofNullable(collection));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(new ListJson(subjects.stream().map(l -> {
        Subject s = l.subject();
        return new SubjectJson(s.id().toString(), s.collection(), s.externalRef(), s.displayName(),
            CollectionsCommand.BasisJson.of(s.basis()), s.retainUntil().toString(),
            s.created().toString(), l.faces());
      }).toList())));
    } else if (subjects.isEmpty()) {
      out.println("no subjects");
    } else {
      for (SubjectListing l : subjects) {
        Subject s = l.subject();
        out.printf("%s  %s  %s \"%s\"  basis %s \"%s\"  until %s  %d face%s%n", s.id(),
            s.collection(), s.externalRef(), s.displayName(),
            CollectionsCommand.BasisJson.of(s.basis()).kind(), s.basis().reference(),
            s.retainUntil(), l.faces(), l.faces() == 1 ? "" : "s");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
