package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receipt's canonical bytes, file form, signing and verification, against known answers
 * computed independently with OpenSSL 3 ({@code openssl pkeyutl -sign -rawin}) for the private
 * key of RFC 8032's first Ed25519 test vector.
 */
final class CheckpointReceiptTest {

  /** RFC 8032, 7.1, TEST 1: the secret key as PKCS#8 PEM (what `openssl pkey` writes). */
  static final String RFC_KEY_PEM = "-----BEGIN PRIVATE KEY-----\n"
      + "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      + "-----END PRIVATE KEY-----\n";
  /** Its public key (d75a9801...511a) as X.509, base64. */
  static final String RFC_PUBLIC = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  /** sha256sum of that X.509 encoding. */
  static final String RFC_KEY_ID =
      "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9";
  /** SHA-256 of "x": any 64 hex digits do. */
  static final String HEAD = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
  static final Instant TIME = Instant.parse("2026-03-14T09:26:53.589793Z");
  /** openssl pkeyutl -sign -inkey rfc.pem -rawin -in signed.txt | base64. */
  static final String SIGNATURE = "9WulT+D7Taem41M0ircgsP4zRJDp3k1OWFxpJAz6xLTIyHAXOi9RyBTFcANaWP"
      + "BKJ1SjgJhgsZpQXf71htStAw==";

  @TempDir Path dir;
  CheckpointSigner rfc;

  @BeforeEach
  void load_the_rfc_key() throws Exception {
    Path key = dir.resolve("keys").resolve("rfc.key");
    Files.createDirectories(key.getParent());
    Files.writeString(key, RFC_KEY_PEM);
    rfc = CheckpointSigner.load(key, dir.resolve("data"));
  }

  @Test
  void signs_the_documented_canonical_bytes_as_openssl_does() {
    CheckpointReceipt receipt = rfc.sign(42, HEAD, TIME);
    assertThat(new String(receipt.signedBytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"head_hash\":\"" + HEAD + "\",\"key_id\":\"" + RFC_KEY_ID + "\",\"public_key\":\""
            + RFC_PUBLIC + "\",\"sequence\":42,\"time\":\"2026-03-14T09:26:53.589793Z\","
            + "\"version\":1}");
    assertThat(receipt.keyId()).isEqualTo(RFC_KEY_ID);
    assertThat(receipt.publicKey()).isEqualTo(RFC_PUBLIC);
    assertThat(receipt.signature()).isEqualTo(SIGNATURE);
    assertThat(receipt.signatureProblem()).isEmpty();
  }

  @Test
  void writes_the_file_form_and_reads_it_back() {
    CheckpointReceipt receipt = rfc.sign(42, HEAD, TIME);
    assertThat(receipt.toJson()).isEqualTo("{\n"
        + "  \"version\": 1,\n"
        + "  \"sequence\": 42,\n"
        + "  \"head_hash\": \"" + HEAD + "\",\n"
        + "  \"time\": \"2026-03-14T09:26:53.589793Z\",\n"
        + "  \"key_id\": \"" + RFC_KEY_ID + "\",\n"
        + "  \"public_key\": \"" + RFC_PUBLIC + "\",\n"
        + "  \"signature\": \"" + SIGNATURE + "\"\n"
        + "}\n");
    assertThat(CheckpointReceipt.parse(receipt.toJson())).isEqualTo(receipt);
    assertThat(CheckpointReceipt.parse(
        receipt.toJson().replace("\n", "").replace("{", "{\"note\":\"kept elsewhere\",")))
        .isEqualTo(receipt);
  }

  @Test
  void the_few_lines_of_the_javadoc_verify_a_receipt_without_candor() throws Exception {
    JsonNode r = new ObjectMapper().readTree(rfc.sign(7, HEAD, TIME).toJson());
    String signed = "{\"head_hash\":\"" + r.get("head_hash").asText()
        + "\",\"key_id\":\"" + r.get("key_id").asText()
        + "\",\"public_key\":\"" + r.get("public_key").asText()
        + "\",\"sequence\":" + r.get("sequence").asLong()
        + ",\"time\":\"" + r.get("time").asText() + "\",\"version\":1}";
    byte[] x509 = Base64.getDecoder().decode(r.get("public_key").asText());
    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
    ed.update(signed.getBytes(StandardCharsets.UTF_8));
    assertThat(ed.verify(Base64.getDecoder().decode(r.get("signature").asText()))).isTrue();
    assertThat(r.get("key_id").asText()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(x509)));
  }

  @Test
  void an_edited_field_no_longer_verifies() {
    CheckpointReceipt r = rfc.sign(42, HEAD, TIME);
    String edited = "its signature does not verify with its public key (a field was changed"
        + " after signing)";
    assertThat(with(r, 41, r.headHash(), r.time(), r.keyId(), r.publicKey()).signatureProblem())
        .contains(edited);
    assertThat(with(r, 42, HEAD.replace('2', '3'), r.time(), r.keyId(), r.publicKey())
        .signatureProblem()).contains(edited);
    assertThat(with(r, 42, HEAD, TIME.plusSeconds(1), r.keyId(), r.publicKey())
        .signatureProblem()).contains(edited);
    CheckpointSigner other = CheckpointSigner.generate(dir.resolve("keys/other.key"),
        dir.resolve("data"));
    CheckpointReceipt otherReceipt = other.sign(42, HEAD, TIME);
    assertThat(with(r, 42, HEAD, TIME, other.keyId(), otherReceipt.publicKey())
        .signatureProblem()).contains(edited);
    assertThat(with(r, 42, HEAD, TIME, other.keyId(), r.publicKey()).signatureProblem())
        .contains("its key_id is not the SHA-256 of its public key");
  }

  @Test
  void a_signature_of_the_wrong_length_fails_like_a_wrong_one() {
    CheckpointReceipt r = rfc.sign(42, HEAD, TIME);
    CheckpointReceipt cut = new CheckpointReceipt(1, 42, HEAD, TIME, r.keyId(), r.publicKey(),
        "AAAA");
    assertThat(cut.signatureProblem()).isPresent();
  }

  @Test
  void malformed_receipts_are_refused_with_the_field_named() {
    String good = rfc.sign(42, HEAD, TIME).toJson();
    assertThatThrownBy(() -> CheckpointReceipt.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Candor audit receipt: not JSON");
    assertThatThrownBy(() -> CheckpointReceipt.parse("[1]"))
        .hasMessage("not a Candor audit receipt: not a JSON object");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace("\"head_hash\"", "\"hash\"")))
        .hasMessage("not a Candor audit receipt: missing field 'head_hash'");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace(HEAD, "abc")))
        .hasMessage("head_hash must be 64 lower-case hex digits, got 'abc'");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace(HEAD, HEAD.toUpperCase())))
        .hasMessage("head_hash must be 64 lower-case hex digits, got '" + HEAD.toUpperCase()
            + "'");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace("\"version\": 1",
        "\"version\": 2"))).hasMessage("version must be 1, got 2 (a newer Candor's receipt?)");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace("\"sequence\": 42",
        "\"sequence\": \"42\""))).hasMessage("sequence must be an integer, got \"42\"");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace("\"sequence\": 42",
        "\"sequence\": -1"))).hasMessage("sequence must be 0 or more, got -1");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace(".589793Z", ".589793000Z")))
        .hasMessage("time must be written as 2026-03-14T09:26:53.589793Z, got"
            + " '2026-03-14T09:26:53.589793000Z'");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace("2026-03-14T", "14/03/2026 ")))
        .hasMessage("time must be an ISO-8601 UTC instant, got '14/03/2026 09:26:53.589793Z'");
    assertThatThrownBy(() -> CheckpointReceipt.parse(good.replace(SIGNATURE, "not base64!")))
        .hasMessage("signature must be standard base64, got 'not base64!'");
  }

  @Test
  void the_receipt_of_an_empty_log_is_at_entry_zero_with_the_genesis_hash() {
    CheckpointReceipt empty = rfc.sign(0, AuditChain.GENESIS, TIME);
    assertThat(empty.sequence()).isZero();
    assertThat(empty.signatureProblem()).isEmpty();
  }

  private static CheckpointReceipt with(CheckpointReceipt r, long sequence, String head,
      Instant time, String keyId, String publicKey) {
    return new CheckpointReceipt(1, sequence, head, time, keyId, publicKey, r.signature());
  }
}
