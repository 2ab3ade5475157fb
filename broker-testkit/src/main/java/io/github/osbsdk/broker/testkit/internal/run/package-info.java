/** Runs the planned checks; mounts in-process brokers. Not API. */
package io.github.osbsdk.broker.testkit.internal.run;
