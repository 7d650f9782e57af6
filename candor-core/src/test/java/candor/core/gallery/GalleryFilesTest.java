package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.model.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryFilesTest {

  @TempDir Path tmp;

  private final ImageLoader loader = GalleryTestSupport.loader();

  /**
   * Ingest cuts crops from the detector's full-resolution decode; a re-run restoring a crop a
   * crash left unwritten cuts it from a region decode and checks it against the stored digest,
   * so the two must give the same bytes, whatever the format and EXIF orientation.
   */
  @Test
  void a_crop_cut_from_the_whole_decode_has_the_bytes_of_one_cut_from_a_region_decode() {
    long seed = GalleryTestSupport.seed();
    Random random = new Random(seed);
    BufferedImage photo = GalleryTestSupport.decode(GalleryTestSupport.people().get(1).enrol());
    List<byte[]> images = new ArrayList<>();
    images.add(GalleryTestSupport.jpeg(photo, 0.9f));
    images.add(progressiveJpeg(photo));
    images.add(GalleryTestSupport.jpeg(grey(photo), 0.8f));
    for (int orientation : new int[] {3, 6, 8, 5}) {
      images.add(withJpegOrientation(GalleryTestSupport.jpeg(photo, 0.9f), orientation));
    }
    images.add(png(photo));
    images.add(withPngOrientation(png(photo), 6));
    int n = 0;
    for (byte[] image : images) {
      DecodedImage whole = loader.load(image, "image " + n);
      for (int k = 0; k < 6; k++) {
        // boxes anywhere, some running off an edge, some larger than the crop limit
        float w = 8 + random.nextFloat() * whole.width() * 1.2f;
        float h = 8 + random.nextFloat() * whole.height() * 1.2f;
        BoundingBox box = new BoundingBox(random.nextFloat() * whole.width() - w / 3,
            random.nextFloat() * whole.height() - h / 3, w, h);
        byte[] fromWhole = GalleryFiles.crop(whole.pixels(), box);
        byte[] fromRegion =
            GalleryFiles.crop(loader, image, "image " + n, box, whole.width(), whole.height());
        assertThat(fromWhole).as("image %d, box %s", n, box).isEqualTo(fromRegion);
      }
      n++;
    }
  }

  @Test
  void writes_files_together_and_reports_the_first_that_cannot_be_written() throws IOException {
    ExecutorService io = Executors.newFixedThreadPool(4);
    try {
      List<GalleryFiles.FileWrite> writes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        writes.add(new GalleryFiles.FileWrite(tmp.resolve("crops/c/" + (i % 3) + "/f" + i),
            new byte[] {(byte) i, 1, 2}));
      }
      GalleryFiles.writeAllAtomically(writes, io);
      for (GalleryFiles.FileWrite write : writes) {
        assertThat(Files.readAllBytes(write.file())).isEqualTo(write.content());
      }
      // a folder where a file's folder should be
      Files.writeString(tmp.resolve("blocked"), "a file");
      List<GalleryFiles.FileWrite> failing = List.of(
          new GalleryFiles.FileWrite(tmp.resolve("ok/a"), new byte[] {1}),
          new GalleryFiles.FileWrite(tmp.resolve("blocked/b"), new byte[] {2}),
          new GalleryFiles.FileWrite(tmp.resolve("ok/c"), new byte[] {3}));
      assertThatThrownBy(() -> GalleryFiles.writeAllAtomically(failing, io))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("blocked");
      assertThat(tmp.resolve("ok/a")).exists();
      assertThat(tmp.resolve("ok/c")).exists();
    } finally {
      io.shutdownNow();
    }
  }

  private static BufferedImage grey(BufferedImage image) {
    BufferedImage grey =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(image, 0, 0, null);
    return grey;
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] progressiveJpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A big-endian TIFF block whose IFD0 holds one tag: Orientation = {@code orientation}. */
  private static byte[] exifTiff(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0);
    return tiff.array();
  }

  private static byte[] withJpegOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = exifTiff(orientation);
    byte[] preamble = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + preamble.length + tiff.length);
    out.put(jpeg, 0, 2);
    out.put((byte) 0xff).put((byte) 0xe1).putShort((short) (2 + preamble.length + tiff.length));
    out.put(preamble).put(tiff);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }

  private static byte[] withPngOrientation(byte[] png, int orientation) {
    byte[] data = exifTiff(orientation);
    byte[] type = "eXIf".getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data);
    byte[] chunk = ByteBuffer.allocate(12 + data.length).putInt(data.length).put(type).put(data)
        .putInt((int) crc.getValue()).array();
    int ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length and type, IHDR data, CRC
    ByteBuffer out = ByteBuffer.allocate(png.length + chunk.length);
    out.put(png, 0, ihdrEnd).put(chunk).put(png, ihdrEnd, png.length - ihdrEnd);
    return out.array();
  }
}
