package candor.app.http;

import candor.core.access.Upload;
import candor.vision.image.ImageLoader;
import candor.vision.image.ImageTooLargeException;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads uploaded images from multipart requests with the limits enforced before any decoding:
 * the request's declared length, each file's size, then the image header's dimensions (the
 * loader's probe reads only the header), so that a small hostile file never makes the server
 * allocate a huge raster.
 */
final class Uploads {

  /** How many files one request may carry. */
  static final int MAX_FILES = 8;

  private final ImageLoader loader;

  Uploads(ImageLoader loader) {
    this.loader = loader;
  }

  /** The largest request body accepted: {@link #MAX_FILES} files at the size limit, plus forms. */
  long maxRequestBytes() {
    return MAX_FILES * loader.limits().maxBytes() + 1024 * 1024;
  }

  /** The before-filter of upload routes: refuses a body declared larger than the limit. */
  void checkLength(Context ctx) {
    long length = ctx.contentLength();
    if (length > maxRequestBytes()) {
      throw new HttpResponseException(413, "the request is " + length
          + " bytes, the limit is " + maxRequestBytes() + " (" + MAX_FILES + " photos of at most "
          + loader.limits().maxBytes() + " bytes)");
    }
  }

  /** Reads one required file. */
  Upload one(Context ctx, String field) {
    List<Upload> all = many(ctx, field);
    if (all.size() > 1) {
      throw new BadRequestResponse("send one file in '" + field + "', got " + all.size());
    }
    return all.getFirst();
  }

  /** Reads one or more files of a field, checking each before it is decoded. */
  List<Upload> many(Context ctx, String field) {
    if (ctx.isMultipartFormData() == false) {
      throw new HttpResponseException(415,
          "send multipart/form-data with the image in field '" + field + "'");
    }
    List<UploadedFile> files;
    try {
      files = ctx.uploadedFiles(field);
    } catch (IllegalStateException e) {
      // Jetty's multipart parser stops at the configured per-file and per-request limits.
      if (e.getMessage() != null && e.getMessage().contains("exceeds max")) {
        throw new ImageTooLargeException("an uploaded file exceeds the limit of "
            + loader.limits().maxBytes() + " bytes, or the request the limit of "
            + maxRequestBytes() + " bytes");
      }
      throw e;
    }
    if (files.isEmpty()) {
      throw new BadRequestResponse("no file in field '" + field + "'");
    }
    if (files.size() > MAX_FILES) {
      throw new HttpResponseException(413,
          "at most " + MAX_FILES + " files per request, got " + files.size());
    }
    List<Upload> uploads = new ArrayList<>();
    for (UploadedFile file : files) {
      String name = file.filename() == null || file.filename().isBlank() ? field : file.filename();
      long max = loader.limits().maxBytes();
      if (file.size() > max) {
        throw new ImageTooLargeException(
            name + " is " + file.size() + " bytes, the limit is " + max);
      }
      byte[] bytes;
      try (InputStream in = file.content()) {
        bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the upload " + name, e);
      }
      if (bytes.length > max) {
        throw new ImageTooLargeException(name + " is larger than the limit of " + max + " bytes");
      }
      if (bytes.length == 0) {
        throw new BadRequestResponse(name + " is empty");
      }
      loader.probe(bytes, name); // format, dimensions and pixel limits from the header alone
      uploads.add(new Upload(name, bytes));
    }
    return uploads;
  }
}
