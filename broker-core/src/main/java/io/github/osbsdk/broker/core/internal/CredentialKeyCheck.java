package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.CredentialKeyMismatchException;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a broker's credential keys open the binding credentials its store already holds
 * (the newest of them, {@link BrokerStore#newestBindingWithCredentials()}), so that a replica
 * given another key than the others refuses to start rather than answering 500 to every fetch
 * and repeated bind of what they stored, and storing credentials they cannot read.
 *
 * <p>When the store does not answer at the start, the broker starts anyway and the check runs
 * before the first bind or fetch of stored credentials once the store answers; if the keys do
 * not match then, every bind and every fetch of stored credentials answers 500 (fail closed, the
 * provider is not called), with the reason logged at ERROR once a minute (the requests between
 * at DEBUG). A broker without a key only warns when the store holds credentials. An empty store
 * has nothing to check: the first credentials stored decide.
 */
public final class CredentialKeyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialKeyCheck.class);

  private final BrokerStore store;
  private final CredentialCipher cipher;
  /** Set once the keys were found to match (or there was nothing to check). */
  private volatile boolean passed;
  /** Set when a check after the start found the keys not to match: requests fail closed. */
  private volatile String refusal;

  private CredentialKeyCheck(BrokerStore store, CredentialCipher cipher) {
    this.store = store;
    this.cipher = cipher;
  }

  /**
   * Runs the check as a broker is built.
   *
   * @param store the registry
   * @param cipher the keys, or null when credentials are not stored
   * @return the check, to be asked again before credentials are used when the store did not
   *     answer now
   * @throws CredentialKeyMismatchException when no configured key opens the newest stored
   *     credentials
   */
  public static CredentialKeyCheck atStart(BrokerStore store, CredentialCipher cipher) {
    CredentialKeyCheck check = new CredentialKeyCheck(store, cipher);
    if (cipher == null) {
      check.passed = true;
      check.warnWhenStoredByOthers();
      return check;
    }
    String problem;
    try {
      problem = check.mismatch();
    } catch (StoreUnavailableException e) {
      LOG.warn("The store does not answer: the credential key is checked against the stored"
          + " binding credentials before the first bind or fetch once it does");
      return check;
    }
    if (problem != null) {
      throw new CredentialKeyMismatchException(problem);
    }
    check.passed = true;
    return check;
  }

  /**
   * Before a bind or a fetch of stored credentials: runs the check if the start could not.
   *
   * @param ctx the request
   * @param errors limits the ERROR line of a mismatch (one a minute, not one per request)
   * @throws ServiceBrokerException 500 when the keys do not match the stored credentials
   * @throws StoreUnavailableException when the check is still to be made and the store does not
   *     answer
   */
  public void beforeUse(RequestContext ctx, RequestErrorLog errors) {
    if (passed) {
      return;
    }
    String problem;
    synchronized (this) {
      if (!passed && refusal == null) {
        String found = mismatch();
        if (found == null) {
          passed = true;
        } else {
          refusal = found;
        }
      }
      problem = refusal;
    }
    if (problem != null) {
      errors.error(LOG, "credential key mismatch", null, "Request {}: {}{}", ctx.requestId(),
          problem);
      throw RequestErrorLog.loggedInternalError(ctx.requestId());
    }
  }

  /** Why the keys do not match the newest stored credentials, or null when they do. */
  private String mismatch() {
    Optional<StoredBinding> newest = store.newestBindingWithCredentials();
    if (newest.isEmpty() || newest.get().credentials() == null) {
      return null;
    }
    StoredBinding b = newest.get();
    try {
      if (cipher.opens(b.credentials(), b.instanceId(), b.bindingId())) {
        return null;
      }
    } catch (IllegalStateException e) {
      LOG.warn("The newest stored credentials (binding {} of instance {}) are no stored value"
          + " ({}): the credential key could not be checked", LogText.quote(b.bindingId()),
          LogText.quote(b.instanceId()), e.getMessage());
      return null;
    }
    int previous = cipher.keyCount() - 1;
    return "the configured credential key does not match the binding credentials already"
        + " stored: " + (previous == 0 ? "it does not open" : "neither it nor any of the "
        + previous + " previous key" + (previous == 1 ? "" : "s") + " opens")
        + " the credentials stored last. Every replica on a store needs the same key; to change"
        + " it, keep the old key among the previous keys (Broker.Builder.storeCredentials)";
  }

  private void warnWhenStoredByOthers() {
    try {
      if (store.newestBindingWithCredentials().isPresent()) {
        LOG.warn("The store holds binding credentials that replicas with a credential key"
            + " stored, but this broker has none (Broker.Builder.storeCredentials): here"
            + " fetches and identical repeated binds ask the provider for credentials, and"
            + " binds store none. Give every replica on a store the same key");
      }
    } catch (StoreUnavailableException e) {
      // nothing to tell now: this broker neither reads nor writes credentials
    }
  }
}
