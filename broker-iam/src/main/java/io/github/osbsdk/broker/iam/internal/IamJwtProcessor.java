package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Nimbus's {@link DefaultJWTProcessor} configured for IAM: RS256 keys by {@code kid}
 * ({@link Rs256KeySelector}), IAM's claim rules ({@link IamClaimsVerifier}), the default
 * {@code typ} rule. One step differs: the claims are read with a strict Jackson reader (unique
 * member names at every depth, nothing after the object) instead of Nimbus's lenient one, and
 * handed to Nimbus as a {@link JWTClaimsSet}; so a token's claims are read once, by the reader
 * that refuses ambiguous JSON, and the processor still checks the signature over exactly those
 * bytes before the claims are verified and used.
 */
final class IamJwtProcessor extends DefaultJWTProcessor<SecurityContext> {
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final ObjectReader CLAIMS = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .readerFor(new TypeReference<Map<String, Object>>() { });

  /**
   * Configures the processor.
   *
   * @param keys IAM's key source
   * @param issuer the exact expected {@code iss}
   * @param leeway the allowed clock skew
   * @param clock the clock
   */
  IamJwtProcessor(JWKSource<SecurityContext> keys, String issuer, Duration leeway, Clock clock) {
    setJWSKeySelector(new Rs256KeySelector(keys));
    setJWTClaimsSetVerifier(new IamClaimsVerifier(issuer, leeway, clock));
  }

  @Override
  protected JWTClaimsSet extractJWTClaimsSet(JWT jwt) throws BadJWTException {
    Base64URL[] parts = jwt.getParsedParts();
    if (parts == null || parts.length != 3) {
      throw new BadJWTException("the token is not a compact JWS");
    }
    Map<String, Object> claims;
    try { // the part was checked to be canonical Base64url before parsing
      claims = CLAIMS.readValue(B64URL.decode(parts[1].toString()));
    } catch (IOException | IllegalArgumentException e) {
      throw new BadJWTException("the token claims are malformed", e);
    }
    if (claims == null) {
      throw new BadJWTException("the token claims are not an object");
    }
    try {
      return JWTClaimsSet.parse(claims);
    } catch (ParseException e) {
      throw new BadJWTException("the token claims are malformed", e);
    }
  }
}
