package candor.core.access;

import candor.core.gallery.Gallery;
import candor.core.policy.CollectionGrant;
import candor.core.policy.Guard;
import candor.core.store.Store;
import candor.vision.FacePipeline;
import candor.vision.image.ImageLoader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every resource's operations share: the open gallery and its store, the face engine, the
 * upload limits, the clock, the guard and the faces' public ids. Built once by {@link Operations}; package-private so
 * that nothing outside this package reaches the gallery around the guard.
 */
record Wiring(Gallery gallery, Store store, FacePipeline pipeline, ImageLoader loader,
    Clock clock, Guard guard, PublicIds ids) {

  private static final HexFormat HEX = HexFormat.of();

  /** The grant naming exactly these collections, as the scope of an action. */
  static CollectionGrant scope(String... names) {
    return CollectionGrant.of(List.of(names));
  }

  /** The audit details of uploaded photos: their count and digests, never their bytes. */
  static Map<String, Object> uploadDetails(List<Upload> photos) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("photos", photos.size());
    details.put("sha256", photos.stream().map(u -> sha256(u.bytes())).toList());
    return details;
  }

  static String sha256(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
