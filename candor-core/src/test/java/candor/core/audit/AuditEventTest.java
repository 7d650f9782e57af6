package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

final class AuditEventTest {

  @Test
  void writes_details_with_keys_sorted_at_every_level() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(true, 2.5));
    Map<String, Object> details = new HashMap<>();
    details.put("purpose", "investigation");
    details.put("case", inner);
    details.put("none", null);
    assertThat(new AuditEvent("a", "b", "c", details).detailsJson())
        .isEqualTo("{\"case\":{\"a\":[true,2.5],\"z\":1},\"none\":null,"
            + "\"purpose\":\"investigation\"}");
  }

  @Test
  void writes_ids_and_dates_as_strings_and_escapes_control_characters() {
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000007");
    Map<String, Object> details = Map.of("id", id, "day", LocalDate.of(2026, 11, 26),
        "note", "say \"hi\"\n\u0001\\");
    assertThat(new AuditEvent("a", "b", "c", details).detailsJson())
        .isEqualTo("{\"day\":\"2026-11-26\",\"id\":\"" + id + "\","
            + "\"note\":\"say \\\"hi\\\"\\n\\u0001\\\\\"}");
  }

  @Test
  void copies_the_details() {
    Map<String, Object> details = new HashMap<>();
    List<Object> ids = new ArrayList<>(List.of(1));
    details.put("ids", ids);
    AuditEvent event = new AuditEvent("a", "b", "c", details);
    ids.add(2);
    details.put("more", true);
    assertThat(event.detailsJson()).isEqualTo("{\"ids\":[1]}");
  }

  @Test
  void refuses_arrays_so_that_no_template_reaches_the_audit() {
    assertThatThrownBy(() -> new AuditEvent("a", "b", "c", Map.of("template", new float[512])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit details may hold strings, numbers, booleans, lists and maps only,"
            + " got float[] at details.template (the audit never stores biometric or binary"
            + " data)");
    assertThatThrownBy(() -> new AuditEvent("a", "b", "c", Map.of("crop", new byte[4])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_numbers_that_json_cannot_hold() {
    assertThatThrownBy(() -> new AuditEvent("a", "b", "c", Map.of("score", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit details numbers must be finite, got NaN at details.score");
  }

  @Test
  void requires_an_actor_an_action_and_an_object() {
    assertThatThrownBy(() -> AuditEvent.of(" ", "search.run", "-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit actor must not be blank");
  }

  @Test
  void refuses_details_that_are_too_long() {
    assertThatThrownBy(() -> new AuditEvent("a", "b", "c", Map.of("x", "y".repeat(70_000))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit details must be at most 65536 characters of JSON, got 70008");
  }
}
