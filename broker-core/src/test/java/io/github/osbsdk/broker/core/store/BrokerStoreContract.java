package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link BrokerStore} keeps. Extend it and return a fresh, empty store (or two
 * views of one shared store, for {@link #secondView()}) per test. The rules come by topic from
 * {@link ClaimContract}, {@link OperationContract}, {@link LeaseContract} and
 * {@link CredentialContract}; the ones about the store as a whole are here.
 */
public abstract class BrokerStoreContract
    implements ClaimContract, OperationContract, LeaseContract, CredentialContract {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  /**
   * The store under test, empty at the start of each test; called once per test.
   *
   * @return the store
   */
  protected abstract BrokerStore store();

  /**
   * A second handle on the same data (a second replica); defaults to the same object.
   *
   * @return the store seen by another replica
   */
  protected BrokerStore secondView() {
    return s();
  }

  private BrokerStore store;

  @Override
  public BrokerStore s() {
    if (store == null) {
      store = store();
    }
    return store;
  }

  @Override
  public BrokerStore secondReplica() {
    return secondView();
  }

  @Override
  public Instant now() {
    return now;
  }

  @Test
  void enabledFlagIsStoredOnTheInstance() {
    String id = id();
    assertThat(s().setEnabled(id, false, now)).isEmpty();
    provisionReady(id);
    Instant later = now.plusSeconds(3);
    assertThat(s().setEnabled(id, false, later)).get().extracting(StoredInstance::enabled)
        .isEqualTo(false);
    StoredInstance i = secondView().findInstance(id).orElseThrow();
    assertThat(i.enabled()).isFalse();
    assertThat(i.enabledChangedAt()).isEqualTo(later);
  }

  @Test
  void idsAreKeptVerbatim() {
    String id = "crn:v1:bluemix:public:svc:us-south:a/acc:" + UUID.randomUUID()
        + "::/with%2Fslash\u00e9'\"";
    provisionReady(id);
    assertThat(s().findInstance(id)).isPresent();
    bindReady(id, "b/\u00e9'");
    assertThat(s().findBinding(id, "b/\u00e9'")).isPresent();
  }

  @Test
  void checkAnswers() {
    s().check();
  }
}
