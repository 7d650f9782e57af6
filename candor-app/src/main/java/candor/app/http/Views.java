package candor.app.http;

import candor.core.access.ApiKey;
import candor.core.access.PublicIds;
import candor.core.audit.AuditEntry;
import candor.core.audit.ChainVerification;
import candor.core.gallery.Candidate;
import candor.core.gallery.ErasureResult;
import candor.core.gallery.IngestSummary;
import candor.core.gallery.SearchResult;
import candor.core.gallery.SubjectListing;
import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.Subject;
import candor.core.policy.Approval;
import candor.core.policy.CandidateStatus;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Review;
import candor.core.policy.Reviews;
import candor.core.policy.SearchRecord;
import candor.core.review.CandidateSheet;
import candor.core.review.QueueEntry;
import candor.core.review.ReviewSheet;
import candor.vision.Face;
import candor.vision.ImageAnalysis;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of the API: records with camelCase fields, times as ISO-8601 strings, and the
 * conversions from the core's records. What a view leaves out (templates, crops' paths) never
 * leaves the server.
 */
final class Views {

  private Views() {}

  record Box(float x, float y, float width, float height) {
    static Box of(BoundingBox b) {
      return b == null ? null : new Box(b.x(), b.y(), b.width(), b.height());
    }

    static Box of(candor.vision.BoundingBox b) {
      return b == null ? null : new Box(b.x(), b.y(), b.width(), b.height());
    }
  }

  record Basis(String kind, String reference) {}

  record CollectionView(String name, String purpose, Basis defaultBasis, String retention,
      boolean keepOriginals, String created) {
    static CollectionView of(CollectionInfo c) {
      return new CollectionView(c.name(), c.purpose(), new Basis(
          c.defaultBasis().kind().name().toLowerCase(Locale.ROOT), c.defaultBasis().reference()),
          c.retention().toString(), c.keepOriginals(), c.created().toString());
    }
  }

  record SubjectView(String id, String collection, String externalRef, String displayName,
      Basis basis, String retainUntil, String created, Long faces) {
    static SubjectView of(Subject s, Long faces) {
      return new SubjectView(s.id().toString(), s.collection(), s.externalRef(), s.displayName(),
          new Basis(s.basis().kind().name().toLowerCase(Locale.ROOT), s.basis().reference()),
          s.retainUntil().toString(), s.created().toString(), faces);
    }

    static SubjectView of(SubjectListing l) {
      return of(l.subject(), l.faces());
    }
  }

  record FileErrorView(String file, String error) {}

  record IngestView(int files, long faces, int mediaStored, int skippedDuplicates,
      int filesRestored, int withoutFace, int subjectsCreated, List<FileErrorView> errors,
      long facesOptedOut) {
    static IngestView of(IngestSummary s) {
      return new IngestView(s.files(), s.faces(), s.mediaStored(), s.skippedDuplicates(),
          s.filesRestored(), s.withoutFace(), s.subjectsCreated(),
          s.errors().stream().map(e -> new FileErrorView(e.file(), e.error())).toList(),
          s.facesOptedOut());
    }
  }

  record ErasureView(String what, String at, int facesErased, int mediaErased,
      int subjectsErased, int filesDeleted, long auditSequence) {
    static ErasureView of(ErasureResult r) {
      return new ErasureView(r.what(), r.at().toString(), r.facesErased(), r.mediaErased(),
          r.subjectsErased(), r.filesDeleted(), r.auditSequence());
    }
  }

  /** A detected face; {@code landmarks} are its 5 points, x0, y0, ..., x4, y4 in pixels. */
  record FaceView(Box box, float score, float quality, List<String> qualityReasons,
      List<Float> landmarks) {
    static FaceView of(Face f) {
      float[] five = f.landmarks().five();
      List<Float> points = new ArrayList<>(five.length);
      for (float v : five) {
        points.add(v);
      }
      return new FaceView(Box.of(f.box()), f.score(), f.quality().score(),
          f.quality().reasons().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList(),
          points);
    }
  }

  record DetectView(int width, int height, String format, List<FaceView> faces) {
    static DetectView of(ImageAnalysis a) {
      return new DetectView(a.width(), a.height(), a.format(),
          a.faces().stream().map(FaceView::of).toList());
    }
  }

  record SubjectRef(String id, String externalRef, String displayName) {}

  record CandidateView(int rank, String faceId, float score, Double fmr, String fmrText,
      String collection, SubjectRef subject, String mediaSha256, String source, Box box,
      boolean hasCrop, int matchedFaces, float subjectScore, boolean weak) {
    static CandidateView of(Candidate c, PublicIds ids) {
      return new CandidateView(c.rank(), ids.face(c.faceId()), c.score(),
          c.fmr() == null ? null : c.fmr().fmr(), c.fmr() == null ? null : c.fmr().toString(),
          c.collection(), c.subject() == null ? null : new SubjectRef(c.subject().id().toString(),
              c.subject().externalRef(), c.subject().displayName()),
          c.mediaSha256(), c.source(), Box.of(c.box()), c.cropPath() != null,
          c.matchedFaces(), c.subjectScore(), c.weak());
    }
  }

  record SearchView(String searchId, long auditSequence, String at, String purpose,
      String caseRef, String probeSha256, int facesInProbe, Box probeBox, String modelId,
      String pack, List<CandidateView> candidates, String notice, String probeKeptUntil,
      double reviewThreshold, int weakReasonMin) {
    static SearchView of(SearchResult r, PolicyConfig policy, PublicIds ids) {
      return new SearchView(r.searchId(), r.auditSequence(), r.at().toString(), r.purpose().id(),
          r.caseRef(), r.probeSha256(), r.facesInProbe(), Box.of(r.probeBox()), r.modelId(), r.pack(),
          r.candidates().stream().map(c -> CandidateView.of(c, ids)).toList(),
          "Candidates for human review, not identifications: a candidate is identified only"
              + " when two different reviewers confirm it.",
          r.probeKeptUntil() == null ? null : r.probeKeptUntil().toString(),
          policy.reviewThreshold(), Reviews.WEAK_REASON_MIN);
    }
  }

  record ReviewView(String reviewer, String keyId, String verdict, String note, String at) {
    static ReviewView of(Review r) {
      return new ReviewView(r.reviewer(), r.keyId(), r.verdict().label(), r.note(),
          r.at().toString());
    }
  }

  record StatusView(String searchId, String faceId, String state, List<ReviewView> reviews) {
    static StatusView of(CandidateStatus s, PublicIds ids) {
      return new StatusView(s.searchId(), ids.face(s.faceId()), s.state().label(),
          s.reviews().stream().map(ReviewView::of).toList());
    }
  }

  /** A search as audited; face ids are opaque strings. */
  record SearchRecordView(String searchId, long auditSequence, String at, String actor,
      String purpose, String caseRef, List<String> collections, List<String> candidates) {
    static SearchRecordView of(SearchRecord r, PublicIds ids) {
      return new SearchRecordView(r.searchId(), r.auditSequence(), r.at().toString(), r.actor(),
          r.purpose(), r.caseRef(), r.collections(),
          r.candidates().stream().map(ids::face).toList());
    }
  }

  record BasisView(String kind, String reference, boolean collectionDefault) {}

  record QualityView(double score, List<String> reasons) {}

  /**
   * One candidate on a review sheet; {@code faceId} is an opaque string. When {@code blind}, the
   * state is null and {@code reviews} empty: the reader decides first. {@code landmarks} are the
   * face's 5 points on its crop, x0, y0, ..., x4, y4 as fractions of the crop's width and height.
   */
  record CandidateSheetView(String faceId, int rank, Float score, Double fmr, String fmrText,
      boolean weak, boolean erased, String collection, SubjectRef subject, BasisView basis,
      String source, QualityView quality, boolean hasCrop, boolean blind, String state,
      List<ReviewView> reviews, List<Double> landmarks) {
    static CandidateSheetView of(CandidateSheet c, PublicIds ids) {
      return new CandidateSheetView(ids.face(c.faceId()), c.rank(), c.score(),
          c.fmr() == null ? null : c.fmr().fmr(), c.fmr() == null ? null : c.fmr().toString(),
          c.weak(), c.erased(), c.collection(),
          c.subject() == null ? null : new SubjectRef(c.subject().id().toString(),
              c.subject().externalRef(), c.subject().displayName()),
          c.basis() == null ? null : new BasisView(
              c.basis().kind().name().toLowerCase(Locale.ROOT), c.basis().reference(),
              c.basisFromCollection()),
          c.source(), c.quality() == null ? null
              : new QualityView(c.quality().score(), c.quality().reasons()),
          c.hasCrop(), c.blind(), c.state() == null ? null : c.state().label(),
          c.reviews().stream().map(ReviewView::of).toList(), c.landmarks());
    }
  }

  record ProbeView(boolean available, String keptUntil, String deletedAt, String deletedReason) {}

  record ReviewsView(SearchRecordView search, String searcher, ProbeView probe,
      double reviewThreshold, int weakReasonMin, boolean readerMayDecide,
      List<CandidateSheetView> candidates) {
    static ReviewsView of(ReviewSheet s, PublicIds ids) {
      return new ReviewsView(SearchRecordView.of(s.search(), ids), s.searcher(),
          new ProbeView(s.probeAvailable(), text(s.probeKeptUntil()), text(s.probeDeletedAt()),
              s.probeDeletedReason()),
          s.reviewThreshold(), s.weakReasonMin(), s.readerMayDecide(),
          s.candidates().stream().map(c -> CandidateSheetView.of(c, ids)).toList());
    }
  }

  record QueueEntryView(String searchId, String at, String actor, String purpose,
      String caseRef, List<String> collections, int undecided, boolean ownSearch,
      boolean probeAvailable) {
    static QueueEntryView of(QueueEntry e) {
      SearchRecord r = e.search();
      return new QueueEntryView(r.searchId(), r.at().toString(), r.actor(), r.purpose(),
          r.caseRef(), r.collections(), e.undecided(), e.ownSearch(), e.probeAvailable());
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  record ApprovalView(String id, String caseRef, String purpose, List<String> collections,
      String investigator, String approvedBy, String note, String created, String expires) {
    static ApprovalView of(Approval a) {
      return new ApprovalView(a.id(), a.caseRef(), a.purpose().id(), a.scope().asList(),
          a.investigator().orElse(null), a.approvedBy(), a.note(), a.created().toString(),
          a.expires().toString());
    }
  }

  record KeyView(String id, String name, String role, List<String> collections, String createdBy,
      String created, String revoked) {
    static KeyView of(ApiKey k) {
      return new KeyView(k.id(), k.name(), k.role().label(), k.grant().asList(), k.createdBy(),
          k.created().toString(), k.revoked().map(Object::toString).orElse(null));
    }
  }

  record IssuedKeyView(String token, KeyView key, String notice) {}

  record AuditEntryView(long sequence, String time, String actor, String action, String object,
      @JsonRawValue String details, String prevHash, String hash) {
    static AuditEntryView of(AuditEntry e) {
      return new AuditEntryView(e.sequence(), e.time().toString(), e.actor(), e.action(),
          e.object(), e.detailsJson(), e.prevHash(), e.hash());
    }
  }

  record AuditPage(List<AuditEntryView> entries, long headSequence, Long next) {}

  record VerifyView(boolean intact, long entriesChecked, long headSequence, Long firstBroken,
      String problem) {
    static VerifyView of(ChainVerification v) {
      return new VerifyView(v.isIntact(), v.entriesChecked(), v.headSequence(),
          v.firstBroken().isPresent() ? v.firstBroken().getAsLong() : null,
          v.problem().orElse(null));
    }
  }

  /** A signed-in key; {@code actions} are what its role allows, lower case ({@code search}). */
  record SessionView(String keyId, String user, String role, List<String> collections,
      List<String> purposes, List<String> actions) {}
}
