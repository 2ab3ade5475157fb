/**
 * The command line runner of the conformance suite: {@link
 * io.github.osbsdk.broker.testkit.cli.ConformanceCli}.
 */
package io.github.osbsdk.broker.testkit.cli;
