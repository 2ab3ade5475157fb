package io.github.osbsdk.samples.hello.cxf;

import jakarta.ws.rs.WebApplicationException;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;

/**
 * Keeps CXF from logging a client's error with a stack trace: CXF's own
 * {@code WebApplicationExceptionMapper} logs every {@link WebApplicationException} it maps at
 * WARN with its stack trace, a 405 for a method the path does not serve too, which anyone can
 * send. Set on the servlet's bus as {@link FaultListener} (see {@link HelloCxfServer}): a 4xx is
 * answered as before and not logged; any other fault is left to CXF's logging.
 */
final class QuietClientErrors implements FaultListener {
  @Override
  public boolean faultOccurred(Exception exception, String description, Message message) {
    return exception instanceof WebApplicationException e && e.getResponse() != null
        && e.getResponse().getStatus() >= 400 && e.getResponse().getStatus() < 500;
  }
}
