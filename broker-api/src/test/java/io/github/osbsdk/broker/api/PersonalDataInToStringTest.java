package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The caller and the originating identity, which every request's {@code toString} shows through
 * its {@link RequestContext}, show the keys of their claims and properties but never their
 * values: a token's claims and an originating identity carry a user's name, e-mail address and
 * groups.
 */
class PersonalDataInToStringTest {
  private static final AuthenticatedCaller CALLER = new AuthenticatedCaller("bearer",
      "IBMid-1", "acct-1", "ibm openid", Map.of("email", "jane@example.com", "name", "Jane Doe"));
  private static final OriginatingIdentity IDENTITY = new OriginatingIdentity("kubernetes",
      Map.of("username", "jane", "groups", List.of("admins"), "extra", Map.of("k", "secret-v")));

  @Test
  void aCallersClaimValuesAreMaskedItsIdentityShown() {
    assertThat(CALLER.toString()).contains("scheme=bearer", "id=IBMid-1", "accountId=acct-1",
        "scope=ibm openid", "email=***", "name=***")
        .doesNotContain("jane@example.com", "Jane Doe");
  }

  @Test
  void anOriginatingIdentitysPropertyValuesAreMaskedItsPlatformShown() {
    assertThat(IDENTITY.toString()).contains("platform=kubernetes", "username=***",
        "groups=***", "extra=***").doesNotContain("jane", "admins", "secret-v");
  }

  @Test
  void aRequestContextShowsNeither() {
    RequestContext context = new RequestContext("req-1", ApiVersion.LATEST, IDENTITY, null,
        CALLER, null, null);

    assertThat(context.toString()).contains("req-1")
        .doesNotContain("jane", "Jane Doe", "admins", "secret-v");
  }

  @Test
  void valuesStillCompareByTheirContent() {
    assertThat(new AuthenticatedCaller("bearer", "IBMid-1", "acct-1", "ibm openid",
        Map.of("email", "jane@example.com", "name", "Jane Doe"))).isEqualTo(CALLER)
        .hasSameHashCodeAs(CALLER);
    assertThat(new AuthenticatedCaller("bearer", "IBMid-1", "acct-1", "ibm openid",
        Map.of("email", "john@example.com", "name", "Jane Doe"))).isNotEqualTo(CALLER);
  }
}
