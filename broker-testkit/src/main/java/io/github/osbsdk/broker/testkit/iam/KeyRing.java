package io.github.osbsdk.broker.testkit.iam;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The simulator's RSA signing keys: one current key plus older keys still published. */
final class KeyRing {

    private static final DateTimeFormatter KID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final AtomicInteger sequence = new AtomicInteger();
    private volatile List<RSAKey> keys; // newest first; index 0 signs

    KeyRing() {
        keys = List.of(generate());
    }

    RSAKey current() {
        return keys.get(0);
    }

    synchronized RSAKey rotate() {
        List<RSAKey> next = new ArrayList<>(keys.size() + 1);
        next.add(generate());
        next.addAll(keys);
        keys = List.copyOf(next);
        return next.get(0);
    }

    synchronized void retireOld() {
        keys = List.of(keys.get(0));
    }

    /** The public keys as IAM publishes them: kid, alg, kty, n, e (no use). */
    JWKSet publicJwks() {
        List<JWK> published = new ArrayList<>();
        for (RSAKey key : keys) {
            published.add(key.toPublicJWK());
        }
        return new JWKSet(published);
    }

    /**
     * Verifies a token signed by one of the published keys and not expired.
     *
     * @return the claims, or empty when the token is malformed, unsigned by us, expired or from
     *     another issuer
     */
    Optional<JWTClaimsSet> verify(String token, String issuer) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            String kid = jwt.getHeader().getKeyID();
            for (RSAKey key : keys) {
                if (kid != null && !kid.equals(key.getKeyID())) {
                    continue;
                }
                if (jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                    JWTClaimsSet claims = jwt.getJWTClaimsSet();
                    Date exp = claims.getExpirationTime();
                    if (exp == null || !exp.toInstant().isAfter(Instant.now())
                            || !issuer.equals(claims.getIssuer())) {
                        return Optional.empty();
                    }
                    return Optional.of(claims);
                }
            }
            return Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private RSAKey generate() {
        String kid = KID_TIME.format(Instant.now()) + "-" + sequence.incrementAndGet();
        try {
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
