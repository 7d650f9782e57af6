package candor.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import candor.vision.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.Device;
import candor.vision.TestFaces;
import candor.vision.pack.ModelPack;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped packs' embedder file, {@code fr_feature_split.onnx}, is {@code fr_feature.onnx}
 * with its PReLUs split into convolutions (issue 20): it must compute the same templates, which
 * is why its templates keep the original's model id.
 */
class ArcFaceEmbedderTest {

  private static ArcFaceEmbedder embedder(String file, String sha256) {
    return new ArcFaceEmbedder(new OnnxModel(TestFaces.modelsDir().resolve(file), sha256,
        ArcFaceEmbedder.INPUT_SHAPE, 1, Device.CPU), true, false);
  }

  @Test
  void the_split_file_gives_the_templates_of_the_original() {
    ModelPack pack = ModelPack.named("default", List.of(TestFaces.modelsDir()));
    List<BufferedImage> crops = new ArrayList<>();
    for (int n = 1; n <= TestFaces.FACES_PER_FIXTURE.length; n++) {
      DecodedImage image = TestFaces.fixture(n);
      for (candor.vision.Face face : TestFaces.pipeline().detect(image)) {
        BoundingBox b = face.box();
        int x = Math.max(0, (int) b.x());
        int y = Math.max(0, (int) b.y());
        int w = Math.min(image.width() - x, (int) b.width());
        int h = Math.min(image.height() - y, (int) b.height());
        crops.add(TestFaces.resize(TestFaces.crop(image.pixels(), x, y, w, h), 112, 112));
      }
    }
    crops.add(TestFaces.noise(112, 112, 7));
    assertThat(crops).hasSizeGreaterThan(20);
    try (ArcFaceEmbedder original = embedder("fr_feature.onnx",
            "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
        ArcFaceEmbedder split = embedder(pack.embedder().file(), pack.embedder().sha256())) {
      assertThat(pack.embedder().file()).isEqualTo("fr_feature_split.onnx");
      for (BufferedImage crop : crops) {
        float[] a = original.embed(crop);
        float[] b = split.embed(crop);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
          dot += a[i] * b[i]; // both L2-normalised
          assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-4f);
        }
        assertThat(dot).isGreaterThan(0.99999);
      }
    }
  }
}
