package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When the kit can mint IAM tokens (an IAM simulator the broker trusts), it sends expired
 * tokens, tokens signed with a foreign key and tokens of an identity that is not allowed.
 */
class IamConformanceRulesTest {
  private static final String NOT_ALLOWED = "iam-ServiceId-osb-conformance-not-allowed";

  private static SuiteResult runAuthRules(IamSimulator iam, Set<String> allowed) {
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    Broker broker = Broker.builder(new BrokerIamHttpTest.HelloBroker())
        .authenticator(IamAuthenticator.builder(config).allowedIdentities(allowed).build())
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
}
