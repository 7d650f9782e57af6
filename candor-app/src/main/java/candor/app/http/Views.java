package candor.app.http;

import candor.core.access.ApiKey;
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
import candor.core.policy.Review;
import candor.core.policy.SearchRecord;
import candor.vision.Face;
import candor.vision.ImageAnalysis;
import com.fasterxml.jackson.annotation.JsonRawValue;
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
      int filesRestored, int withoutFace, int subjectsCreated, List<FileErrorView> errors) {
    static IngestView of(IngestSummary s) {
      return new IngestView(s.files(), s.faces(), s.mediaStored(), s.skippedDuplicates(),
          s.filesRestored(), s.withoutFace(), s.subjectsCreated(),
          s.errors().stream().map(e -> new FileErrorView(e.file(), e.error())).toList());
    }
  }

  record ErasureView(String what, String at, int facesErased, int mediaErased,
      int subjectsErased, int filesDeleted, long auditSequence) {
    static ErasureView of(ErasureResult r) {
      return new ErasureView(r.what(), r.at().toString(), r.facesErased(), r.mediaErased(),
          r.subjectsErased(), r.filesDeleted(), r.auditSequence());
    }
  }

  record FaceView(Box box, float score, float quality, List<String> qualityReasons) {
    static FaceView of(Face f) {
      return new FaceView(Box.of(f.box()), f.score(), f.quality().score(),
          f.quality().reasons().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  record DetectView(int width, int height, String format, List<FaceView> faces) {
    static DetectView of(ImageAnalysis a) {
      return new DetectView(a.width(), a.height(), a.format(),
          a.faces().stream().map(FaceView::of).toList());
    }
  }

  record SubjectRef(String id, String externalRef, String displayName) {}

  record CandidateView(int rank, long faceId, float score, Double fmr, String fmrText,
      String collection, SubjectRef subject, String mediaSha256, String source, Box box,
      boolean hasCrop, int matchedFaces, float subjectScore) {
    static CandidateView of(Candidate c) {
      return new CandidateView(c.rank(), c.faceId(), c.score(),
          c.fmr() == null ? null : c.fmr().fmr(), c.fmr() == null ? null : c.fmr().toString(),
          c.collection(), c.subject() == null ? null : new SubjectRef(c.subject().id().toString(),
              c.subject().externalRef(), c.subject().displayName()),
          c.mediaSha256(), c.source(), Box.of(c.box()), c.cropPath() != null,
          c.matchedFaces(), c.subjectScore());
    }
  }

  record SearchView(String searchId, long auditSequence, String at, String purpose,
      String caseRef, String probeSha256, int facesInProbe, Box probeBox, String modelId,
      String pack, List<CandidateView> candidates, String notice) {
    static SearchView of(SearchResult r) {
      return new SearchView(r.searchId(), r.auditSequence(), r.at().toString(), r.purpose().id(),
          r.caseRef(), r.probeSha256(), r.facesInProbe(), Box.of(r.probeBox()), r.modelId(), r.pack(),
          r.candidates().stream().map(CandidateView::of).toList(),
          "Candidates for human review, not identifications: a candidate is identified only"
              + " when two different reviewers confirm it.");
    }
  }

  record ReviewView(String reviewer, String keyId, String verdict, String note, String at) {
    static ReviewView of(Review r) {
      return new ReviewView(r.reviewer(), r.keyId(), r.verdict().label(), r.note(),
          r.at().toString());
    }
  }

  record StatusView(String searchId, long faceId, String state, List<ReviewView> reviews) {
    static StatusView of(CandidateStatus s) {
      return new StatusView(s.searchId(), s.faceId(), s.state().label(),
          s.reviews().stream().map(ReviewView::of).toList());
    }
  }

  record SearchRecordView(String searchId, long auditSequence, String at, String actor,
      String purpose, String caseRef, List<String> collections, List<Long> candidates) {
    static SearchRecordView of(SearchRecord r) {
      return new SearchRecordView(r.searchId(), r.auditSequence(), r.at().toString(), r.actor(),
          r.purpose(), r.caseRef(), r.collections(), r.candidates());
    }
  }

  record ReviewsView(SearchRecordView search, List<StatusView> candidates) {}

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

  record SessionView(String keyId, String user, String role, List<String> collections,
      List<String> purposes) {}
}
