package candor.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.gallery.CollectionService;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IngestSummary;
import candor.core.model.LawfulBasis;
import candor.core.model.Subject;
import candor.core.policy.AccessDeniedException;
import candor.core.policy.CandidateState;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import candor.core.policy.SearchNotFoundException;
import candor.core.policy.Verdict;
import candor.core.rights.AccessReport;
import candor.core.rights.MatchOutcome;
import candor.core.rights.RequestKind;
import candor.core.rights.RequestStateException;
import candor.core.rights.RightsRequest;
import candor.core.transparency.RightsCounts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People's requests through the core facade on a real gallery (SQLite, Lucene) with the shipped
 * models and people cut from the fixture photos: an access request finds the requester's faces
 * and only theirs, two reviewers confirm them, the report describes them, erasure on request
 * leaves the person unfindable with the receipt attached, and an opt-out holds at ingest.
 */
class RequestOperationsTest {

  static final Principal ADMIN = new Principal("kadmin0000000", "ada", Role.ADMIN,
      CollectionGrant.allCollections());
  static final Principal ENROLLER = new Principal("kenrol0000000", "erin", Role.ENROLLER,
      CollectionGrant.allCollections());
  static final Principal INVESTIGATOR = new Principal("kinv000000000", "ivan",
      Role.INVESTIGATOR, CollectionGrant.allCollections());
  static final Principal OLGA = new Principal("kolga00000000", "olga", Role.PRIVACY_OFFICER,
      CollectionGrant.allCollections());
  static final Principal PIA = new Principal("kpia000000000", "pia", Role.PRIVACY_OFFICER,
      CollectionGrant.allCollections());

  @TempDir Path tmp;
  Gallery gallery;
  Operations ops;
  List<RightsPeople.Person> people;

  @BeforeEach
  void open() {
    gallery = Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
    ops = new Operations(gallery, RightsPeople.pipeline(), RightsPeople.loader(),
        PolicyConfig.defaults(), Clock.systemUTC());
    people = RightsPeople.people();
    ops.collections().createCollection(ADMIN, new CollectionService.NewCollection("archive",
        "missing persons", LawfulBasis.authority("Missing Persons Act s.4"), Period.ofYears(5),
        false));
    ops.collections().createCollection(ADMIN, new CollectionService.NewCollection("events",
        "public events", LawfulBasis.authority("Events Order 3"), Period.ofYears(1), false));
  }

  @AfterEach
  void close() {
    gallery.close();
  }

  Subject enrol(RightsPeople.Person person) {
    Subject s = ops.subjects().createSubject(ENROLLER, new NewSubject("archive", person.name(),
        "Person " + person.name(), LawfulBasis.consent("form " + person.name()), null));
    IngestSummary summary = ops.subjects().enrol(ENROLLER, s.id(),
        List.of(new Upload("a.jpg", person.enrol())));
    assertThat(summary.faces()).isEqualTo(1);
    return s;
  }

  RequestOperations.RequestDetail access(RightsPeople.Person person) {
    return ops.requests().access(OLGA, new AccessAsk(RequestKind.ERASURE, "ticket " + person.name(),
        new Upload("selfie.jpg", person.probe())));
  }

  void confirmAll(RequestOperations.RequestDetail d) {
    for (RequestOperations.MatchStatus m : d.matches()) {
      ops.requests().review(OLGA, d.request().id(), m.match().faceId(), Verdict.CONFIRMED,
          "same face shape, eyes and hairline as the selfie");
      ops.requests().review(PIA, d.request().id(), m.match().faceId(), Verdict.CONFIRMED,
          "agree: the same person as the requester's photo");
    }
  }

  List<AuditEntry> audit(String action) {
    return gallery.store().audit().entries(0, 10_000).stream()
        .filter(e -> e.action().equals(action)).toList();
  }

  @Test
  void an_access_request_finds_the_requesters_faces_and_only_theirs() {
    RightsPeople.Person me = people.get(0);
    Subject mine = enrol(me);
    enrol(people.get(1));
    enrol(people.get(2));
    // me, unidentified, in a group photo of another collection
    ops.subjects().ingestMedia(ENROLLER, "events", null,
        List.of(new Upload("group.jpg", RightsPeople.fixture(me.sample()))));

    RequestOperations.RequestDetail d = access(me);

    assertThat(d.request().kind()).isEqualTo(RequestKind.ERASURE);
    assertThat(d.request().photoKept()).isTrue();
    assertThat(d.request().threshold()).isBetween(0.477, 0.479);
    assertThat(d.matches()).hasSize(2);
    assertThat(d.matches()).extracting(m -> m.match().collection())
        .containsExactlyInAnyOrder("archive", "events");
    assertThat(d.matches()).allMatch(m -> m.review().state() == CandidateState.UNREVIEWED);
    long archived = d.matches().stream().filter(m -> m.match().collection().equals("archive"))
        .findFirst().orElseThrow().match().faceId();
    assertThat(gallery.store().gallery().findFace(archived).orElseThrow().subjectId())
        .isEqualTo(mine.id());
    AuditEntry run = audit("search.run").getLast();
    assertThat(run.detailsJson()).contains("\"purpose\":\"subject-access-request\"",
        "\"case\":\"request:" + d.request().id() + "\"", "\"collections\":[\"archive\",\"events\"]")
        .doesNotContain("ticket");
    assertThat(audit("request.receive").getLast().detailsJson()).contains("\"kind\":\"erasure\"")
        .doesNotContain("ticket");
  }

  @Test
  void a_stranger_is_found_nowhere() {
    enrol(people.get(1));
    enrol(people.get(2));
    RequestOperations.RequestDetail d = access(people.get(0));
    assertThat(d.matches()).isEmpty();
  }

  @Test
  void a_key_not_granted_every_collection_may_not_run_an_access_request() {
    Principal narrow = new Principal("knarrow000000", "nina", Role.PRIVACY_OFFICER,
        CollectionGrant.of(List.of("archive")));
    assertThatThrownBy(() -> ops.requests().access(narrow, new AccessAsk(RequestKind.ACCESS,
        "t1", new Upload("s.jpg", people.get(0).probe()))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("is not granted all collections");
    assertThatThrownBy(() -> ops.requests().access(INVESTIGATOR, new AccessAsk(
        RequestKind.ACCESS, "t1", new Upload("s.jpg", people.get(0).probe()))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("role investigator may not search for a requester's faces");
  }

  @Test
  void an_ordinary_search_may_not_use_the_access_purpose_nor_read_an_access_search() {
    enrol(people.get(0));
    RequestOperations.RequestDetail d = access(people.get(0));
    assertThatThrownBy(() -> ops.searches().search(INVESTIGATOR, new SearchAsk(
        "subject-access-request", "c", List.of("archive"), 5,
        new Upload("p.jpg", people.get(0).probe()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("search purpose subject-access-request is for a person's own"
            + " request");
    assertThatThrownBy(() -> ops.searches().searchReviews(INVESTIGATOR,
        d.request().searchId())).isInstanceOf(SearchNotFoundException.class);
  }

  @Test
  void report_and_erasure_need_the_identity_checked_and_two_confirmations() {
    RightsPeople.Person me = people.get(0);
    enrol(me);
    RequestOperations.RequestDetail d = access(me);
    var id = d.request().id();
    long face = d.matches().getFirst().match().faceId();

    assertThatThrownBy(() -> ops.requests().report(OLGA, id, "json"))
        .isInstanceOf(RequestStateException.class)
        .hasMessageStartingWith("the requester's identity is not checked yet");
    ops.requests().checkIdentity(OLGA, id, "passport seen at the front desk");
    ops.requests().review(OLGA, id, face, Verdict.CONFIRMED, "same person as the selfie");
    assertThatThrownBy(() -> ops.requests().erase(OLGA, id, List.of(face)))
        .isInstanceOf(RequestStateException.class)
        .hasMessage("face " + face + " is awaiting second confirmation, not confirmed: two"
            + " different reviewers must confirm a match before it is erased");
    assertThat(ops.requests().report(OLGA, id, "json").faces()).isEmpty();
  }

  @Test
  void erasure_on_request_leaves_the_person_unfindable_with_the_receipts_attached() {
    RightsPeople.Person me = people.get(0);
    Subject mine = enrol(me);
    enrol(people.get(1));
    ops.subjects().ingestMedia(ENROLLER, "events", null,
        List.of(new Upload("group.jpg", RightsPeople.fixture(me.sample()))));
    // an investigator's search returned me once before
    ops.searches().search(INVESTIGATOR, new SearchAsk("missing-person", "MP-1",
        List.of("archive"), 5, new Upload("p.jpg", me.probe())));
    RequestOperations.RequestDetail d = access(me);
    var id = d.request().id();
    confirmAll(d);
    ops.requests().checkIdentity(PIA, id, "passport seen at the front desk");

    AccessReport report = ops.requests().report(OLGA, id, "json");
    assertThat(report.faces()).hasSize(2);
    AccessReport.ReportedFace archived = report.faces().stream()
        .filter(f -> f.collection().equals("archive")).findFirst().orElseThrow();
    assertThat(archived.status()).isEqualTo("held");
    assertThat(archived.basisKind()).isEqualTo("consent");
    assertThat(archived.basisReference()).isEqualTo("form " + me.name());
    assertThat(archived.subjectRef()).isEqualTo(me.name());
    assertThat(archived.enrolledBy()).isEqualTo(ENROLLER.actor());
    assertThat(archived.retainUntil()).isEqualTo(mine.retainUntil());
    assertThat(archived.crop()).isNotEmpty();
    assertThat(archived.source()).startsWith("upload:");
    assertThat(archived.searches()).extracting(AccessReport.SearchCount::purpose)
        .containsExactlyInAnyOrder("missing-person", "subject-access-request");
    AccessReport.ReportedFace unidentified = report.faces().stream()
        .filter(f -> f.collection().equals("events")).findFirst().orElseThrow();
    assertThat(unidentified.basisReference()).isEqualTo("Events Order 3");
    assertThat(unidentified.subjectRef()).isNull();
    assertThat(audit("request.report").getLast().detailsJson()).contains("\"format\":\"json\"");

    RequestOperations.RequestDetail after = ops.requests().erase(OLGA, id, List.of());

    assertThat(after.matches()).allMatch(m -> m.match().outcome() == MatchOutcome.ERASED);
    assertThat(after.receipts()).hasSize(2);
    assertThat(after.receipts()).extracting(r -> r.what())
        .anyMatch(w -> w.equals("subject " + mine.id())).anyMatch(w -> w.startsWith("media "));
    assertThat(gallery.store().gallery().findSubject(mine.id())).isEmpty();
    assertThat(audit("request.erase")).hasSize(2);
    assertThat(audit("subject.erase")).hasSize(1);
    // unfindable: another access request with the same photo finds nothing
    assertThat(access(me).matches()).isEmpty();
    // the report still says what was erased, without the face
    AccessReport erased = ops.requests().report(OLGA, id, "json");
    assertThat(erased.faces()).allMatch(f -> f.status().equals("erased") && f.crop() == null);
    assertThat(erased.faces()).extracting(AccessReport.ReportedFace::source).doesNotContainNull();

    RightsRequest answered = ops.requests().answer(OLGA, id, "erased 2 faces, receipts sent");
    assertThat(answered.open()).isFalse();
    assertThat(answered.photoKept()).isFalse();
    assertThat(ops.requests().photo(OLGA, id)).isEmpty();
    assertThatThrownBy(() -> ops.requests().checkIdentity(OLGA, id, "again"))
        .isInstanceOf(RequestStateException.class).hasMessageContaining("changes no more");

    RightsCounts counts = ops.audit().transparency(INVESTIGATOR).rights();
    assertThat(counts.requestsByKind()).containsEntry("erasure", 2L);
    assertThat(counts.answered()).isEqualTo(1);
    assertThat(counts.medianDaysToAnswer()).isEqualTo(0.0);
    assertThat(counts.open()).isEqualTo(1);
    assertThat(counts.overdue()).isZero();
    assertThat(counts.erasuresOnRequest()).isEqualTo(2);
    assertThat(counts.facesErasedOnRequest()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void an_overriding_basis_keeps_a_face_and_is_audited_with_its_reference() {
    RightsPeople.Person me = people.get(0);
    enrol(me);
    RequestOperations.RequestDetail d = access(me);
    var id = d.request().id();
    confirmAll(d);
    ops.requests().checkIdentity(OLGA, id, "video call with ID");

    RequestOperations.RequestDetail after = ops.requests().object(OLGA, id, List.of(),
        "Court order 12/2026", "evidence in a pending trial");

    assertThat(after.matches()).allMatch(m -> m.match().outcome() == MatchOutcome.RETAINED
        && m.match().outcomeReference().equals("Court order 12/2026"));
    assertThat(audit("request.object").getLast().detailsJson())
        .contains("\"basis_reference\":\"Court order 12/2026\"", "note_sha256")
        .doesNotContain("pending trial");
    assertThatThrownBy(() -> ops.requests().erase(OLGA, id, List.of()))
        .isInstanceOf(RequestStateException.class)
        .hasMessageContaining("has no confirmed match left to erase");
    assertThat(ops.requests().report(OLGA, id, "pdf").faces()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo("retained"));
    assertThat(ops.audit().transparency(OLGA).rights().facesRetained()).isEqualTo(1);
  }

  @Test
  void an_opt_out_holds_at_every_ingest_until_the_person_asks_to_be_removed() {
    RightsPeople.Person me = people.get(0);
    RequestOperations.OptOutResult added = ops.requests().optOut(OLGA, new OptOutAsk(
        "ticket 9", "consent form 9", new Upload("me.jpg", me.enrol()), null));
    assertThat(added.request().kind()).isEqualTo(RequestKind.OPT_OUT);
    assertThat(added.request().open()).isFalse();
    assertThat(ops.requests().optOuts(PIA)).containsExactly(added.entry());

    Subject s = ops.subjects().createSubject(ENROLLER, new NewSubject("archive", "again",
        "Again", LawfulBasis.consent("form x"), null));
    IngestSummary enrolment = ops.subjects().enrol(ENROLLER, s.id(),
        List.of(new Upload("a.jpg", me.probe())));
    assertThat(enrolment.faces()).isZero();
    assertThat(enrolment.facesOptedOut()).isEqualTo(1);
    IngestSummary group = ops.subjects().ingestMedia(ENROLLER, "events", null,
        List.of(new Upload("group.jpg", RightsPeople.fixture(me.sample()))));
    assertThat(group.facesOptedOut()).isEqualTo(1);
    assertThat(group.faces()).isPositive();
    assertThat(audit("optout.skip")).hasSize(2).allSatisfy(e -> assertThat(e.detailsJson())
        .doesNotContain("group.jpg", "a.jpg", added.entry().id().toString()));
    assertThat(access(me).matches()).isEmpty();
    assertThat(ops.audit().transparency(ENROLLER).rights().optOutSkips()).isEqualTo(2);

    RequestOperations.OptOutResult removed = ops.requests().removeOptOut(PIA,
        added.entry().id(), "ticket 10");
    assertThat(removed.request().kind()).isEqualTo(RequestKind.OPT_OUT_REMOVAL);
    assertThat(ops.requests().optOuts(OLGA)).isEmpty();
    assertThat(ops.subjects().enrol(ENROLLER, s.id(), List.of(new Upload("b.jpg",
        me.probe()))).faces()).isEqualTo(1);
    assertThat(ops.audit().transparency(ENROLLER).rights().requestsByKind())
        .isEqualTo(Map.of("opt-out", 1L, "opt-out-removal", 1L, "erasure", 1L));
  }

  @Test
  void an_opt_out_may_take_the_face_of_an_open_access_request() {
    RightsPeople.Person me = people.get(0);
    RequestOperations.RequestDetail d = access(me);
    RequestOperations.OptOutResult added = ops.requests().optOut(OLGA, new OptOutAsk(
        "ticket 9", "consent form 9", null, d.request().id()));
    assertThat(audit("optout.add").getLast().detailsJson())
        .contains("\"from_request\":\"" + d.request().id() + "\"");
    ops.requests().answer(OLGA, d.request().id(), "nothing held; opted out");
    assertThatThrownBy(() -> ops.requests().optOut(OLGA, new OptOutAsk("ticket 9", "form",
        null, d.request().id())))
        .isInstanceOf(RequestStateException.class)
        .hasMessageContaining("keeps no photo any more");
    assertThat(ops.requests().optOuts(OLGA)).containsExactly(added.entry());
  }
}
