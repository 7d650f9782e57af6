package candor.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed checkpoint of the audit chain: the receipt an oversight body keeps outside Candor's
 * database, which later proves that the log still extends what it held then (see {@link
 * ReceiptVerifier}). It says "entry {@code sequence} of the chain had hash {@code head_hash} at
 * {@code time}", signed with Ed25519 by a key that is not stored in the database.
 *
 * <p>The receipt file is a JSON object with these seven fields (the form {@link #toJson()} writes
 * and {@link #parse(String)} reads; other fields are ignored):
 *
 * <pre>{
 *   "version": 1,
 *   "sequence": 42,
 *   "head_hash": "64 lower-case hex digits",
 *   "time": "2026-03-14T09:26:53.589793Z",
 *   "key_id": "64 lower-case hex digits",
 *   "public_key": "MCowBQYDK2VwAyEA...",
 *   "signature": "base64 of 64 bytes"
 * }</pre>
 *
 * <p><b>What is signed.</b> {@code signature} is the standard base64 (with padding) of the
 * Ed25519 signature (RFC 8032, pure Ed25519) of the UTF-8 bytes of this text, the other six
 * fields as canonical JSON: keys in this (sorted) order, no whitespace, no trailing newline:
 *
 * <pre>{"head_hash":"H","key_id":"K","public_key":"P","sequence":N,"time":"T","version":1}</pre>
 *
 * where {@code N} is the decimal sequence number, and {@code H}, {@code K}, {@code P}, {@code T}
 * are the receipt's strings exactly as in the file (none of them ever needs JSON escaping).
 * {@code key_id} is the lower-case hex SHA-256 of the X.509 (SubjectPublicKeyInfo) encoding of the
 * public key, and {@code public_key} that encoding in standard base64; {@code time} is an ISO-8601
 * UTC instant as {@link Instant#toString()} writes it. Anyone can check a receipt in a few lines:
 *
 * <pre>{@code
 * JsonNode r = new ObjectMapper().readTree(receiptText);
 * String signed = "{\"head_hash\":\"" + r.get("head_hash").asText()
 *     + "\",\"key_id\":\"" + r.get("key_id").asText()
 *     + "\",\"public_key\":\"" + r.get("public_key").asText()
 *     + "\",\"sequence\":" + r.get("sequence").asLong()
 *     + ",\"time\":\"" + r.get("time").asText() + "\",\"version\":1}";
 * byte[] x509 = Base64.getDecoder().decode(r.get("public_key").asText());
 * Signature ed = Signature.getInstance("Ed25519");
 * ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
 * ed.update(signed.getBytes(StandardCharsets.UTF_8));
 * boolean ok = ed.verify(Base64.getDecoder().decode(r.get("signature").asText()))
 *     && r.get("key_id").asText().equals(HexFormat.of().formatHex(
 *         MessageDigest.getInstance("SHA-256").digest(x509)));
 * }</pre>
 *
 * <p>The receipt of an empty log has {@code sequence} 0 and {@code head_hash} {@link
 * AuditChain#GENESIS}. Immutable.
 *
 * @param version the format's version, {@value #VERSION}
 * @param sequence the last entry the receipt covers (the chain head when it was signed), 0 or more
 * @param headHash that entry's hash, 64 lower-case hex digits
 * @param time when it was signed, to the microsecond
 * @param keyId the lower-case hex SHA-256 of the signing key's X.509-encoded public key
 * @param publicKey the signing key's public key, X.509-encoded, standard base64
 * @param signature the Ed25519 signature of {@link #signedBytes()}, standard base64
 */
public record CheckpointReceipt(int version, long sequence, String headHash, Instant time,
    String keyId, String publicKey, String signature) {

  /** The only format version there is. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Checks the form of every field (not the signature: see {@link #signatureProblem()}).
   *
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if the version is not {@value #VERSION}, the sequence is
   *     negative, a hash or key id is not 64 lower-case hex digits, the key or signature is not
   *     base64, or the time is not to the microsecond (messages name the field and the value,
   *     such as {@code "head_hash must be 64 lower-case hex digits, got 'abc'"})
   */
  public CheckpointReceipt {
    Objects.requireNonNull(headHash, "headHash");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(signature, "signature");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "version must be " + VERSION + ", got " + version + " (a newer Candor's receipt?)");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be 0 or more, got " + sequence);
    }
    hex64("head_hash", headHash);
    hex64("key_id", keyId);
    base64("public_key", publicKey);
    base64("signature", signature);
    if (time.truncatedTo(ChronoUnit.MICROS).equals(time) == false) {
      throw new IllegalArgumentException("time must be to the microsecond, got " + time);
    }
  }

  /**
   * Returns the bytes the signature covers: the UTF-8 canonical JSON of every field but the
   * signature, as the class comment defines it.
   *
   * @return a new array
   */
  public byte[] signedBytes() {
    return signedText(sequence, headHash, time, keyId, publicKey)
        .getBytes(StandardCharsets.UTF_8);
  }

  static String signedText(long sequence, String headHash, Instant time, String keyId,
      String publicKey) {
    return "{\"head_hash\":\"" + headHash + "\",\"key_id\":\"" + keyId + "\",\"public_key\":\""
        + publicKey + "\",\"sequence\":" + sequence + ",\"time\":\"" + time + "\",\"version\":"
        + VERSION + "}";
  }

  /**
   * Checks the receipt's own integrity: that {@code key_id} names {@code public_key} and that the
   * signature verifies with it. Says nothing about whether that key is to be trusted, nor about
   * the log.
   *
   * @return empty if the receipt is as signed; else what is wrong, for a person to read
   */
  public Optional<String> signatureProblem() {
    byte[] x509 = Base64.getDecoder().decode(publicKey);
    if (CheckpointSigner.keyId(x509).equals(keyId) == false) {
      return Optional.of("its key_id is not the SHA-256 of its public key");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of("its public key is not an Ed25519 public key");
    }
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(signedBytes());
      if (ed.verify(Base64.getDecoder().decode(signature))) {
        return Optional.empty();
      }
    } catch (GeneralSecurityException e) {
      // A malformed signature (wrong length) fails like a wrong one.
    }
    return Optional.of("its signature does not verify with its public key (a field was changed"
        + " after signing)");
  }

  /**
   * Returns the receipt file's text: the seven fields, one per line, in the order of the class
   * comment, with a final newline.
   *
   * @return the JSON text
   */
  public String toJson() {
    return "{\n"
        + "  \"version\": " + version + ",\n"
        + "  \"sequence\": " + sequence + ",\n"
        + "  \"head_hash\": \"" + headHash + "\",\n"
        + "  \"time\": \"" + time + "\",\n"
        + "  \"key_id\": \"" + keyId + "\",\n"
        + "  \"public_key\": \"" + publicKey + "\",\n"
        + "  \"signature\": \"" + signature + "\"\n"
        + "}\n";
  }

  /**
   * Reads a receipt file's text.
   *
   * @param json the text, as {@link #toJson()} writes it (whitespace and field order free)
   * @return the receipt, not yet verified
   * @throws IllegalArgumentException if it is not JSON, lacks a field, or a field is malformed
   *     (message such as {@code "not a Candor audit receipt: missing field 'head_hash'"})
   */
  public static CheckpointReceipt parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Candor audit receipt: not JSON ("
          + e.getOriginalMessage() + ")");
    }
    return of(node);
  }

  /**
   * Returns the fields as audit details (snake_case keys, as in the file), for the {@code
   * audit.checkpoint} entry that records the receipt.
   *
   * @return a new map
   */
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", version);
    details.put("sequence", sequence);
    details.put("head_hash", headHash);
    details.put("time", time.toString());
    details.put("key_id", keyId);
    details.put("public_key", publicKey);
    details.put("signature", signature);
    return details;
  }

  /**
   * Reads a receipt back from the details of its {@code audit.checkpoint} entry.
   *
   * @param detailsJson the entry's details
   * @return the receipt
   * @throws IllegalArgumentException if the details do not hold a receipt
   */
  static CheckpointReceipt fromDetails(String detailsJson) {
    return parse(detailsJson);
  }

  private static CheckpointReceipt of(JsonNode node) {
    if (node == null || node.isObject() == false) {
      throw new IllegalArgumentException("not a Candor audit receipt: not a JSON object");
    }
    JsonNode version = field(node, "version");
    JsonNode sequence = field(node, "sequence");
    if (version.isIntegralNumber() == false || version.canConvertToInt() == false) {
      throw new IllegalArgumentException("version must be an integer, got " + version);
    }
    if (sequence.isIntegralNumber() == false || sequence.canConvertToLong() == false) {
      throw new IllegalArgumentException("sequence must be an integer, got " + sequence);
    }
    String time = text(node, "time");
    Instant instant;
    try {
      instant = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time must be an ISO-8601 UTC instant, got '" + time
          + "'");
    }
    if (instant.toString().equals(time) == false) {
      // The signature covers the text; only one text per instant keeps it canonical.
      throw new IllegalArgumentException("time must be written as " + instant + ", got '" + time
          + "'");
    }
    return new CheckpointReceipt(version.intValue(), sequence.longValue(),
        text(node, "head_hash"), instant, text(node, "key_id"), text(node, "public_key"),
        text(node, "signature"));
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("not a Candor audit receipt: missing field '" + name
          + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value.isTextual() == false) {
      throw new IllegalArgumentException(name + " must be a string, got " + value);
    }
    return value.asText();
  }

  private static void hex64(String name, String value) {
    if (value.length() != 64 || value.chars().allMatch(
        c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) == false) {
      throw new IllegalArgumentException(name + " must be 64 lower-case hex digits, got '"
          + value + "'");
    }
  }

  private static void base64(String name, String value) {
    try {
      if (value.isEmpty() || Base64.getDecoder().decode(value).length == 0) {
        throw new IllegalArgumentException("empty");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be standard base64, got '" + value + "'");
    }
  }
}
