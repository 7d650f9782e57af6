package candor.core.gallery;

import candor.core.model.BoundingBox;
import candor.core.model.InvalidRequestException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Selects the face a person picked in a photo with several faces: the detected face whose box
 * overlaps the given one most, if they overlap by at least {@link #MIN_IOU} (intersection over
 * union). The box comes from a detection of the same photo ({@code POST /v1/detect}), which the
 * search's own detection repeats exactly, so the overlap is 1 in practice; the margin only
 * absorbs rounding of the box in transit.
 *
 * @param box the picked face's box in pixels of the orientation-corrected image
 */
public record FaceAt(BoundingBox box) implements FaceSelector {

  /**
   * The least overlap that counts as the same face: {@value}. Two different faces of one photo
   * overlap far less (the detector's non-maximum suppression keeps boxes below 0.3 apart).
   */
  public static final double MIN_IOU = 0.5;

  /**
   * Validates.
   *
   * @throws NullPointerException if the box is null
   */
  public FaceAt {
    Objects.requireNonNull(box, "box");
  }

  /**
   * Parses a box written {@code x,y,width,height} in pixels, as a search's {@code face} field
   * carries it.
   *
   * @param text for example {@code "120.5,80,64,72"}
   * @return the selector
   * @throws InvalidRequestException if the text is not four numbers, or the box is empty
   */
  public static FaceAt parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("\\s*,\\s*");
    if (parts.length != 4) {
      throw new InvalidRequestException("face must be x,y,width,height in pixels of the photo"
          + " (a box POST /v1/detect returned), got '" + text + "'");
    }
    float[] v = new float[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("face must be x,y,width,height in pixels of the photo"
            + " (a box POST /v1/detect returned), got '" + text + "'");
      }
    }
    try {
      return new FaceAt(new BoundingBox(v[0], v[1], v[2], v[3]));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /**
   * Chooses the detected face at the box.
   *
   * @throws InvalidRequestException if no face found overlaps the box by {@link #MIN_IOU};
   *     the message gives the box and how many faces the photo holds
   */
  @Override
  public OptionalInt chooseBox(List<candor.vision.BoundingBox> boxes, int width, int height) {
    candor.vision.BoundingBox wanted = new candor.vision.BoundingBox(box.x(), box.y(),
        box.width(), box.height());
    OptionalInt best = IntStream.range(0, boxes.size()).boxed()
        .max(Comparator.comparingDouble(i -> boxes.get(i).iou(wanted)))
        .map(OptionalInt::of).orElse(OptionalInt.empty());
    if (best.isEmpty() || boxes.get(best.getAsInt()).iou(wanted) < MIN_IOU) {
      throw new InvalidRequestException("no face of the probe is at the box given (" + this
          + "); the photo holds " + boxes.size() + " face(s): pick one of the boxes POST"
          + " /v1/detect returns for it");
    }
    return best;
  }

  /**
   * Returns the box as the {@code face} field writes it.
   *
   * @return {@code x,y,width,height}, for example {@code "120.5,80,64,72"}
   */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s,%s,%s,%s", number(box.x()), number(box.y()),
        number(box.width()), number(box.height()));
  }

  private static String number(float v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
  }
}
