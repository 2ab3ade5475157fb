package io.github.osbsdk.broker.core.health;

/**
 * Whether a component, or the whole broker, works. New constants may appear in a minor release: a
 * {@code switch} over it needs a default branch.
 */
public enum HealthStatus {
  /** Works. */
  UP,
  /** Does not work; requests that need it fail. */
  DOWN
}
