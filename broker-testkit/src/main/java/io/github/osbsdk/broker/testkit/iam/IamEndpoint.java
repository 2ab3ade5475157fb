package io.github.osbsdk.broker.testkit.iam;

/**
 * The HTTP endpoints an {@link IamSimulator} serves, used to inject faults ({@link IamFaults})
 * and to read request counters ({@link IamSimulator#requestCount(IamEndpoint)}). New constants
 * may appear in a minor release: a {@code switch} over it needs a default branch.
 */
public enum IamEndpoint {

    /** {@code GET /identity/keys}: the JSON Web Key Set with IAM's public signing keys. */
    KEYS("/identity/keys"),

    /** {@code POST /identity/token}: API-key and authorization-code grants. */
    TOKEN("/identity/token"),

    /** {@code GET /identity/authorize}: the browser-facing OAuth authorization endpoint. */
    AUTHORIZE("/identity/authorize"),

    /** {@code GET /identity/.well-known/openid-configuration}: OpenID Connect discovery. */
    DISCOVERY("/identity/.well-known/openid-configuration"),

    /** {@code POST /v2/authz}: the IAM policy decision endpoint. */
    AUTHZ("/v2/authz");

    private final String path;

    IamEndpoint(String path) {
        this.path = path;
    }

    /**
     * Returns the endpoint's path relative to {@link IamSimulator#baseUrl()}.
     *
     * @return the path, starting with {@code /}
     */
    public String path() {
        return path;
    }
}
