package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.AuthenticatedCaller;

/**
 * A token whose signature and claims were checked.
 *
 * @param caller the identity it carries (never the token itself)
 * @param expiresAtMillis its {@code exp} in epoch milliseconds
 */
public record VerifiedToken(AuthenticatedCaller caller, long expiresAtMillis) {
}
