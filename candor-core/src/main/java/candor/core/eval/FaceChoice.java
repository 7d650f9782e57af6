package candor.core.eval;

import candor.core.gallery.FaceSelector;
import candor.vision.Face;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which face of a photo stands for it when a protocol or a comparison needs exactly one.
 */
public enum FaceChoice implements FaceSelector {
  /** The largest face: the subject of a portrait or an enrolment photo. */
  LARGEST {
    @Override
    public Optional<Face> choose(List<Face> faces, int width, int height) {
      return faces.stream().max(Comparator.comparingDouble(f -> f.box().area()));
    }
  },
  /**
   * The face nearest the image centre among the reasonably large ones: LFW and CFP crops centre
   * the labelled person, while bystanders may be as large.
   */
  CENTRAL {
    @Override
    public Optional<Face> choose(List<Face> faces, int width, int height) {
      double largest = faces.stream().mapToDouble(f -> f.box().area()).max().orElse(0);
      return faces.stream()
          .filter(f -> f.box().area() >= 0.25 * largest)
          .min(Comparator.comparingDouble(f -> Math.hypot(f.box().centerX() - width / 2.0, f.box().centerY() - height / 2.0)));
    }
  };

  /**
   * The chosen face, empty when there is none.
   *
   * @param faces the faces found
   * @param width image width in pixels
   * @param height image height in pixels
   */
  public abstract Optional<Face> choose(List<Face> faces, int width, int height);
}
