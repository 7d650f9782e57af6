/**
 * Turns untrusted image bytes into upright 3-byte BGR pixels: format sniffing, size limits checked
 * from the header before any pixel is decoded, EXIF orientation, reduced-resolution decodes for
 * detection and full-resolution region decodes for alignment. {@link candor.vision.image.ImageLoader}
 * is the entry point; every failure is an {@link candor.vision.image.UnreadableImageException} or an
 * {@link candor.vision.image.ImageTooLargeException} whose one-line message names the input.
 */
package candor.vision.image;
