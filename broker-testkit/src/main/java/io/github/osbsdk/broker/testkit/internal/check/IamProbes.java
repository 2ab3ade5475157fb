package io.github.osbsdk.broker.testkit.internal.check;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbClientBuilder;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The tokens a broker validating against IAM must refuse, minted with an IAM simulator. */
public final class IamProbes {
  /** An identity no broker allows. */
  static final String NOT_ALLOWED = "iam-ServiceId-osb-conformance-not-allowed";

  private IamProbes() {}

  /**
   * @param simulator the IAM simulator the broker trusts
   * @param allowedIamId an identity the broker allows
   * @param builder a client builder for the broker (its credentials are replaced)
   * @return one client per {@code iam.*} rule, each sending the token that rule checks
   */
  public static Map<Rule, OsbClient> clients(IamSimulator simulator, String allowedIamId,
      OsbClientBuilder builder) {
    Map<Rule, OsbClient> probes = new EnumMap<>(Rule.class);
    Instant now = Instant.now();
    String expired = simulator.token().iamId(allowedIamId)
        .issuedAt(now.minus(Duration.ofHours(3))).notBefore(now.minus(Duration.ofHours(3)))
        .expiresAt(now.minus(Duration.ofHours(2))).sign();
    probes.put(Rule.IAM_EXPIRED_TOKEN, builder.bearer(expired).build()
        .described("a token of an allowed identity that expired 2 hours ago"));
    String foreign = simulator.token().iamId(allowedIamId).signWith(foreignKey(simulator))
        .sign();
    probes.put(Rule.IAM_FOREIGN_KEY, builder.bearer(foreign).build()
        .described("a token signed with a foreign key under IAM's current kid"));
    probes.put(Rule.IAM_IDENTITY_NOT_ALLOWED, builder.bearer(simulator.token()
        .iamId(NOT_ALLOWED).sign()).build()
        .described("a valid token of identity " + NOT_ALLOWED + ", which is not allowed"));
    return probes;
  }

  private static RSAKey foreignKey(IamSimulator simulator) {
    try {
      return new RSAKeyGenerator(2048).keyID(simulator.currentKey().getKeyID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }
}
