package io.github.osbsdk.broker.testkit.iam;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/** Verifies tokens the way a broker would: with the key the JWKS publishes under the kid. */
final class Verification {

    private Verification() {
    }

    /** Returns whether the token's signature verifies with the published key named by its kid. */
    static boolean verifiesWithPublishedKey(IamSimulator iam, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet keys = JWKSet.parse(SimHttp.get(iam.url(IamEndpoint.KEYS)).body());
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || keys.getKeyByKeyId(kid) == null) {
            return false;
        }
        RSAKey key = (RSAKey) keys.getKeyByKeyId(kid);
        return jwt.verify(new RSASSAVerifier(key));
    }
}
