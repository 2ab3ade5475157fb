/**
 * Runs the planned checks; mounts in-process brokers; finds the names close to a mistyped one.
 * Not API.
 */
package io.github.osbsdk.broker.testkit.internal.run;
