package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ERROR lines of the {@link OperationRunner}'s operations, written once per operation (the
 * provider's task throws, the store refuses a result, a failure or an undo, what an operation
 * recorded cannot be read at its end), and the WARN of an executor that refuses the work (an
 * overload, answered 503): limited as the request path's are, through the broker's
 * {@link RequestErrorLog}, per kind (operation type, what failed and the exception class). A
 * provider whose task fails on every operation, or a store that refuses results for a minute,
 * writes one ERROR with its stack trace per kind a minute; the operations in between log the
 * same line at DEBUG with theirs, and the next line of the kind says how many were held back. A
 * different kind logs at once. The lines keep the categories they had: the work's its runner's,
 * the ends' {@link OperationEnds}', the payload's {@link OperationEffects}'.
 */
final class OperationErrorLog {
  private static final Logger WORK = LoggerFactory.getLogger(OperationRunner.class);
  private static final Logger ENDS = LoggerFactory.getLogger(OperationEnds.class);
  private static final Logger EFFECTS = LoggerFactory.getLogger(OperationEffects.class);

  private final RequestErrorLog errors;

  OperationErrorLog(RequestErrorLog errors) {
    this.errors = errors;
  }

  /**
   * The provider got its asynchronous work wrong.
   *
   * @param mistake the kind of mistake, e.g. "unregistered step"
   * @param what what is wrong, without secrets
   */
  void implementationError(StoredOperation op, String mistake, String what) {
    errors.error(WORK, op.type() + " implementation error " + mistake, null,
        "Request {}: ServiceBroker implementation error: {}{}", op.requestId(), what);
  }

  /**
   * The executor refused an operation's work: an overload the platform is answered 503 for and
   * retries, so a WARN without a stack trace, limited as an unavailable store's.
   */
  void executorRefused(StoredOperation op, Throwable e) {
    errors.warn(WORK, RequestErrorLog.kind(op.type() + " executor refused", e),
        "Request {}: executor refused asynchronous {} operation {} ({}); it was undone (a create"
            + " kept as failed) and answered 503{}", op.requestId(), op.type(), op.id(),
        LogText.quote(e.getMessage()));
  }

  /** The executor refused the work of an operation this replica goes on with later. */
  void executorBusy(StoredOperation op, Throwable e) {
    errors.warn(WORK, RequestErrorLog.kind(op.type() + " executor busy", e),
        "Executor busy ({}); operation {} is resumed here again later{}",
        LogText.quote(e.getMessage()), op.id());
  }

  /** What the asynchronous work recorded of its request cannot be read at its end. */
  void payloadUnreadable(StoredOperation op, Throwable e) {
    errors.error(EFFECTS, RequestErrorLog.kind(op.type() + " unreadable payload", e), null,
        "Operation {} has an unreadable payload; it is recorded as failed: {}{}", op.id(),
        e.getMessage());
  }

  /** A task (not a step, which runs again) found something unavailable. */
  void taskFoundUnavailable(StoredOperation op, TemporarilyUnavailableException e) {
    errors.error(WORK, RequestErrorLog.kind(op.type() + " async task unavailable", e), null,
        "Asynchronous {} operation {} (request {}) failed: it found something unavailable ({}),"
            + " and a task cannot be run again (a resumable step would be){}", op.type(), op.id(),
        op.requestId(), LogText.quote(e.getMessage()));
  }

  void failedUnexpectedly(StoredOperation op, Throwable t) {
    errors.error(WORK, RequestErrorLog.kind(op.type() + " async work", t), t,
        "Asynchronous {} operation {} (request {}) failed unexpectedly{}", op.type(), op.id(),
        op.requestId());
  }

  void takeOverFailed(StoredOperation op, Throwable e) {
    errors.error(WORK, RequestErrorLog.kind(op.type() + " takeover", e), e,
        "Operation {} taken over from a replica that stopped could not go on; it is recorded as"
            + " failed{}", op.id());
  }

  void notHandedToExecutor(StoredOperation op, Throwable e) {
    errors.error(WORK, RequestErrorLog.kind(op.type() + " step hand-off", e), e,
        "The step of operation {} could not be handed to the executor; it is recorded as"
            + " failed{}", op.id());
  }

  void unreadable(StoredOperation op, Throwable e) {
    errors.error(WORK, RequestErrorLog.kind(op.type() + " unreadable", e), e,
        "Operation {} could not be read to go on with it; it is recorded as failed{}", op.id());
  }

  /** The store refused what a request produced ("the result of", "the acceptance of"). */
  void requestWriteRefused(StoredOperation op, String what, Throwable e) {
    errors.error(ENDS, RequestErrorLog.kind(op.type() + " store refused " + what, e), e,
        "Request {}: the store refused {} {} operation {}; it is undone{}", op.requestId(), what,
        op.type(), op.id());
  }

  void resultRefused(StoredOperation op, Throwable e) {
    errors.error(ENDS, RequestErrorLog.kind(op.type() + " store refused async result", e), e,
        "The store refused the result of {} operation {}; it is recorded as failed{}", op.type(),
        op.id());
  }

  void failureRefused(StoredOperation op, Throwable e) {
    errors.error(ENDS, RequestErrorLog.kind(op.type() + " store refused failure", e), e,
        "Operation {} could not be recorded as failed either; it is tried again with backoff{}",
        op.id());
  }

  void undoRefused(StoredOperation op, Throwable e) {
    errors.error(ENDS, RequestErrorLog.kind(op.type() + " store refused undo", e), e,
        "The store refused the undo of operation {}; it is tried again with backoff{}", op.id());
  }
}
