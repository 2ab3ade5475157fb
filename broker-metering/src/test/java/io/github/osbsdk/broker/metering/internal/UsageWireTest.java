package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageWireTest {

  @Test
  void recordIsWrittenWithIbmsFieldNamesAndEpochMillis() {
    UsageRecord r = UsageRecord.builder("plain-id", "plan-1").region("eu-de")
        .window(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000))
        .measure("API_CALL", 3).measure("GB", 1.5).consumerId("c1").build();
    assertThat(new String(UsageWire.body(List.of(r)), StandardCharsets.UTF_8)).isEqualTo(
        "[{\"resource_instance_id\":\"plain-id\",\"plan_id\":\"plan-1\",\"region\":\"eu-de\","
            + "\"start\":1000,\"end\":2000,\"measured_usage\":[{\"measure\":\"API_CALL\","
            + "\"quantity\":3},{\"measure\":\"GB\",\"quantity\":1.5}],\"consumer_id\":\"c1\"}]");
  }

  @Test
  void statusesAreReadWithTheirReasonFromEitherShape() {
    String answer = "{\"resources\":[{\"status\":201,\"location\":\"/x\"},"
        + "{\"status\":400,\"code\":\"bad\",\"message\":\"why\"},"
        + "{\"status\":424,\"errors\":[{\"code\":\"meta\",\"message\":\"no instance\"}]}]}";
    assertThat(UsageWire.statuses(answer.getBytes(StandardCharsets.UTF_8))).containsExactly(
        new UsageWire.RecordStatus(201, null, null),
        new UsageWire.RecordStatus(400, "bad", "why"),
        new UsageWire.RecordStatus(424, "meta", "no instance"));
  }

  @Test
  void answerWithoutStatusesIsNotTakenForOne() {
    assertThat(UsageWire.statuses("<html>".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(UsageWire.statuses("{}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(UsageWire.statuses("{\"resources\":[{\"status\":\"x\"}]}"
        .getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void statusThatIsNotAWholeNumberMakesTheAnswerUnreadable() {
    for (String status : new String[] {"201.9", "201.0", "2.01e2", "\"201\"", "true",
        "null", "4294967497"}) {
      String answer = "{\"resources\":[{\"status\":201},{\"status\":" + status + "}]}";
      assertThat(UsageWire.statuses(answer.getBytes(StandardCharsets.UTF_8)))
          .as(status).isNull();
    }
  }

  @Test
  void theReasonOfARefusedRequestIsReadFromErrorsOrTopLevelAndCut() {
    assertThat(UsageWire.requestError(400, "{\"errors\":[{\"code\":\"c\",\"message\":\"m\"}]}"
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(new UsageWire.RecordStatus(400, "c", "m"));
    assertThat(UsageWire.requestError(413, ("{\"code\":\"big\",\"message\":\""
        + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8)).message()).hasSize(1000);
    assertThat(UsageWire.requestError(400, "<html>".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new UsageWire.RecordStatus(400, null, "HTTP 400 for the whole request"));
  }

  @Test
  void reasonsOfRecordsAndRequestsAreCutAndFreeOfControlCharacters() {
    // before: a per-record message was kept and logged as sent, of any length, with line
    // breaks, terminal escapes and NUL (which PostgreSQL cannot store)
    String hostile = "line1\\nline2\\u0000\\u001b[31m\\u202eend" + "x".repeat(5000);
    String answer = "{\"resources\":[{\"status\":400,\"code\":\"bad\\r\\ncode\","
        + "\"message\":\"" + hostile + "\"},{\"status\":424,\"errors\":[{\"code\":\"c\","
        + "\"message\":\"" + hostile + "\"}]}]}";
    List<UsageWire.RecordStatus> statuses =
        UsageWire.statuses(answer.getBytes(StandardCharsets.UTF_8));
    assertThat(statuses).hasSize(2);
    assertThat(statuses.get(0).code()).isEqualTo("bad  code");
    for (UsageWire.RecordStatus s : statuses) {
      assertThat(s.message()).hasSize(1000).startsWith("line1 line2  [31m end")
          .doesNotContainPattern("[\\p{Cntrl}\\u202e]");
    }
    UsageWire.RecordStatus request = UsageWire.requestError(400, ("{\"code\":\"a\\u0000b\","
        + "\"message\":\"" + hostile + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(request.code()).isEqualTo("a b");
    assertThat(request.message()).isEqualTo(statuses.get(0).message());
  }

  @Test
  void aReasonIsNeverCutWithinASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    assertThat(UsageWire.reason("x".repeat(999) + emoji)).isEqualTo("x".repeat(999));
    assertThat(UsageWire.reason("x".repeat(998) + emoji + "y")).isEqualTo("x".repeat(998) + emoji);
    assertThat(UsageWire.reason(null)).isNull();
  }
}
