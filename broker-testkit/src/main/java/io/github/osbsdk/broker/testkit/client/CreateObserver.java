package io.github.osbsdk.broker.testkit.client;

/**
 * Told of every provision and bind an {@link OsbClient} sends
 * ({@link OsbClient#observingCreates(CreateObserver)}), before it is sent and once it has ended,
 * so that what the request may have created can be deleted even when no answer came (the request
 * timed out, the connection failed, the thread was interrupted) while the broker still creates
 * it.
 */
public interface CreateObserver {
  /**
   * Called before the request is sent, on the sending thread.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, null for a provision
   * @param body the request body as given to the client; the body text (a {@code String}, may
   *     be null) for a {@code PUT} sent with {@link OsbClient#send(RawRequest)}
   */
  void creating(String instanceId, String bindingId, Object body);

  /**
   * Called once the request has ended, on the sending thread, also when it threw.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, null for a provision
   * @param answer the answer, null when none came
   */
  void ended(String instanceId, String bindingId, OsbResponse<?> answer);
}
