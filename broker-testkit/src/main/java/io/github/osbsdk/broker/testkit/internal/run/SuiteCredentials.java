package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbClientBuilder;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.internal.check.IamProbes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a conformance run authenticates, as {@code ConformanceSuite.Builder} was told, and the
 * clients it makes of that: the run's own client, the clients with wrong credentials the
 * {@code auth.*} rules send, and the IAM simulator's probes. Immutable.
 */
public final class SuiteCredentials {
  private enum Kind { NONE, BASIC, BEARER, IAM, IAM_SIMULATOR }

  private final Kind kind;
  private final String user;
  private final String secret;
  private final URI iamUrl;
  private final IamSimulator simulator;

  private SuiteCredentials(Kind kind, String user, String secret, URI iamUrl,
      IamSimulator simulator) {
    this.kind = kind;
    this.user = user;
    this.secret = secret;
    this.iamUrl = iamUrl;
    this.simulator = simulator;
  }

  /** @return no credentials: no {@code Authorization} header */
  public static SuiteCredentials none() {
    return new SuiteCredentials(Kind.NONE, null, null, null, null);
  }

  /**
   * Basic auth.
   *
   * @param username the user
   * @param password the password
   * @return the credentials
   */
  public static SuiteCredentials basic(String username, String password) {
    return new SuiteCredentials(Kind.BASIC, Objects.requireNonNull(username, "username == null"),
        Objects.requireNonNull(password, "password == null"), null, null);
  }

  /**
   * A bearer token.
   *
   * @param token the token
   * @return the credentials
   */
  public static SuiteCredentials bearer(String token) {
    return new SuiteCredentials(Kind.BEARER, null,
        Objects.requireNonNull(token, "token == null"), null, null);
  }

  /**
   * An IBM Cloud API key exchanged for an IAM token.
   *
   * @param iamUrl the IAM base URL, checked by the caller
   * @param apiKey the API key
   * @return the credentials
   */
  public static SuiteCredentials iamApiKey(URI iamUrl, String apiKey) {
    return new SuiteCredentials(Kind.IAM, null, Objects.requireNonNull(apiKey, "apiKey == null"),
        Objects.requireNonNull(iamUrl, "iamUrl == null"), null);
  }

  /**
   * Tokens the kit mints with an IAM simulator the broker trusts.
   *
   * @param simulator the simulator
   * @param allowedIamId an {@code iam_id} the broker allows
   * @return the credentials
   */
  public static SuiteCredentials iamSimulator(IamSimulator simulator, String allowedIamId) {
    return new SuiteCredentials(Kind.IAM_SIMULATOR, null,
        Objects.requireNonNull(allowedIamId, "allowedIamId == null"), null,
        Objects.requireNonNull(simulator, "simulator == null"));
  }

  /**
   * The clients of a run.
   *
   * @param main the run's client, described for reports
   * @param wrong clients with wrong credentials, each described; empty without credentials
   * @param iamProbes the IAM simulator's probes by rule; empty unless with a simulator
   */
  public record Clients(OsbClient main, List<OsbClient> wrong, Map<Rule, OsbClient> iamProbes) {}

  /**
   * Makes the clients of a run.
   *
   * @param urls the base URLs, at least one
   * @param apiVersion the {@code X-Broker-API-Version} to send
   * @param timeout the request timeout
   * @return the clients
   */
  public Clients clients(List<URI> urls, String apiVersion, Duration timeout) {
    OsbClientBuilder cb = OsbClient.builder(urls.get(0)).apiVersion(apiVersion).timeout(timeout);
    OsbClientBuilder wb = OsbClient.builder(urls.get(0)).apiVersion(apiVersion).timeout(timeout);
    for (URI replica : urls.subList(1, urls.size())) {
      cb.replica(replica);
      wb.replica(replica);
    }
    List<OsbClient> wrong = new ArrayList<>();
    Map<Rule, OsbClient> iamProbes = new EnumMap<>(Rule.class);
    switch (kind) {
      case BASIC -> {
        cb.basicAuth(user, secret);
        wrong.add(wb.basicAuth(user, secret + "-wrong").build()
            .described("right user, wrong password"));
        wrong.add(wb.basicAuth(user + "-wrong", secret).build()
            .described("wrong user, right password"));
      }
      case BEARER -> {
        cb.bearer(secret);
        wrong.add(wb.bearer("osb-conformance-invalid-token").build()
            .described("a malformed bearer token"));
      }
      case IAM -> {
        cb.iamApiKey(iamUrl, secret);
        wrong.add(wb.bearer("osb-conformance-invalid-token").build()
            .described("a malformed bearer token"));
      }
      case IAM_SIMULATOR -> {
        cb.bearer(simulator.token().iamId(secret).expiresIn(Duration.ofHours(6)).sign());
        wrong.add(wb.bearer("osb-conformance-invalid-token").build()
            .described("a malformed bearer token"));
        iamProbes.putAll(IamProbes.clients(simulator, secret, wb));
      }
      case NONE -> { }
    }
    return new Clients(cb.build().described(description()), wrong, iamProbes);
  }

  /** @return what the credentials are, for messages (never the secret); empty: none */
  String description() {
    return switch (kind) {
      case BASIC -> "basic auth as '" + user + "'";
      case BEARER -> "the bearer token";
      case IAM -> "an IAM token for the API key";
      case IAM_SIMULATOR -> "a token of " + secret + " minted by the kit's IAM simulator"
          + " (is the broker's IAM URL the simulator's, and the identity allowed?)";
      case NONE -> "";
    };
  }
}
