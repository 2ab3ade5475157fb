package io.github.osbsdk.broker.metering;

/**
 * The left-record contract on the test outbox that stands in for a database: it hands
 * {@link UsageOutbox#leave} to the in-memory outbox, not to the default that holds a record back
 * for every sender.
 */
class DurableTestOutboxLeftRecordTest extends LeftRecordContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new DurableTestOutbox();
  }
}
