package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.client.OsbClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The replicas one {@code replicas.*} check sends its steps to: replica A (the first base URL),
 * where the check creates what it asks about, and the others in turn, each step that must find
 * what another replica did going to the next of them (B, C, ..., then B again). With two
 * replicas every such step goes to B; with three or more, a replica that keeps state of its own
 * is found whichever it is.
 */
final class ReplicaTurns {
  private final OsbClient client;
  private final boolean[] asked;
  private int next = 1;

  /** @param client the suite's client, with at least two replicas */
  ReplicaTurns(OsbClient client) {
    this.client = client;
    this.asked = new boolean[client.replicaCount()];
  }

  /**
   * One replica: the client pinned to it and its name for messages.
   *
   * @param client the client sending to this replica only
   * @param name {@code "replica A"}, {@code "replica B"}, ...
   */
  record Replica(OsbClient client, String name) {}

  /** @return replica A, the first base URL */
  Replica a() {
    return replica(0);
  }

  /** @return the next replica other than A, in turn */
  Replica next() {
    int i = next;
    next = next % (asked.length - 1) + 1;
    asked[i] = true;
    return replica(i);
  }

  /** @return the replicas other than A that {@link #next()} has not handed out yet, in order */
  List<Replica> notAsked() {
    List<Replica> out = new ArrayList<>();
    for (int i = 1; i < asked.length; i++) {
      if (!asked[i]) {
        out.add(replica(i));
      }
    }
    return out;
  }

  private Replica replica(int index) {
    return new Replica(client.onReplica(index), name(index));
  }

  /**
   * @param index a replica, 0-based
   * @return its name for messages: {@code "replica A"} for the first, then B, C, ... (after Z,
   *     its 1-based number)
   */
  static String name(int index) {
    return "replica " + (index < 26 ? String.valueOf((char) ('A' + index)) : "#" + (index + 1));
  }
}
