package io.github.osbsdk.broker.store.jdbc.review;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service behind the review's provider: a message-queue cluster API that the provider keeps
 * its own state in (queues, access keys, and jobs of the dedicated plan that the cluster runs and
 * the provider polls). A real provider would talk to a remote API here; this one is in memory.
 */
final class QueueBackend {
  /** A queue: its partitions and whether IBM Cloud has it disabled. */
  record Queue(String instanceId, int partitions, boolean disabled) {}

  /** A job the cluster runs for the dedicated plan; done after {@code pollsLeft} polls. */
  static final class Job {
    final String instanceId;
    final boolean delete;
    final AtomicInteger pollsLeft;
    final boolean fails;

    Job(String instanceId, boolean delete, int polls, boolean fails) {
      this.instanceId = instanceId;
      this.delete = delete;
      this.pollsLeft = new AtomicInteger(polls);
      this.fails = fails;
    }
  }

  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger jobIds = new AtomicInteger();

  /** Creates the queue unless it exists (idempotent, as a resumable step must be). */
  void createQueue(String instanceId, int partitions) {
    queues.putIfAbsent(instanceId, new Queue(instanceId, partitions, false));
  }

  boolean hasQueue(String instanceId) {
    return queues.containsKey(instanceId);
  }

  Queue queue(String instanceId) {
    return queues.get(instanceId);
  }

  void resize(String instanceId, int partitions) {
    queues.computeIfPresent(instanceId, (id, q) -> new Queue(id, partitions, q.disabled()));
  }

  void setDisabled(String instanceId, boolean disabled) {
    queues.computeIfPresent(instanceId, (id, q) -> new Queue(id, q.partitions(), disabled));
  }

  /** Deletes the queue and its keys; false when there was none. */
  boolean deleteQueue(String instanceId) {
    keys.keySet().removeIf(k -> k.startsWith(instanceId + "/"));
    return queues.remove(instanceId) != null;
  }

  /** Issues the key of a binding, the same one on every call (idempotent). */
  String issueKey(String instanceId, String bindingId) {
    return keys.computeIfAbsent(instanceId + "/" + bindingId,
        k -> "key-" + Integer.toHexString(k.hashCode()) + "-" + keys.size());
  }

  boolean revokeKey(String instanceId, String bindingId) {
    return keys.remove(instanceId + "/" + bindingId) != null;
  }

  String key(String instanceId, String bindingId) {
    return keys.get(instanceId + "/" + bindingId);
  }

  /** Starts a cluster job and returns its id, which the provider hands to the SDK. */
  String startJob(String instanceId, boolean delete, boolean fails) {
    String id = "job-" + jobIds.incrementAndGet();
    jobs.put(id, new Job(instanceId, delete, 2, fails));
    return id;
  }

  Job job(String id) {
    return jobs.get(id);
  }
}
