package candor.app.http;

import candor.core.access.Upload;
import candor.vision.image.ImageLoader;
import candor.vision.image.ImageTooLargeException;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads multipart requests with the limits enforced before any decoding: the request's declared
 * type and length (before a byte is read), the whole body and each part while the body streams
 * (Jetty's multipart parser stops at the limits, declared length or not), the text fields in all,
 * then each file's size and its image header's dimensions (the loader's probe reads only the
 * header), so that a small hostile file never makes the server allocate a huge raster.
 *
 * <p>Parts stay in memory, never in temporary files: they are face photos.
 */
final class Uploads {

  /** How many files one request may carry. */
  static final int MAX_FILES = 8;

  /** How many parts (files and text fields) one form may have. */
  static final int MAX_PARTS = 32;

  /**
   * The most bytes of text fields a form may carry, in all (Jetty's form content limit, which it
   * applies to multipart text fields too).
   */
  static final int MAX_FORM_TEXT_BYTES = 64 * 1024;

  /** Jetty's request attribute that holds the multipart limits of a request. */
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  private final ImageLoader loader;

  Uploads(ImageLoader loader) {
    this.loader = loader;
  }

  /** The largest file accepted, in bytes: the image loader's limit. */
  long maxFileBytes() {
    return loader.limits().maxBytes();
  }

  /** The largest request body accepted: {@link #MAX_FILES} files at the size limit, plus forms. */
  long maxRequestBytes() {
    return MAX_FILES * maxFileBytes() + 1024 * 1024;
  }

  /**
   * The limits Jetty's parser enforces while it reads: one byte over the file limit (so that a
   * file over it is told apart), the request limit, and everything in memory.
   */
  MultipartConfigElement config() {
    long file = maxFileBytes() + 1;
    return new MultipartConfigElement(System.getProperty("java.io.tmpdir"), file,
        maxRequestBytes(), (int) Math.min(file, Integer.MAX_VALUE - 8));
  }

  /**
   * Checks what the headers say, before the body is read: multipart/form-data with a boundary
   * (else 415 naming the file fields, or 400), and a declared length within the limit (413).
   */
  void checkHeaders(Context ctx, ApiRoute route) {
    String type = ctx.contentType();
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.equals("multipart/form-data") == false) {
      List<String> files = route.body().fields().stream()
          .filter(f -> f.type().equals("file")).map(f -> "'" + f.name() + "'").toList();
      throw new HttpResponseException(415, "send multipart/form-data with "
          + (files.size() == 1 ? "the image in field " + files.getFirst()
              : "the images in fields " + String.join(" and ", files)));
    }
    if (type.toLowerCase(Locale.ROOT).contains("boundary=") == false) {
      throw new BadRequestResponse("multipart/form-data needs its boundary parameter");
    }
    long length = ctx.req().getContentLengthLong();
    if (length > maxRequestBytes()) {
      throw new HttpResponseException(413, "the request is " + length
          + " bytes, the limit is " + maxRequestBytes() + " (" + MAX_FILES + " photos of at most "
          + maxFileBytes() + " bytes)");
    }
  }

  /**
   * Parses the form, so that the handler reads files and fields of a well-formed request within
   * the limits; what fails is the client's: 413 for a limit, 400 for a malformed body.
   */
  void parse(Context ctx) {
    ctx.req().setAttribute(MULTIPART_CONFIG, config());
    Collection<Part> parts;
    try {
      parts = ctx.req().getParts();
    } catch (IllegalStateException e) {
      throw refusal(e);
    } catch (BadMessageException e) {
      throw new HttpResponseException(e.getCode(), "the request body is malformed: "
          + e.getReason());
    } catch (IOException | ServletException e) {
      throw new BadRequestResponse("the multipart body is malformed: " + e.getMessage());
    }
    if (parts.size() > MAX_PARTS) {
      throw new HttpResponseException(413, "a form may have at most " + MAX_PARTS
          + " parts, got " + parts.size());
    }
    for (Part part : parts) {
      if (part.getName() == null || part.getName().isBlank()) {
        throw new BadRequestResponse("every part of the form needs a name"
            + " (Content-Disposition: form-data; name=\"...\")");
      }
    }
  }

  private RuntimeException refusal(IllegalStateException e) {
    // Jetty wraps what its parser refused (a control character, a bad header) in this too.
    if (e.getCause() instanceof BadMessageException bad) {
      return new BadRequestResponse("the multipart body is malformed: " + bad.getReason());
    }
    if (e.getCause() instanceof IOException io) {
      return new BadRequestResponse("the multipart body is malformed: " + io.getMessage());
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("exceeds max filesize")) {
      return new ImageTooLargeException("an uploaded file exceeds the limit of "
          + maxFileBytes() + " bytes");
    }
    if (message.contains("maxRequestSize")) {
      return new HttpResponseException(413, "the request exceeds the limit of "
          + maxRequestBytes() + " bytes (" + MAX_FILES + " photos of at most " + maxFileBytes()
          + " bytes)");
    }
    if (message.contains("Form is larger than max length")) {
      return new HttpResponseException(413, "the form's text fields exceed the limit of "
          + MAX_FORM_TEXT_BYTES + " bytes in all");
    }
    if (message.contains("Too many") || message.contains("too many")) {
      return new HttpResponseException(413, "the form has too many parts: at most "
          + MAX_PARTS);
    }
    return e; // not a limit: a fault of the server, reported as such
  }

  /** Reads one required file. */
  Upload one(Context ctx, String field) {
    List<Upload> all = many(ctx, field);
    if (all.size() > 1) {
      throw new BadRequestResponse("send one file in '" + field + "', got " + all.size());
    }
    return all.getFirst();
  }

  /** Reads one or more files of a field of a parsed form, checking each before it is decoded. */
  List<Upload> many(Context ctx, String field) {
    List<UploadedFile> files = ctx.uploadedFiles(field);
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
      long max = maxFileBytes();
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
