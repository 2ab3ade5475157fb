/** The checks of the conformance suite and what they work with. Not API. */
package io.github.osbsdk.broker.testkit.internal.check;
