package io.github.osbsdk.broker.store.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opens (stores, pools), closed after it in the reverse order, also when it fails:
 * a {@link PostgresBrokerStore} left open keeps its listener of finished operations and the
 * pooled connection it holds into later tests ({@link LeakCheck} fails the class then). A test
 * class registers one as an instance field:
 *
 * <pre>{@code
 * @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();
 * ...
 * PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(pool).build());
 * }</pre>
 */
public final class ClosedAfterTest implements AfterEachCallback {
  private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

  /**
   * Closes {@code resource} after the test.
   *
   * @param <T> its type
   * @param resource what the test opened
   * @return {@code resource}
   */
  public <T extends AutoCloseable> T add(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<AutoCloseable> toClose;
    synchronized (opened) {
      toClose = new ArrayList<>(opened);
      opened.clear();
    }
    Collections.reverse(toClose);
    Exception failed = null;
    for (AutoCloseable resource : toClose) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
