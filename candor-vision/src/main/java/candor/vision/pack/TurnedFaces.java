package candor.vision.pack;

import java.util.Objects;

/**
 * A second model a pack uses for faces turned away from the camera ({@code turned.*} keys): its
 * keypoints replace the main landmarks when it estimates the head turned by at least
 * {@code minYaw}, and it searches the whole photo when the main detector finds no face.
 *
 * @param model the model ({@code turned}, {@code turned.file}, {@code turned.sha256})
 * @param minYaw the smallest |yaw| in degrees, as estimated from the second model's own keypoints,
 *     at which its landmarks are used ({@code turned.minYaw})
 */
public record TurnedFaces(ModelSpec model, double minYaw) {
  public TurnedFaces {
    Objects.requireNonNull(model, "model");
    if (!(minYaw >= 0 && minYaw <= 90)) {
      throw new IllegalArgumentException("turned.minYaw must be in [0, 90] degrees, got " + minYaw);
    }
  }
}
