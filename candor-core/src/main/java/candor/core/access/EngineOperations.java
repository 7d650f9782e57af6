package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.sha256;

import candor.core.eval.FaceChoice;
import candor.core.gallery.Calibration;
import candor.core.model.InvalidRequestException;
import candor.core.policy.Action;
import candor.core.policy.Principal;
import candor.vision.Face;
import candor.vision.ImageAnalysis;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The face engine offered to principals without a gallery: detection and 1:1 comparison of
 * uploaded photos. Nothing is stored; each request is audited with the photos' digests.
 *
 * <p>Privacy: passes face photos to the pipeline and keeps none.
 *
 * <p>Thread-safe.
 */
public final class EngineOperations {

  private final Wiring w;

  EngineOperations(Wiring w) {
    this.w = Objects.requireNonNull(w, "w");
  }

  /**
   * Detects faces in a photo; nothing is stored. The request is audited with the photo's digest.
   *
   * @param p who asks
   * @param photo the photo
   * @return the faces found, without templates
   */
  public ImageAnalysis detect(Principal p, Upload photo) {
    w.guard().requireAndRecord(p, Action.DETECT, scope(), "media:" + sha256(photo.bytes()),
        Map.of());
    return w.pipeline().analyze(w.loader(), photo.bytes(), photo.name(), false);
  }

  /**
   * Compares the largest face of two photos; nothing is stored. Audited with both digests.
   *
   * @param p who asks
   * @param a the first photo
   * @param b the second photo
   * @return the similarity and its estimated false match rate
   * @throws InvalidRequestException if a photo has no face (message {@code "b.jpg: no face
   *     found"})
   */
  public Comparison compare(Principal p, Upload a, Upload b) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("a_sha256", sha256(a.bytes()));
    details.put("b_sha256", sha256(b.bytes()));
    w.guard().requireAndRecord(p, Action.COMPARE, scope(), "compare", details);
    Face fa = largest(a);
    Face fb = largest(b);
    float similarity = fa.template().similarity(fb.template());
    String model = fa.template().modelId();
    return new Comparison(similarity,
        Calibration.forModel(model).map(c -> c.estimate(similarity)).orElse(null), model,
        fa.box(), fb.box());
  }

  private Face largest(Upload photo) {
    ImageAnalysis analysis = w.pipeline().analyze(w.loader(), photo.bytes(), photo.name(), true);
    return FaceChoice.LARGEST.choose(analysis.faces(), analysis.width(), analysis.height())
        .orElseThrow(() -> new InvalidRequestException(photo.name() + ": no face found"));
  }
}
