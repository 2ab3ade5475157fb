package io.github.osbsdk.samples.hello.spring.tomcat;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Writes a finished response out before its servlet is released, so that Spring Boot's graceful
 * shutdown cannot close the connection under it.
 *
 * <p>Spring Boot's graceful shutdown on Tomcat waits while a servlet is in service (Tomcat's count
 * of allocated servlets) or an asynchronous request is open. Tomcat releases the servlet as soon as
 * the filter chain returns, and writes a response still in its buffer only after that; once the
 * last servlet is released the shutdown is complete and the connectors stop, closing connections
 * whose response has not been written yet. A request in progress at the shutdown then ended on a
 * closed connection without an answer (seen once, on a loaded machine, by
 * {@code SpringGracefulShutdownTest}). Flushing at the end of the chain puts the response on the
 * wire while the servlet still counts as in service. A response under an error status set with
 * {@code sendError} is left to Tomcat's error page valve (Tomcat holds its body back until then;
 * the flush does not commit it), and an asynchronous request is left alone (its response is not
 * finished when the chain returns).
 */
public final class FlushBeforeRelease implements Filter {
  /** A filter for every path. */
  public FlushBeforeRelease() {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
    if (!request.isAsyncStarted()) {
      response.flushBuffer();
    }
  }
}
