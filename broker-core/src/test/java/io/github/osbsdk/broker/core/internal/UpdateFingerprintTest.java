package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An update that meets a running update with another fingerprint asks whether an older SDK
 * version started it, whose fingerprint left the context out. A synchronous update asks again
 * after every pause of its wait: that form of its own fingerprint is made once per request, not
 * once per question.
 */
class UpdateFingerprintTest {
  /** How many fingerprint digests were made: each writes its JSON to a stream. */
  private final AtomicInteger digests = new AtomicInteger();
  private final ObjectMapper counting = new ObjectMapper(new JsonFactory() {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonGenerator createGenerator(OutputStream out, JsonEncoding enc) throws IOException {
      digests.incrementAndGet();
      return super.createGenerator(out, enc);
    }
  });
  private final BrokerServices services = new BrokerServices(null, counting,
      new Fingerprints(counting.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)),
      null, null, null, null, null, null, null, RequestLogLimits.on(Clock.systemUTC()), null,
      false, null, 1000);

  private static StoredOperation runningUpdate(String fingerprint) {
    Instant now = Instant.now();
    return StoredOperation.start("op-1", "inst-1", null, OperationType.UPDATE, fingerprint,
        "other-replica", now.plusSeconds(60), "req-0", "{}", now);
  }

  @Test
  void askingAgainAboutAnotherUpdateMakesNoFingerprintAgain() {
    UpdateFingerprint request = UpdateFingerprint.of(services, "req-1", "svc-1", "plan-a", null,
        "1.0.0", null, false);
    StoredOperation other = runningUpdate("another-update/sync");

    assertThat(request.sameUpdate(other)).isFalse();
    int afterFirstQuestion = digests.get();
    for (int i = 0; i < 5; i++) {
      assertThat(request.sameUpdate(other)).isFalse();
    }

    assertThat(digests.get()).as("digests made by the questions after the first")
        .isEqualTo(afterFirstQuestion);
  }
}
