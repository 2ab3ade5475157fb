/** Text and JUnit XML reports of a run. Not API. */
package io.github.osbsdk.broker.testkit.internal.report;
