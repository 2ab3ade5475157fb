/** Internals of broker-iam: HTTP plumbing, token verification, caches, SSO resource. Not API. */
package io.github.osbsdk.broker.iam.internal;
