/**
 * The benchmark's baseline: a bare JAX-RS endpoint doing the same JSON work as hello-kv's catalog
 * and provision, without the SDK (no auth, no validation). Not part of any library module.
 */
package io.github.osbsdk.samples.hello.bare;
