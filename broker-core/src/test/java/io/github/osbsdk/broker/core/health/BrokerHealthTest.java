package io.github.osbsdk.broker.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BrokerHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store whose every method, check() included, says it is unreachable. */
  static BrokerStore downStore() {
    return StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      throw new StoreUnavailableException("connection refused to db.internal:5432", null);
    });
  }

  @Test
  void everyComponentUpIsUpWith200() throws Exception {
    HealthReport r = BrokerHealth.builder()
        .component("store", HealthCheck.store(new InMemoryBrokerStore()))
        .component("other", () -> ComponentHealth.up(Map.of("depth", 3)))
        .build().check();
    assertThat(r.isUp()).isTrue();
    assertThat(r.httpStatus()).isEqualTo(200);
    JsonNode json = JSON.readTree(r.toJson());
    assertThat(json.path("status").asText()).isEqualTo("UP");
    assertThat(json.path("components").path("store").path("status").asText()).isEqualTo("UP");
    assertThat(json.path("components").path("store").path("details").path("type").asText())
        .isEqualTo("InMemoryBrokerStore");
    assertThat(json.path("components").path("other").path("details").path("depth").asInt())
        .isEqualTo(3);
  }

  @Test
  void reportJsonHoldsOnlyTheDocumentedStatusAndComponents() throws Exception {
    HealthReport r = BrokerHealth.builder()
        .component("store", HealthCheck.store(new InMemoryBrokerStore()))
        .build().check();
    JsonNode json = JSON.readTree(r.toJson());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("status", "components");
  }

  @Test
  void storeThatDoesNotAnswerIsDownWith503AndNoMessageInTheReport() throws Exception {
    HealthReport r = BrokerHealth.builder()
        .component("store", HealthCheck.store(downStore()))
        .component("other", () -> ComponentHealth.up(Map.of()))
        .build().check();
    assertThat(r.isUp()).isFalse();
    assertThat(r.httpStatus()).isEqualTo(503);
    JsonNode json = JSON.readTree(r.toJson());
    assertThat(json.path("status").asText()).isEqualTo("DOWN");
    assertThat(json.path("components").path("store").path("status").asText()).isEqualTo("DOWN");
    assertThat(json.path("components").path("store").path("details").path("error").asText())
        .isEqualTo("StoreUnavailableException");
    assertThat(r.toJson()).doesNotContain("db.internal");
    assertThat(json.path("components").path("other").path("status").asText()).isEqualTo("UP");
    assertThat(json.path("components").path("other").has("details")).isFalse();
  }

  @Test
  void aCheckReturningDownOrNullMakesTheBrokerDown() {
    assertThat(BrokerHealth.builder().component("x", () -> ComponentHealth.down(Map.of()))
        .build().check().isUp()).isFalse();
    assertThat(BrokerHealth.builder().component("x", () -> null).build().check().isUp())
        .isFalse();
    assertThat(BrokerHealth.builder().build().check().isUp()).isTrue();
  }

  @Test
  void aCheckThrowingACheckedExceptionIsDownLikeAnyOtherFailure() throws Exception {
    // what a check written in Kotlin (no checked exceptions) throws when JDBC fails
    HealthReport r = BrokerHealth.builder()
        .component("db", () -> sneakyThrow(new SQLException("connect to db.internal failed")))
        .component("other", () -> ComponentHealth.up(Map.of()))
        .build().check();
    assertThat(r.httpStatus()).isEqualTo(503);
    JsonNode json = JSON.readTree(r.toJson());
    assertThat(json.path("components").path("db").path("details").path("error").asText())
        .isEqualTo("SQLException");
    assertThat(json.path("components").path("other").path("status").asText()).isEqualTo("UP");
    assertThat(r.toJson()).doesNotContain("db.internal");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> ComponentHealth sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void componentNamesAreUniqueAndComponentsKeepTheirOrder() {
    assertThatThrownBy(() -> BrokerHealth.builder().component("a", () -> null)
        .component("a", () -> null)).isInstanceOf(IllegalArgumentException.class);
    HealthReport r = BrokerHealth.builder()
        .component("z", () -> ComponentHealth.up(null))
        .component("a", () -> ComponentHealth.up(null)).build().check();
    assertThat(r.components().keySet()).containsExactly("z", "a");
  }

  @Test
  void checksThatDoNotAnswerAreDownAtTheDeadlineAndRunSideBySide() {
    // before: the checks ran one after the other, each as long as it took (two stores waiting
    // out a 5 s connection timeout made a 10 s answer to a probe that waits 1 s)
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HealthCheck hanging = () -> {
      started.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ComponentHealth.up(null);
    };
    BrokerHealth health = BrokerHealth.builder().component("store", hanging)
        .component("metering", hanging).component("other", () -> ComponentHealth.up(null))
        .build(); // the default deadline, 800 ms
    try {
      HealthReport r = assertTimeoutPreemptively(Duration.ofSeconds(20), health::check);
      assertThat(r.httpStatus()).isEqualTo(503);
      assertThat(r.components().get("store").details())
          .containsEntry("error", "no answer within 800 ms");
      assertThat(r.components().get("metering").details())
          .containsEntry("error", "no answer within 800 ms");
      assertThat(r.components().get("other").status()).isEqualTo(HealthStatus.UP);
      assertThat(started.get()).isEqualTo(2);
      // a check still running is waited for again, not started a second time
      assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), health::check).isUp())
          .isFalse();
      assertThat(started.get()).isEqualTo(2);
    } finally {
      release.countDown();
    }
    Await.until(() -> health.check().isUp(), "the checks answered");
  }

  @Test
  void aStoreThatAnswersButRefusesWritesIsDownAsReadOnly() {
    // before: UP, while every write failed with SQLState 25006
    BrokerStore readOnly = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) ->
        method.getName().equals("readOnly") ? Boolean.TRUE : target.proceed(args));
    ComponentHealth h = HealthCheck.store(readOnly).check();
    assertThat(h.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.details()).containsEntry("error", "read-only");
    assertThat(h.details().get("reason").toString()).contains("refuses every write");
  }

  @Test
  void aTimeoutBelowOneMillisecondIsRefused() {
    assertThatThrownBy(() -> BrokerHealth.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
