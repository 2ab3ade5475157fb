/** Internals of the typed OSB client: credentials, IAM token exchange, JSON. Not API. */
package io.github.osbsdk.broker.testkit.internal.client;
