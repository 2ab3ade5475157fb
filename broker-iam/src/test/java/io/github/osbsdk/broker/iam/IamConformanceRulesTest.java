package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * When the kit can mint IAM tokens (an IAM simulator the broker trusts), it sends expired
 * tokens, tokens signed with a foreign key and tokens of an identity that is not allowed.
 */
class IamConformanceRulesTest {
  private static final String NOT_ALLOWED = "iam-ServiceId-osb-conformance-not-allowed";

  private static SuiteResult runAuthRules(IamSimulator iam, Set<String> allowed) {
    return runAuthRules(iam, allowed, auth -> auth);
  }

  private static SuiteResult runAuthRules(IamSimulator iam, Set<String> allowed,
      UnaryOperator<Authenticator> breaker) {
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    Broker broker = Broker.builder(new BrokerIamHttpTest.HelloBroker())
        .authenticator(breaker.apply(
            IamAuthenticator.builder(config).allowedIdentities(allowed).build()))
        .build();
    try (TestServer server = new TestServer().start(broker.singletons())) {
      return ConformanceSuite.builder().url(server.base)
          .iamSimulator(iam, BrokerIamHttpTest.CALLER)
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.startsWith("iam.") && !id.startsWith("auth."))
              .toArray(String[]::new))
          .build().run();
    }
  }

  @Test
  void iamBrokerRefusesExpiredForeignAndNotAllowedTokens() {
    try (IamSimulator iam = IamSimulator.start()) {
      SuiteResult result = runAuthRules(iam, Set.of(BrokerIamHttpTest.CALLER));
      assertThat(result.failed()).as(result::report).isZero();
      assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("iam."))
          .hasSize(3).allMatch(CheckResult::isPassed);
    }
  }

  @Test
  void brokerAllowingEveryIdentityFailsIdentityNotAllowedOnly() {
    try (IamSimulator iam = IamSimulator.start()) {
      SuiteResult result = runAuthRules(iam, Set.of(BrokerIamHttpTest.CALLER, NOT_ALLOWED));
      assertThat(result.failedRuleIds()).containsExactly("iam.identity-not-allowed");
    }
  }

  /**
   * A broken authenticator: accepts a bearer token the real one refused when {@code lets} says
   * so about the token's (unverified) claims.
   */
  private static UnaryOperator<Authenticator> accepting(Predicate<JsonNode> lets) {
    return real -> new Authenticator() {
      @Override
      public AuthenticatedCaller authenticate(String authorization) {
        try {
          return real.authenticate(authorization);
        } catch (ServiceBrokerException e) {
          String[] parts = authorization == null ? new String[0]
              : authorization.replaceFirst("^Bearer ", "").split("\\.");
          if (parts.length == 3) {
            try {
              JsonNode claims = new ObjectMapper().readTree(
                  Base64.getUrlDecoder().decode(parts[1]));
              if (lets.test(claims)) {
                return AuthenticatedCaller.of("bearer", claims.path("iam_id").asText());
              }
            } catch (IOException | IllegalArgumentException ignored) {
              // not a JWT: refused as the real authenticator said
            }
          }
          throw e;
        }
      }

      @Override
      public String challenge() {
        return real.challenge();
      }
    };
  }

  @Test
  void authenticatorIgnoringExpiryFailsExpiredTokenOnly() {
    try (IamSimulator iam = IamSimulator.start()) {
      SuiteResult result = runAuthRules(iam, Set.of(BrokerIamHttpTest.CALLER), accepting(
          claims -> claims.path("exp").asLong() < Instant.now().getEpochSecond()));
      assertThat(result.failedRuleIds()).containsExactly("iam.expired-token");
    }
  }

  @Test
  void authenticatorNotVerifyingSignaturesFailsForeignKeyOnly() {
    try (IamSimulator iam = IamSimulator.start()) {
      SuiteResult result = runAuthRules(iam, Set.of(BrokerIamHttpTest.CALLER), accepting(
          claims -> claims.path("exp").asLong() > Instant.now().getEpochSecond()
              && BrokerIamHttpTest.CALLER.equals(claims.path("iam_id").asText())));
      assertThat(result.failedRuleIds()).containsExactly("iam.foreign-key");
    }
  }

  @Test
  void cliWithItsOwnIamSimulatorMintsTokensAndRunsTheIamRules() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    IamConfig config = IamConfig.builder().iamUrl(java.net.URI.create("http://127.0.0.1:" + port))
        .build();
    Broker broker = Broker.builder(new BrokerIamHttpTest.HelloBroker())
        .authenticator(IamAuthenticator.builder(config)
            .allowedIdentities(Set.of(BrokerIamHttpTest.CALLER)).build())
        .build();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> !id.startsWith("iam.")).collect(java.util.stream.Collectors.joining(","));
    int code;
    try (TestServer server = new TestServer().start(broker.singletons())) {
      code = io.github.osbsdk.broker.testkit.cli.ConformanceCli.run(new String[] {
          "--url", server.base.toString(), "--iam-simulator", String.valueOf(port),
          "--iam-identity", BrokerIamHttpTest.CALLER, "--skip", others},
          new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
          new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    }
    String report = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(code).as(report).isZero();
    assertThat(report).contains("PASS  iam.expired-token").contains("PASS  iam.foreign-key")
        .contains("PASS  iam.identity-not-allowed").contains("3 passed, 0 failed");
  }
}
