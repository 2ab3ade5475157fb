package io.github.osbsdk.broker.testkit.support;

import java.io.IOException;

/** A broken broker: a valid catalog, and 200 {@code {}} for every other request. */
public final class YesBroker {
  /** Two services, bindable and updateable plans. */
  public static final String CATALOG = "{\"services\":["
      + "{\"id\":\"svc-a\",\"name\":\"alpha\",\"description\":\"A\",\"bindable\":true,"
      + "\"instances_retrievable\":true,\"bindings_retrievable\":true,\"plans\":["
      + "{\"id\":\"plan-a1\",\"name\":\"small\",\"description\":\"small\"},"
      + "{\"id\":\"plan-a2\",\"name\":\"large\",\"description\":\"large\"}]},"
      + "{\"id\":\"svc-b\",\"name\":\"beta\",\"description\":\"B\",\"bindable\":false,\"plans\":["
      + "{\"id\":\"plan-b1\",\"name\":\"basic\",\"description\":\"basic\"}]}]}";

  private YesBroker() {}

  /**
   * @return a started stub
   * @throws IOException when it cannot bind
   */
  public static StubServer start() throws IOException {
    StubServer s = new StubServer();
    s.catalog = CATALOG;
    return s;
  }
}
