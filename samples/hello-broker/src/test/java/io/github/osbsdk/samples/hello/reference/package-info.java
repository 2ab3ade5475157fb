/**
 * Checks every container of the sample matrix must pass, shared through hello-broker's test jar:
 * {@link io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks} and
 * {@link io.github.osbsdk.samples.hello.reference.SampleConformance}, with
 * {@link io.github.osbsdk.samples.hello.reference.ConsoleCapture} for what a container logs.
 */
package io.github.osbsdk.samples.hello.reference;
