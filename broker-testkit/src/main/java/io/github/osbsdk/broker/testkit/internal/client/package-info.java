/**
 * Internals of the typed OSB client: credentials, IAM token exchange, JSON, the range checks of
 * settings. Not API.
 */
package io.github.osbsdk.broker.testkit.internal.client;
