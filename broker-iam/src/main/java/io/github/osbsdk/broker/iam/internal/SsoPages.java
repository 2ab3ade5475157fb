package io.github.osbsdk.broker.iam.internal;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Minimal, static HTML pages for SSO failures and sign-out (no user input is echoed). */
final class SsoPages {
  private SsoPages() {
  }

  static Response page(int status, String title, String message) {
    return pageBuilder(status, title, message).build();
  }

  static Response.ResponseBuilder pageBuilder(int status, String title, String message) {
    String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
        + "</title></head><body><h1>" + title + "</h1><p>" + message + "</p></body></html>";
    return secure(Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html));
  }

  static Response.ResponseBuilder secure(Response.ResponseBuilder b) {
    return secure(b, "no-referrer");
  }

  static Response.ResponseBuilder secure(Response.ResponseBuilder b, String referrerPolicy) {
    return b.header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", referrerPolicy)
        .header("X-Frame-Options", "DENY");
  }
}
