package candor.vision.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.vision.FacePipeline;
import candor.vision.TestFaces;
import candor.vision.VisionConfig;
import candor.vision.onnx.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down pack descriptors: the built-in packs, store-folder packs, file lookup and their error messages. */
class ModelPackTest {
  private static final String FEATURE_SHA = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581";
  private static final String SPLIT_FEATURE_SHA =
      "f7a1e5002c43e4150b08126ef133699fe40021cc22131d0f179dd46056660821";

  @Test
  void built_in_packs_parse() {
    ModelPack def = ModelPack.named("default", List.of());
    assertThat(def.name()).isEqualTo("default");
    assertThat(def.detector()).isEqualTo(new ModelSpec("rfb320", "fr_detect.onnx",
        "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854"));
    assertThat(def.landmarker()).contains(new ModelSpec("landmark68", "fr_landmark.onnx",
        "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"));
    assertThat(def.embedder()).isEqualTo(new ModelSpec("arcface112", "fr_feature_split.onnx",
        SPLIT_FEATURE_SHA));
    assertThat(def.embedderBgr()).isTrue();
    assertThat(def.templateModelId()).isEqualTo("mbf512-bgr-87aacdfe");
    assertThat(def.files()).hasSize(3);

    ModelPack yunet = ModelPack.named("yunet", List.of());
    assertThat(yunet.detector().kind()).isEqualTo("yunet");
    assertThat(yunet.detector().file()).isEqualTo("face_detection_yunet_2023mar.onnx");
    assertThat(yunet.landmarker()).isEmpty();
    assertThat(yunet.files()).extracting(ModelSpec::file)
        .containsExactly("face_detection_yunet_2023mar.onnx", "fr_feature_split.onnx");
    assertThat(yunet.templateModelId()).isEqualTo(def.templateModelId());
    assertThat(ModelPack.BUILT_IN).containsExactly("default", "yunet");
    assertThat(def.embedding()).isEqualTo(EmbedderSettings.SHIPPED);
    assertThat(yunet.embedding()).isEqualTo(EmbedderSettings.SHIPPED);
    assertThat(def.licence()).isEqualTo(new Licence("MIT", Licence.Use.OPEN, "not documented by the source package",
        "https://www.npmjs.com/package/faceplugin-face-recognition-js", ""));
    assertThat(yunet.licence().use()).isEqualTo(Licence.Use.OPEN);
  }

  @Test
  void reads_the_embedder_input_alignment_output_and_licence(@TempDir Path store) throws IOException {
    Files.writeString(store.resolve("edge.pack.properties"), """
        name=edge
        detector=scrfd
        detector.file=det.onnx
        detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
        detector.size=480
        embedder=arcface
        embedder.file=e.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.channels=RGB
        embedder.size=128
        embedder.scale=0.0078125
        embedder.offset=-1
        align=arcface
        embedder.dim=128
        embedder.normalised=true
        embedder.id=edge-128
        licence=CC-BY-NC-SA-4.0
        licence.use=research-only
        licence.trainingData=WebFace12M (research-only terms)
        """);
    ModelPack pack = ModelPack.named("edge", List.of(store));
    assertThat(pack.detection().inputSize()).isEqualTo(480);
    EmbedderSettings e = pack.embedding();
    assertThat(e.size()).isEqualTo(128);
    assertThat(e.bgr()).isFalse();
    assertThat(e.mean()).as("pixel * 1/128 - 1 = (pixel - 128) / 128").isEqualTo(128f);
    assertThat(e.std()).isEqualTo(128f);
    assertThat(e.dimension()).isEqualTo(128);
    assertThat(e.outputNormalised()).isTrue();
    // InsightFace's estimate_norm for 128: the 112 template scaled by 1, shifted 8 px right
    assertThat(e.alignment().points()[0]).isEqualTo(38.2946f + 8);
    assertThat(e.alignment().points()[1]).isEqualTo(51.6963f);
    assertThat(pack.licence()).isEqualTo(new Licence("CC-BY-NC-SA-4.0", Licence.Use.RESEARCH_ONLY,
        "WebFace12M (research-only terms)", "", ""));
    assertThat(pack.licence().use().needsAcceptance()).isTrue();
    assertThat(ModelPack.installed(List.of(store))).containsExactly("edge");
  }

  @Test
  void a_descriptor_written_out_reads_back_as_the_same_pack(@TempDir Path store) throws IOException {
    Files.writeString(store.resolve("pts.pack.properties"), """
        name=pts
        description=five points of its own \\ and a backslash
        detector=yunet
        detector.file=face_detection_yunet_2023mar.onnx
        detector.sha256=8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4
        detector.zoomOut=0.5
        embedder=arcface
        embedder.file=e.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.size=96
        align=points
        align.points=30,40, 66,40, 48,58, 34,76, 62,76
        embedder.id=pts-512
        licence=Apache-2.0
        licence.use=open
        card.1=a line
        """);
    ModelPack pack = ModelPack.named("pts", List.of(store));
    assertThat(pack.embedding().alignment().points()).containsExactly(30, 40, 66, 40, 48, 58, 34, 76, 62, 76);
    Files.writeString(store.resolve("again.pack.properties"), pack.toProperties(List.of("written by a test")));
    assertThat(ModelPack.named("again", List.of(store))).isEqualTo(pack);
    assertThat(ModelPack.installed(List.of(store))).containsExactly("again", "pts");
  }

  @Test
  void names_a_bad_licence_use_and_a_bad_alignment(@TempDir Path store) throws IOException {
    String base = """
        name=bad
        detector=yunet
        detector.file=face_detection_yunet_2023mar.onnx
        detector.sha256=8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4
        embedder=arcface
        embedder.file=e.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.id=bad
        """;
    Path file = Files.writeString(store.resolve("bad.pack.properties"), base + "licence=X\nlicence.use=free\n");
    assertThatThrownBy(() -> ModelPack.named("bad", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": licence.use must be open, commercial, non-commercial or research-only, got free");
    Files.writeString(file, base + "embedder.size=100\n");
    assertThatThrownBy(() -> ModelPack.named("bad", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": the ArcFace template fits crops of a multiple of 112 or 128 pixels, got 100");
    Files.writeString(file, base + "align=points\nalign.points=1,2,3\n");
    assertThatThrownBy(() -> ModelPack.named("bad", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": align.points needs 10 numbers (x, y of 5 points in crop pixels), got 3");
  }

  @Test
  void rejects_an_unknown_pack() {
    assertThatThrownBy(() -> ModelPack.named("nope", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model pack 'nope': built-in packs are [default, yunet]");
  }

  @Test
  void locate_names_the_folders_and_how_to_install_a_missing_file(@TempDir Path a, @TempDir Path b) {
    ModelSpec spec = ModelPack.named("yunet", List.of()).detector();
    assertThatThrownBy(() -> ModelPack.locate(spec, List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model file face_detection_yunet_2023mar.onnx not found in [" + a + ", " + b + "]; "
            + "install it with: candor models install FILE --sha256 "
            + "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4");
  }

  @Test
  void locate_takes_the_first_folder_that_has_the_file(@TempDir Path a, @TempDir Path b) throws IOException {
    ModelSpec spec = new ModelSpec("arcface112", "m.onnx", FEATURE_SHA);
    Files.writeString(b.resolve("m.onnx"), "b");
    assertThat(ModelPack.locate(spec, List.of(a, b))).isEqualTo(b.resolve("m.onnx"));
    Files.writeString(a.resolve("m.onnx"), "a");
    assertThat(ModelPack.locate(spec, List.of(a, b))).isEqualTo(a.resolve("m.onnx"));
  }

  @Test
  void finds_a_pack_descriptor_in_a_store_folder(@TempDir Path store) throws IOException {
    Files.writeString(store.resolve("mine.pack.properties"), """
        name=mine
        description=the default models under another name
        detector=rfb320
        detector.file=fr_detect.onnx
        detector.sha256=6C0256CCD3164F844736A401FAF936EC2930764A87AE39442180887D0C5C8854
        landmarker=landmark68
        landmarker.file=fr_landmark.onnx
        landmarker.sha256=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
        embedder=arcface112
        embedder.file=fr_feature.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.channels=RGB
        embedder.id=mbf512-rgb
        card.1=first line
        card.2=second line
        """);
    ModelPack pack = ModelPack.named("mine", List.of(store));
    assertThat(pack.name()).isEqualTo("mine");
    assertThat(pack.description()).isEqualTo("the default models under another name");
    assertThat(pack.detector().sha256()).as("hashes are lower-cased")
        .isEqualTo("6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854");
    assertThat(pack.embedderBgr()).isFalse();
    assertThat(pack.templateModelId()).isEqualTo("mbf512-rgb");
    assertThat(pack.card()).containsExactly("first line", "second line");
  }

  @Test
  void reads_detection_settings_and_a_turned_face_model(@TempDir Path store) throws IOException {
    Files.writeString(store.resolve("turned.pack.properties"), """
        name=turned
        detector=rfb320
        detector.file=fr_detect.onnx
        detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
        detector.zoomOut=0.5
        detector.threshold=0.7
        turned=blazeface128
        turned.file=face_detection_front_128x128_barracuda.onnx
        turned.sha256=d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
        turned.minYaw=45
        embedder=arcface112
        embedder.file=fr_feature.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.id=x
        """);
    ModelPack pack = ModelPack.named("turned", List.of(store));
    assertThat(pack.detection()).isEqualTo(new DetectionSettings(0.5, false, 0.7f));
    assertThat(pack.detection().thresholdOr(0.8f)).isEqualTo(0.7f);
    assertThat(pack.turnedFaces()).contains(new TurnedFaces(
        new ModelSpec("blazeface128", "face_detection_front_128x128_barracuda.onnx",
            "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"), 45));
    assertThat(pack.files()).extracting(ModelSpec::kind).containsExactly("rfb320", "blazeface128", "arcface112");
  }

  @Test
  void rejects_a_zoom_out_outside_the_window(@TempDir Path store) throws IOException {
    Path file = Files.writeString(store.resolve("zoom.pack.properties"), """
        name=zoom
        detector=rfb320
        detector.file=fr_detect.onnx
        detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
        detector.zoomOut=1.5
        embedder=arcface112
        embedder.file=fr_feature.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.id=x
        """);
    assertThatThrownBy(() -> ModelPack.named("zoom", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": detector.zoomOut must be 0 or in (0, 1), got 1.5");
  }

  @Test
  void names_the_missing_key_of_a_descriptor(@TempDir Path store) throws IOException {
    Path file = Files.writeString(store.resolve("broken.pack.properties"), """
        name=broken
        detector=rfb320
        detector.file=fr_detect.onnx
        detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
        embedder=arcface112
        embedder.file=fr_feature.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        """);
    assertThatThrownBy(() -> ModelPack.named("broken", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": missing 'embedder.id'");
  }

  @Test
  void rejects_a_bad_channel_order_and_a_bad_hash(@TempDir Path store) throws IOException {
    Path file = Files.writeString(store.resolve("bgr.pack.properties"), """
        name=bgr
        detector=rfb320
        detector.file=fr_detect.onnx
        detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
        embedder=arcface112
        embedder.file=fr_feature.onnx
        embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
        embedder.channels=GBR
        embedder.id=x
        """);
    assertThatThrownBy(() -> ModelPack.named("bgr", List.of(store)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": embedder.channels must be BGR or RGB, got GBR");
    assertThatThrownBy(() -> new ModelSpec("rfb320", "x.onnx", "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.onnx: sha256 must be 64 hex digits, got abc");
  }

  @Test
  void opening_a_pack_fails_at_once_when_a_file_is_missing(@TempDir Path empty) {
    assertThatThrownBy(() -> FacePipeline.open(ModelPack.named("default", List.of(empty)), List.of(empty),
        VisionConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model file fr_detect.onnx not found in [" + empty + "]");
  }

  @Test
  void opening_a_pack_fails_at_once_when_a_hash_differs(@TempDir Path store) throws IOException {
    // the detector's file under the embedder's name: found, but its hash is not the embedder's
    Files.copy(TestFaces.modelsDir().resolve("fr_detect.onnx"), store.resolve("fr_feature_split.onnx"));
    List<Path> dirs = List.of(store, TestFaces.modelsDir());
    assertThatThrownBy(() -> FacePipeline.open(ModelPack.named("default", dirs), dirs, VisionConfig.defaults()))
        .isInstanceOf(ModelException.class)
        .hasMessage(store.resolve("fr_feature_split.onnx") + ": SHA-256 is "
            + "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854, expected " + SPLIT_FEATURE_SHA
            + " (wrong or corrupt model file)");
  }
}
