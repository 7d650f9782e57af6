package candor.vision;

import java.util.List;

/**
 * The faces of one image and the image's size.
 *
 * @param width width of the orientation-corrected original, in pixels
 * @param height height of the orientation-corrected original, in pixels
 * @param format container format, e.g. {@code jpeg}
 * @param faces the faces, best detection first; empty when there is none
 */
public record ImageAnalysis(int width, int height, String format, List<Face> faces) {
  public ImageAnalysis {
    faces = List.copyOf(faces);
  }
}
