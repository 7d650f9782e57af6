package candor.core.gallery;

import candor.core.model.BoundingBox;
import candor.core.model.FaceDraft;
import candor.core.model.Quality;
import candor.vision.Face;
import candor.vision.QualityReason;
import java.util.Locale;
import java.util.UUID;

/** Turns the face engine's records into the store's. */
final class VisionRecords {

  private VisionRecords() {}

  /** The same box, as the store's record. */
  static BoundingBox box(candor.vision.BoundingBox box) {
    return new BoundingBox(box.x(), box.y(), box.width(), box.height());
  }

  /** The same quality, reasons as lower-case names such as {@code "low_sharpness"}. */
  static Quality quality(candor.vision.Quality quality) {
    return new Quality(quality.score(),
        quality.reasons().stream().map(VisionRecords::reason).toList());
  }

  private static String reason(QualityReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A face to store.
   *
   * @param face an analysed face, with its template
   * @param subjectId its subject, or null
   * @param cropPath its crop's path, or null
   * @param cropSha256 its crop's digest, or null
   */
  static FaceDraft draft(Face face, UUID subjectId, String cropPath, String cropSha256) {
    candor.vision.Embedding template = face.template();
    return new FaceDraft(subjectId, box(face.box()), face.landmarks().five(),
        quality(face.quality()), template.modelId(), template.values(), cropPath, cropSha256);
  }
}
