package io.github.osbsdk.broker.core.state;

import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateStore;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link InstanceStateStore}: a concurrent map, lost on restart and not shared
 * between replicas. Enabling marks an instance active with {@code last_active} now; disabling
 * marks it inactive and keeps {@code last_active}.
 */
public final class InMemoryInstanceStateStore implements InstanceStateStore {
  private final Map<String, InstanceState> states = new ConcurrentHashMap<>();
  private final Clock clock;

  /** Creates an empty store on the system clock. */
  public InMemoryInstanceStateStore() {
    this(Clock.systemUTC());
  }

  /** @param clock the clock for {@code last_active} */
  public InMemoryInstanceStateStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Optional<InstanceState> find(String instanceId) {
    return Optional.ofNullable(states.get(instanceId));
  }

  @Override
  public void register(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    states.putIfAbsent(instanceId, new InstanceState(true, true, clock.millis()));
  }

  @Override
  public Optional<InstanceState> update(String instanceId, InstanceStateUpdate update) {
    Objects.requireNonNull(update, "update == null");
    boolean enabled = update.enabled();
    return Optional.ofNullable(states.computeIfPresent(instanceId, (k, old) -> enabled
        ? new InstanceState(true, true, clock.millis())
        : new InstanceState(false, false, old.lastActive())));
  }

  @Override
  public void remove(String instanceId) {
    states.remove(instanceId);
  }
}
