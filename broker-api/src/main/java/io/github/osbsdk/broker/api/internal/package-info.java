/**
 * Helpers the SDK's own modules share. Not part of the API: on the module path this package is
 * exported only to the SDK's own modules; on the class path it is visible, but it may
 * change in any release.
 */
package io.github.osbsdk.broker.api.internal;
