package candor.core.eval;

import candor.core.gallery.FaceSelector;
import candor.vision.BoundingBox;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Which face of a photo stands for it when a protocol or a comparison needs exactly one.
 */
public enum FaceChoice implements FaceSelector {
  /** The largest face: the subject of a portrait or an enrolment photo. */
  LARGEST {
    @Override
    public OptionalInt chooseBox(List<BoundingBox> boxes, int width, int height) {
      return IntStream.range(0, boxes.size()).boxed()
          .max(Comparator.comparingDouble(i -> boxes.get(i).area()))
          .map(OptionalInt::of).orElse(OptionalInt.empty());
    }
  },
  /**
   * The face nearest the image centre among the reasonably large ones: LFW and CFP crops centre
   * the labelled person, while bystanders may be as large.
   */
  CENTRAL {
    @Override
    public OptionalInt chooseBox(List<BoundingBox> boxes, int width, int height) {
      double largest = boxes.stream().mapToDouble(BoundingBox::area).max().orElse(0);
      return IntStream.range(0, boxes.size()).boxed()
          .filter(i -> boxes.get(i).area() >= 0.25 * largest)
          .min(Comparator.comparingDouble(i -> Math.hypot(boxes.get(i).centerX() - width / 2.0,
              boxes.get(i).centerY() - height / 2.0)))
          .map(OptionalInt::of).orElse(OptionalInt.empty());
    }
  };

  /**
   * The chosen face's index, empty when there is none.
   *
   * @param boxes the boxes of the faces found
   * @param width image width in pixels
   * @param height image height in pixels
   */
  @Override
  public abstract OptionalInt chooseBox(List<BoundingBox> boxes, int width, int height);
}
