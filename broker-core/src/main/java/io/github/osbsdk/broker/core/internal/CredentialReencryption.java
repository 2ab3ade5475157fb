package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.ReencryptionReport;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the registry's stored binding credentials a page at a time and rewrites each value a
 * previous key opens under the current key, with a compare-and-set so that nothing written
 * meanwhile is overwritten. Safe to run on several replicas at once and to run again.
 */
public final class CredentialReencryption {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialReencryption.class);
  /** Bindings read per page. */
  static final int PAGE = 100;
  /** Unreadable values logged one by one; the rest are only counted. */
  static final int LOGGED_UNREADABLE = 10;

  private CredentialReencryption() {}

  /**
   * Runs one walk over every stored value.
   *
   * @param store the registry
   * @param cipher the keys
   * @return what was done
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the store fails;
   *     what was rewritten stays rewritten, and a new run continues from the start
   */
  public static ReencryptionReport run(BrokerStore store, CredentialCipher cipher) {
    int current = 0;
    int rewritten = 0;
    int changed = 0;
    int unreadable = 0;
    String afterInstance = null;
    String afterBinding = null;
    while (true) {
      List<StoredBinding> page = store.bindingsWithCredentials(afterInstance, afterBinding, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (StoredBinding b : page) {
        String replacement;
        try {
          replacement = cipher.reencrypt(b.credentials(), b.instanceId(), b.bindingId());
        } catch (IllegalStateException e) {
          if (++unreadable <= LOGGED_UNREADABLE) {
            LOG.warn("The stored credentials of binding {} of instance {} open with none of the"
                + " configured credential keys; left as they are", LogText.quote(b.bindingId()),
                LogText.quote(b.instanceId()));
          }
          continue;
        }
        if (replacement == null) {
          current++;
        } else if (store.replaceCredentials(b.instanceId(), b.bindingId(), b.credentials(),
            replacement)) {
          rewritten++;
        } else {
          changed++;
        }
      }
      StoredBinding last = page.get(page.size() - 1);
      afterInstance = last.instanceId();
      afterBinding = last.bindingId();
    }
    ReencryptionReport report = new ReencryptionReport(current, rewritten, changed, unreadable);
    LOG.info("Stored binding credentials re-encrypted under the current key: {} rewritten, {}"
        + " already under it, {} changed meanwhile, {} unreadable{}", rewritten, current, changed,
        unreadable, unreadable > LOGGED_UNREADABLE
            ? " (the first " + LOGGED_UNREADABLE + " logged by id)" : "");
    return report;
  }
}
