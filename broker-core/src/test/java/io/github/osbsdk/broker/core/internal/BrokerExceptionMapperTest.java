package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the mapper of components registered with the broker logs of a 5xx: an ERROR, unless the
 * failure was logged where it was found ({@link RequestErrorLog#loggedInternalError}), as
 * {@code Endpoint} does.
 */
class BrokerExceptionMapperTest {
  private static final String REQUEST = "mapper-test-request";
  private final BrokerExceptionMapper mapper = new BrokerExceptionMapper(
      new ErrorResponses(JacksonConfiguration.newMapper()),
      new RequestErrorLog(Duration.ofMinutes(1), Clock.systemUTC()));

  /** The mapper's lines (the tests' SLF4J binding keeps no MDC: no request id to filter by). */
  private static List<String> mapperLines(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains(BrokerExceptionMapper.class.getName()))
        .toList();
  }

  @Test
  void a500LoggedAlreadyWhereItWasFoundIsAnsweredWithoutAnotherError() {
    try (StderrCapture log = new StderrCapture()) {
      Response r = mapper.toResponse(RequestErrorLog.loggedInternalError(REQUEST));
      assertThat(r.getStatus()).isEqualTo(500);
      assertThat(mapperLines(log)).noneMatch(l -> l.contains("ERROR"));
    }
  }

  @Test
  void a500NotLoggedBeforeLogsAnError() {
    try (StderrCapture log = new StderrCapture()) {
      Response r = mapper.toResponse(ServiceBrokerException.internalError("backend said no"));
      assertThat(r.getStatus()).isEqualTo(500);
      assertThat(mapperLines(log)).singleElement().asString().contains("ERROR")
          .contains("backend said no");
    }
  }
}
