package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests against one IAM simulator per test class, which knows the API key {@value #API_KEY} of
 * the service ID {@value #SERVICE_ID}; before each test its faults and counters are reset, its
 * tokens live an hour, and the test gets a fresh {@link #config} (with
 * {@link #requestTimeout()}) and {@link #clock}.
 */
abstract class WithIamSimulator {
  static final String SERVICE_ID = "iam-ServiceId-broker";
  static final String API_KEY = "good-key";
  static IamSimulator iam;
  IamConfig config;
  TestClock clock;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey(API_KEY, SERVICE_ID);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void resetIam() {
    iam.faults().reset();
    iam.resetCounters();
    iam.tokenLifetime(Duration.ofHours(1));
    config = IamConfig.builder().iamUrl(iam.baseUrl()).requestTimeout(requestTimeout())
        .build();
    clock = new TestClock();
  }

  /** The request timeout of {@link #config}: 2 s unless a test class needs another. */
  Duration requestTimeout() {
    return Duration.ofSeconds(2);
  }
}
