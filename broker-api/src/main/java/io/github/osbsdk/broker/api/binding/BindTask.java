package io.github.osbsdk.broker.api.binding;

/**
 * The work of an asynchronous bind that delivers the binding when it ends: started with
 * {@link BindResult#accepted(BindTask)}, it runs on the replica that accepted the bind, with the
 * outcomes and the interruption of an {@link io.github.osbsdk.broker.api.AsyncTask}.
 *
 * <p>What it returns is recorded as a synchronous bind's {@link BindResult.Bound} is, in the
 * same write that marks the operation {@code succeeded}: the credentials encrypted when the
 * broker stores credentials (a credential key is set), never otherwise; the syslog drain, route
 * service, volume mounts, endpoints and metadata always. The platform's fetch of the binding
 * (which OSB has it make once the bind succeeded) and an identical repeat of the bind (200) then
 * answer them from any replica. The result is checked as a synchronous bind's is (say,
 * {@code syslog_drain_url} only when the service {@code requires} {@code syslog_drain}); a
 * result that fails a check, or null, is a provider bug: the operation ends {@code failed} with
 * a generic description, the details only in the log.
 *
 * <p>Only a bind can deliver a binding: no other result type takes a {@code BindTask}. For work
 * that another replica must be able to finish, use a {@link BindStep}.
 */
@FunctionalInterface
public interface BindTask {
  /**
   * Does the work and delivers the binding.
   *
   * @return the binding, e.g. {@code BindResult.bound(credentials)} or one built with
   *     {@link BindResult#builder()}; not null
   * @throws Exception when the operation failed
   */
  BindResult.Bound bind() throws Exception;
}
