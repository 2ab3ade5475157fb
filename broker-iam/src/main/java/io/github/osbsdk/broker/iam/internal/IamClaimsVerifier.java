package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;

/**
 * The claim checks of an IAM access token, run by Nimbus's processor once the signature passed:
 * {@code exp} required and not passed, {@code nbf} and {@code iat} (each only when present) not
 * in the future, all with the configured leeway and clock; {@code iss} exactly the configured
 * issuer. IAM tokens carry no {@code aud}. Each refusal is a {@link Refusal} whose message is
 * ours and token-free, safe to return to the client.
 */
final class IamClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  /** A claim check that failed; the message names the rule, never a claim value. */
  static final class Refusal extends BadJWTException {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message);
    }
  }

  private final String issuer;
  private final long leewayMillis;
  private final Clock clock;

  /**
   * Creates the verifier.
   *
   * @param issuer the exact expected {@code iss}
   * @param leeway the allowed clock skew
   * @param clock the clock
   */
  IamClaimsVerifier(String issuer, Duration leeway, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer == null");
    this.leewayMillis = leeway.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    long now = clock.millis();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Refusal("the token has no expiry");
    }
    if (now >= exp.getTime() + leewayMillis) {
      throw new Refusal("the token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now + leewayMillis < nbf.getTime()) {
      throw new Refusal("the token is not valid yet");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now + leewayMillis < iat.getTime()) {
      throw new Refusal("the token is issued in the future");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new Refusal("the token issuer is not accepted");
    }
  }
}
