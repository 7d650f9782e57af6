package candor.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.vision.Device;
import candor.vision.TestFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down the model checks at load time (file, hash, input shape) and use after close. */
class OnnxModelTest {
  private static final Path FEATURE = TestFaces.modelsDir().resolve("fr_feature.onnx");
  private static final String FEATURE_SHA = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581";
  private static final Path LANDMARK = TestFaces.modelsDir().resolve("fr_landmark.onnx");
  private static final String LANDMARK_SHA = "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258";

  @Test
  void computes_the_sha256_of_a_file(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
    assertThat(OnnxModel.sha256(f)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(OnnxModel.sha256(FEATURE)).isEqualTo(FEATURE_SHA);
  }

  @Test
  void rejects_a_file_with_the_wrong_sha256() {
    String wrong = "0".repeat(64);
    assertThatThrownBy(() -> new OnnxModel(FEATURE, wrong, new long[] {1, 3, 112, 112}, 1, Device.CPU))
        .isInstanceOf(ModelException.class)
        .hasMessage(FEATURE + ": SHA-256 is " + FEATURE_SHA + ", expected " + wrong + " (wrong or corrupt model file)");
  }

  @Test
  void rejects_a_missing_file(@TempDir Path dir) {
    Path missing = dir.resolve("nothing.onnx");
    assertThatThrownBy(() -> new OnnxModel(missing, FEATURE_SHA, new long[] {1, 3, 112, 112}, 1, Device.CPU))
        .isInstanceOf(ModelException.class)
        .hasMessage(missing + ": model file not found");
  }

  @Test
  void rejects_a_model_whose_input_shape_differs() {
    assertThatThrownBy(() -> new OnnxModel(LANDMARK, LANDMARK_SHA, new long[] {1, 3, 112, 112}, 1, Device.CPU))
        .isInstanceOf(ModelException.class)
        .hasMessage(LANDMARK + ": expected input [1, 3, 112, 112], model declares [1, 1, 64, 64]");
  }

  @Test
  void rejects_a_file_that_is_not_a_model(@TempDir Path dir) throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
    String sha = OnnxModel.sha256(junk);
    assertThatThrownBy(() -> new OnnxModel(junk, sha, new long[] {1, 3, 112, 112}, 1, Device.CPU))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith(junk + ": ONNX Runtime cannot load the model (");
  }

  @Test
  void runs_and_then_refuses_to_run_after_close() {
    OnnxModel model = new OnnxModel(LANDMARK, LANDMARK_SHA, Landmark68Model.INPUT_SHAPE, 1, Device.CPU);
    assertThat(model.file()).isEqualTo(LANDMARK);
    Map<String, float[]> out = model.run(new float[64 * 64]);
    assertThat(out).containsKey("output");
    assertThat(out.get("output")).hasSize(136);
    model.close();
    model.close(); // closing twice is harmless
    assertThatThrownBy(() -> model.run(new float[64 * 64]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(LANDMARK + ": model used after close");
  }
}
