package io.github.osbsdk.broker.testkit.iam;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds and signs an RS256 access token shaped like the ones IBM Cloud IAM issues; obtained
 * from {@link IamSimulator#token()}.
 *
 * <p>Without further calls the token belongs to {@link IamSimulator#DEFAULT_SERVICE_ID}, is
 * issued now by {@link IamSimulator#issuer()}, lives for {@link IamSimulator#tokenLifetime()},
 * carries the {@code kid} of {@link IamSimulator#currentKey()} (header {@code {kid, alg}}, no
 * {@code typ}, as IAM's) and is signed with that key, so a
 * verifier using the simulator's JWKS accepts it. It carries the claims IAM issues:
 * {@code iam_id}, {@code id}, {@code sub}, {@code realmid}, {@code identifier}, {@code sub_type}
 * (service IDs and profiles), {@code account: {bss}}, {@code scope}, {@code client_id},
 * {@code grant_type}, {@code iss}, {@code iat}, {@code exp} and {@code jti}; there is no
 * {@code aud}. {@link #iamId(String)} derives {@code id}, {@code sub}, {@code realmid},
 * {@code identifier} and {@code sub_type} from the IAM id unless they are set explicitly.
 *
 * <p>For negative tests every claim can be overridden ({@link #claim(String, Object)}) or
 * removed ({@link #withoutClaim(String)}), the header {@code kid} changed or dropped, and the
 * token signed with a foreign key ({@link #signWith(RSAKey)}). A builder is not thread-safe.
 */
public final class IamTokenBuilder {

    private final Supplier<RSAKey> simulatorKey;
    private final Map<String, Object> explicit = new LinkedHashMap<>();
    private final Set<String> removed = new HashSet<>();
    private String iamId = IamSimulator.DEFAULT_SERVICE_ID;
    private String accountId = IamSimulator.DEFAULT_ACCOUNT_ID;
    private String scope = "ibm openid";
    private String clientId = "default";
    private String grantType = IamSimulator.API_KEY_GRANT;
    private String issuer;
    private Instant issuedAt;
    private Instant notBefore;
    /** The latest and earliest {@code exp} a token gets from {@link #expiresIn(Duration)}. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Instant EARLIEST = Instant.EPOCH;

    private Duration expiresIn;
    private Instant expiresAt;
    private RSAKey signingKey;
    private String kid;
    private boolean withoutKid;

    IamTokenBuilder(Supplier<RSAKey> simulatorKey, String issuer, Duration lifetime) {
        this.simulatorKey = simulatorKey;
        this.issuer = issuer;
        this.expiresIn = lifetime;
    }

    /**
     * Sets the caller's IAM id ({@code iam_id}), e.g. {@code iam-ServiceId-<uuid>},
     * {@code crn-<crn>} or {@code IBMid-<id>}; {@code id}, {@code sub}, {@code realmid},
     * {@code identifier} and {@code sub_type} follow from it unless set explicitly.
     *
     * @param iamId the IAM id
     * @return this builder
     */
    public IamTokenBuilder iamId(String iamId) {
        this.iamId = Objects.requireNonNull(iamId, "iamId == null");
        return this;
    }

    /**
     * Sets the {@code sub} claim instead of deriving it from the IAM id.
     *
     * @param subject the subject
     * @return this builder
     */
    public IamTokenBuilder subject(String subject) {
        return claim("sub", Objects.requireNonNull(subject, "subject == null"));
    }

    /**
     * Sets the account id ({@code account.bss}).
     *
     * @param accountId the account id
     * @return this builder
     */
    public IamTokenBuilder accountId(String accountId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId == null");
        return this;
    }

    /**
     * Sets the {@code scope} claim (default {@code "ibm openid"}).
     *
     * @param scope space-separated scopes
     * @return this builder
     */
    public IamTokenBuilder scope(String scope) {
        this.scope = Objects.requireNonNull(scope, "scope == null");
        return this;
    }

    /**
     * Sets the {@code client_id} claim (default {@code "default"}, as for API-key tokens).
     *
     * @param clientId the OAuth client id
     * @return this builder
     */
    public IamTokenBuilder clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId == null");
        return this;
    }

    /**
     * Sets the {@code grant_type} claim (default the API-key grant type).
     *
     * @param grantType the grant type
     * @return this builder
     */
    public IamTokenBuilder grantType(String grantType) {
        this.grantType = Objects.requireNonNull(grantType, "grantType == null");
        return this;
    }

    /**
     * Sets the {@code iss} claim (default {@link IamSimulator#issuer()}).
     *
     * @param issuer the issuer
     * @return this builder
     */
    public IamTokenBuilder issuer(String issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer == null");
        return this;
    }

    /**
     * Sets the {@code iat} claim (default now); the expiry counts from it unless
     * {@link #expiresAt(Instant)} is set.
     *
     * @param issuedAt the issue time (truncated to seconds)
     * @return this builder
     */
    public IamTokenBuilder issuedAt(Instant issuedAt) {
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt == null");
        return this;
    }

    /**
     * Adds an {@code nbf} claim (IAM tokens normally have none).
     *
     * @param notBefore the time before which the token is not valid
     * @return this builder
     */
    public IamTokenBuilder notBefore(Instant notBefore) {
        this.notBefore = Objects.requireNonNull(notBefore, "notBefore == null");
        return this;
    }

    /**
     * Sets the lifetime: {@code exp = iat + expiresIn}; negative values give an expired token.
     * A lifetime beyond the year 9999 (or before 1970) is capped there.
     *
     * @param expiresIn the lifetime
     * @return this builder
     */
    public IamTokenBuilder expiresIn(Duration expiresIn) {
        this.expiresIn = Objects.requireNonNull(expiresIn, "expiresIn == null");
        this.expiresAt = null;
        return this;
    }

    /**
     * Sets {@code exp} to an absolute time (e.g. in the past for an expired token).
     *
     * @param expiresAt the expiry (truncated to seconds)
     * @return this builder
     */
    public IamTokenBuilder expiresAt(Instant expiresAt) {
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt == null");
        return this;
    }

    /**
     * Sets any claim, overriding the simulator's value; {@code null} removes the claim. Values
     * may be strings, numbers, booleans, lists, maps or {@link java.util.Date}s (written as
     * seconds since the epoch).
     *
     * @param name the claim name
     * @param value the value, or {@code null} to remove the claim
     * @return this builder
     */
    public IamTokenBuilder claim(String name, Object value) {
        Objects.requireNonNull(name, "name == null");
        if (value == null) {
            return withoutClaim(name);
        }
        removed.remove(name);
        explicit.put(name, value);
        return this;
    }

    /**
     * Leaves a claim out of the token, including ones the simulator sets by default such as
     * {@code exp} or {@code iam_id}.
     *
     * @param name the claim name
     * @return this builder
     */
    public IamTokenBuilder withoutClaim(String name) {
        Objects.requireNonNull(name, "name == null");
        explicit.remove(name);
        removed.add(name);
        return this;
    }

    /**
     * Sets the {@code kid} header to a value of your choice, e.g. one no published key has.
     *
     * @param kid the key id to put in the header
     * @return this builder
     */
    public IamTokenBuilder kid(String kid) {
        this.kid = Objects.requireNonNull(kid, "kid == null");
        this.withoutKid = false;
        return this;
    }

    /**
     * Leaves the {@code kid} header out.
     *
     * @return this builder
     */
    public IamTokenBuilder withoutKid() {
        this.withoutKid = true;
        this.kid = null;
        return this;
    }

    /**
     * Signs with another private key instead of the simulator's current key (e.g. a key made
     * with {@code new RSAKeyGenerator(2048).keyID("foreign").generate()}); the header carries
     * that key's {@code kid} unless {@link #kid(String)} or {@link #withoutKid()} is used.
     *
     * @param privateKey an RSA key including its private part
     * @return this builder
     */
    public IamTokenBuilder signWith(RSAKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey == null");
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("signWith needs a private RSA key");
        }
        this.signingKey = privateKey;
        return this;
    }

    /**
     * Builds the claims and signs the token with RS256.
     *
     * @return the compact serialized JWT
     */
    public String sign() {
        RSAKey key = signingKey != null ? signingKey : simulatorKey.get();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
        if (!withoutKid) {
            header.keyID(kid != null ? kid : key.getKeyID());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** {@code iat + lifetime}, capped to the years 0 to 9999 that a JWT's dates can hold. */
    private static Instant plusCapped(Instant iat, Duration lifetime) {
        try {
            Instant exp = iat.plus(lifetime);
            return exp.isAfter(LATEST) ? LATEST : exp.isBefore(EARLIEST) ? EARLIEST : exp;
        } catch (DateTimeException | ArithmeticException e) {
            return lifetime.isNegative() ? EARLIEST : LATEST;
        }
    }

    private JWTClaimsSet claims() {
        Instant iat = (issuedAt != null ? issuedAt : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        Instant exp = expiresAt != null ? expiresAt : plusCapped(iat, expiresIn);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iam_id", iamId);
        all.put("id", iamId);
        IamIdentity.derive(iamId).forEach(all::put);
        all.put("account", Map.of("bss", accountId));
        all.put("iat", Date.from(iat));
        all.put("exp", Date.from(exp.truncatedTo(ChronoUnit.SECONDS)));
        if (notBefore != null) {
            all.put("nbf", Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)));
        }
        all.put("iss", issuer);
        all.put("grant_type", grantType);
        all.put("scope", scope);
        all.put("client_id", clientId);
        all.put("jti", UUID.randomUUID().toString());
        all.putAll(explicit);
        removed.forEach(all::remove);
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        all.forEach(builder::claim);
        return builder.build();
    }
}
