package io.github.osbsdk.broker.core.health;

/** Whether a component, or the whole broker, works. */
public enum HealthStatus {
  /** Works. */
  UP,
  /** Does not work; requests that need it fail. */
  DOWN
}
