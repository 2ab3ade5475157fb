package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.Answer;

/** Answers of IBM's usage API for a {@code ScriptedHttpServer}. */
final class UsageAnswers {
  private UsageAnswers() {
  }

  /** 202 with one status per record of the request. */
  static Answer accepted(int status) {
    return (exchange, request) -> {
      int records = Fixtures.recordsIn(request);
      StringBuilder body = new StringBuilder("{\"resources\":[");
      for (int i = 0; i < records; i++) {
        body.append(i == 0 ? "" : ",").append("{\"status\":").append(status).append('}');
      }
      byte[] bytes = body.append("]}").toString().getBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, bytes.length);
      exchange.getResponseBody().write(bytes);
    };
  }

  /** A whole-request status with a Retry-After header. */
  static Answer status(int status, String retryAfter) {
    return (exchange, request) -> {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
      exchange.sendResponseHeaders(status, -1);
    };
  }
}
