package io.github.osbsdk.broker.testkit.iam;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An in-process IBM Cloud IAM for tests: serves the JWKS, token (API-key and
 * authorization-code grants), authorize, OpenID discovery and {@code v2/authz} endpoints over
 * real HTTP on {@code 127.0.0.1} and a random port.
 *
 * <pre>{@code
 * try (IamSimulator iam = IamSimulator.start()) {
 *     iam.registerApiKey("broker-key", "iam-ServiceId-1234");
 *     iam.permit("IBMid-5678", "my-service.dashboard.view", instanceCrn);
 *     String token = iam.token().iamId("crn-" + brokerCrn).sign();
 *     // point the code under test at iam.baseUrl()
 * }
 * }</pre>
 *
 * <p>Everything is thread-safe and may be changed while the server runs. Nothing is ever bound
 * to a non-loopback address. Tokens, keys and secrets are test material only.
 */
public final class IamSimulator implements AutoCloseable {

    /** The {@code grant_type} of the API-key grant. */
    public static final String API_KEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";

    /** The IAM id of tokens built without {@link IamTokenBuilder#iamId(String)}. */
    public static final String DEFAULT_SERVICE_ID =
            "iam-ServiceId-00000000-0000-0000-0000-000000000000";

    /** The user {@code /identity/authorize} logs in until {@link #loginAs} is called. */
    public static final String DEFAULT_USER_ID = "IBMid-0000000000";

    /** The account of tokens and users for which no account was given. */
    public static final String DEFAULT_ACCOUNT_ID = "00000000000000000000000000000000";

    private final SimulatorServer server;
    private final URI baseUrl;
    private final String issuer;
    private final KeyRing keys = new KeyRing();
    private final Registry registry = new Registry();
    private final IamFaults faults = new IamFaults();
    private final RequestLog requests = new RequestLog();
    private final Lifetimes lifetimes = new Lifetimes();

    /**
     * The longest token lifetime {@link #tokenLifetime(Duration)} takes: a year (IAM's tokens
     * live an hour; longer ones would overflow {@code expiration} and the token's {@code exp}).
     */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(365);

    /**
     * The longest authorization code lifetime {@link #authorizationCodeLifetime(Duration)} takes:
     * a day (a code is meant for one redirect round trip; IAM's live minutes).
     */
    public static final Duration MAX_AUTHORIZATION_CODE_LIFETIME = Duration.ofDays(1);

    private IamSimulator(SimulatorServer server) {
        this.server = server;
        baseUrl = URI.create("http://127.0.0.1:" + server.port());
        issuer = baseUrl + "/identity";
        server.start(this);
    }

    /**
     * Starts a simulator on {@code 127.0.0.1} and a free port, with a fresh RSA signing key.
     *
     * @return the running simulator; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public static IamSimulator start() {
        return start(0);
    }

    /**
     * Starts a simulator on {@code 127.0.0.1} and a given port, with a fresh RSA signing key: for
     * a broker started separately with {@code http://127.0.0.1:<port>} as its IAM URL (the
     * conformance CLI's {@code --iam-simulator PORT}).
     *
     * @param port the port, 0 for a free one
     * @return the running simulator; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public static IamSimulator start(int port) {
        return new IamSimulator(SimulatorServer.bind(port));
    }

    /**
     * Returns the base URL to configure as the IAM URL, e.g. {@code http://127.0.0.1:54321}
     * (no trailing slash).
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the issuer ({@code iss}) of the simulator's tokens: {@link #baseUrl()} +
     * {@code /identity}, as IAM's issuer is {@code https://iam.cloud.ibm.com/identity}.
     *
     * @return the issuer
     */
    public String issuer() {
        return issuer;
    }

    /**
     * Returns the absolute URL of an endpoint.
     *
     * @param endpoint the endpoint
     * @return {@link #baseUrl()} + the endpoint's path
     */
    public URI url(IamEndpoint endpoint) {
        return URI.create(baseUrl + endpoint.path());
    }

    /**
     * Starts building a token signed with the current key; see {@link IamTokenBuilder}.
     *
     * @return a new token builder
     */
    public IamTokenBuilder token() {
        return new IamTokenBuilder(keys::current, issuer, lifetimes.token());
    }

    /**
     * Returns a valid token for a service ID (or any IAM id), as the API-key grant would.
     *
     * @param iamId the IAM id, e.g. {@code iam-ServiceId-<uuid>}
     * @return the signed token
     */
    public String serviceIdToken(String iamId) {
        return token().iamId(Objects.requireNonNull(iamId, "iamId == null")).sign();
    }

    /**
     * Registers an API key: the API-key grant then returns a token for {@code iamId} in
     * {@link #DEFAULT_ACCOUNT_ID}. Unknown API keys get 400 {@code BXNIM0415E}.
     *
     * @param apiKey the API key
     * @param iamId the IAM id the token is issued to
     * @return this simulator
     */
    public IamSimulator registerApiKey(String apiKey, String iamId) {
        return registerApiKey(apiKey, iamId, DEFAULT_ACCOUNT_ID);
    }

    /**
     * Registers an API key for an IAM id in a given account.
     *
     * @param apiKey the API key
     * @param iamId the IAM id the token is issued to
     * @param accountId the account ({@code account.bss})
     * @return this simulator
     */
    public IamSimulator registerApiKey(String apiKey, String iamId, String accountId) {
        Objects.requireNonNull(apiKey, "apiKey == null");
        registry.registerApiKey(apiKey, new Identity(iamId, accountId));
        return this;
    }

    /**
     * Registers an OAuth client for {@code /identity/authorize} and the authorization-code grant
     * (HTTP basic client authentication), with the redirect URIs it may use, as the redirect
     * URLs of an SSO client are registered in Partner Center. Like IAM,
     * {@code /identity/authorize} refuses any other {@code redirect_uri} (exact string match) with
     * a 400 error and does not redirect to it; a client registered without redirect URIs can
     * only use the token endpoint. Registering a client again replaces it.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @param redirectUris the registered redirect URIs, e.g. the broker's
     *     {@code https://broker.example.com/dashboard/callback}
     * @return this simulator
     */
    public IamSimulator registerClient(String clientId, String clientSecret,
            URI... redirectUris) {
        registry.registerClient(clientId, clientSecret, redirectUris);
        return this;
    }

    /**
     * Sets the user that {@code /identity/authorize} logs in (without asking anything) and that
     * the authorization-code grant then issues a token for; default {@link #DEFAULT_USER_ID}.
     *
     * @param userIamId the user's IAM id, e.g. {@code IBMid-5500000ABC}
     * @param accountId the user's account
     * @return this simulator
     */
    public IamSimulator loginAs(String userIamId, String accountId) {
        registry.loginAs(new Identity(userIamId, accountId));
        return this;
    }

    /**
     * Like {@link #loginAs(String, String)}, and the user's tokens also carry the {@code name}
     * and {@code email} claims IAM puts in IBMid users' tokens.
     *
     * @param userIamId the user's IAM id
     * @param accountId the user's account
     * @param name the display name
     * @param email the e-mail address
     * @return this simulator
     */
    public IamSimulator loginAs(String userIamId, String accountId, String name, String email) {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(email, "email == null");
        registry.loginAs(new Identity(userIamId, accountId, name, email));
        return this;
    }

    /**
     * Allows {@code subject} to perform {@code action} on {@code resourceCrn} in
     * {@code /v2/authz}; every check no policy permits is denied. {@code "*"} in any argument
     * matches everything.
     *
     * @param subjectIamId the subject's IAM id
     * @param action the action, e.g. {@code my-service.dashboard.view}
     * @param resourceCrn the resource CRN, e.g. an instance CRN
     * @return this simulator
     */
    public IamSimulator permit(String subjectIamId, String action, String resourceCrn) {
        registry.permit(new Policy(subjectIamId, action, resourceCrn));
        return this;
    }

    /**
     * Removes every policy added with {@link #permit}, so everything is denied again.
     *
     * @return this simulator
     */
    public IamSimulator revokeAll() {
        registry.clearPolicies();
        return this;
    }

    /**
     * Sets the lifetime of tokens issued from now on ({@code expires_in}, {@code exp - iat});
     * default one hour. Short lifetimes let tests exercise refresh. Any precision is accepted,
     * but tokens carry whole seconds: a fraction of a second is rounded down in
     * {@code expires_in}, {@code expiration} and {@code exp - iat}, so a lifetime under one
     * second issues tokens with {@code expires_in} 0.
     *
     * @param lifetime a non-negative lifetime, at most {@link #MAX_TOKEN_LIFETIME}
     * @return this simulator
     * @throws IllegalArgumentException when negative or longer than {@link #MAX_TOKEN_LIFETIME}
     */
    public IamSimulator tokenLifetime(Duration lifetime) {
        lifetimes.token(lifetime);
        return this;
    }

    /**
     * Returns the lifetime of newly issued tokens.
     *
     * @return the lifetime
     */
    public Duration tokenLifetime() {
        return lifetimes.token();
    }

    /**
     * Sets how long an authorization code issued from now on stays redeemable; default one
     * minute.
     *
     * @param lifetime a positive lifetime, at most {@link #MAX_AUTHORIZATION_CODE_LIFETIME}
     * @return this simulator
     * @throws IllegalArgumentException when zero, negative or longer than
     *     {@link #MAX_AUTHORIZATION_CODE_LIFETIME}; the message names the setting and the range
     */
    public IamSimulator authorizationCodeLifetime(Duration lifetime) {
        lifetimes.code(lifetime);
        return this;
    }

    /**
     * Generates a new signing key with a new {@code kid}; tokens are signed with it from now on.
     * Older keys stay published until {@link #retireOldKeys()}.
     *
     * @return the new key's {@code kid}
     */
    public String rotateKeys() {
        return keys.rotate().getKeyID();
    }

    /**
     * Stops publishing every key but the current one; tokens signed with them stop verifying.
     *
     * @return this simulator
     */
    public IamSimulator retireOldKeys() {
        keys.retireOld();
        return this;
    }

    /**
     * Returns the current signing key including its private part, for negative tests.
     *
     * @return the current RSA key
     */
    public RSAKey currentKey() {
        return keys.current();
    }

    /**
     * Returns the public keys as {@code /identity/keys} publishes them.
     *
     * @return the published key set
     */
    public JWKSet publishedKeys() {
        return keys.publicJwks();
    }

    /**
     * Returns the fault injector.
     *
     * @return the faults of this simulator
     */
    public IamFaults faults() {
        return faults;
    }

    /**
     * Returns how many requests reached an endpoint, including faulted and refused ones.
     *
     * @param endpoint the endpoint
     * @return the number of requests since start (or {@link #resetCounters()})
     */
    public long requestCount(IamEndpoint endpoint) {
        return requests.requestCount(Objects.requireNonNull(endpoint, "endpoint == null"));
    }

    /**
     * Sets every request counter back to zero.
     *
     * @return this simulator
     */
    public IamSimulator resetCounters() {
        requests.resetCounters();
        return this;
    }

    /**
     * Returns the {@code Transaction-Id} header of the most recent {@code /v2/authz} request.
     *
     * @return the header value, or {@code null} if that request had none or none arrived yet
     */
    public String lastTransactionId() {
        return requests.lastTransactionId();
    }

    /**
     * Returns the body of the most recent {@code /v2/authz} request, to assert on its shape.
     *
     * @return the JSON text, or {@code null} if none arrived yet
     */
    public String lastAuthzRequestBody() {
        return requests.lastAuthzRequestBody();
    }

    /** Stops the server at once and interrupts delayed requests; calling it again does nothing. */
    @Override
    public void close() {
        server.stop();
    }

    /**
     * Names the simulator by its base URL.
     *
     * @return {@code IamSimulator[base URL]}
     */
    @Override
    public String toString() {
        return "IamSimulator[" + baseUrl + "]";
    }

    KeyRing keys() {
        return keys;
    }

    Registry registry() {
        return registry;
    }

    RequestLog requests() {
        return requests;
    }

    Lifetimes lifetimes() {
        return lifetimes;
    }
}
