/**
 * Authentication of platform calls: the {@link io.github.osbsdk.broker.core.auth.Authenticator}
 * hook and HTTP basic auth.
 */
package io.github.osbsdk.broker.core.auth;
