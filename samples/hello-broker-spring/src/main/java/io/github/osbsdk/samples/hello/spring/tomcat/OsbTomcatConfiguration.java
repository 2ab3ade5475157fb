package io.github.osbsdk.samples.hello.spring.tomcat;

import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Everything a broker on Spring Boot's Tomcat needs, in one import:
 * {@code @Import(OsbTomcatConfiguration.class)} on the application class.
 */
@Configuration(proxyBeanMethods = false)
public class OsbTomcatConfiguration {
  /** Created by Spring. */
  public OsbTomcatConfiguration() {}

  /**
   * The logger of Tomcat's HTTP/1.1 parser, which reports a request it cannot parse (a header
   * section over {@code server.max-http-request-header-size}, a raw space in the target) at INFO
   * with a stack trace.
   */
  static final String PARSER_LOGGER = "org.apache.coyote.http11.Http11Processor";

  /**
   * Encoded slashes and JSON error pages on Tomcat; and no stack trace in the log for a request
   * Tomcat cannot parse: the client gets its OSB error (400, or 431 for a header section too
   * large), and the log stays quiet as with the other containers. Tomcat's parser logs at WARN
   * and above only, unless the application configures that logger ({@value #PARSER_LOGGER})
   * itself, e.g. {@code logging.level.org.apache.coyote.http11.Http11Processor=INFO}.
   *
   * @param logging Spring Boot's logging system, when there is one
   * @return the customizer
   */
  @Bean
  public OsbTomcatCustomizer osbTomcatCustomizer(ObjectProvider<LoggingSystem> logging) {
    logging.ifAvailable(OsbTomcatConfiguration::quietParseFailures);
    return new OsbTomcatCustomizer();
  }

  private static void quietParseFailures(LoggingSystem logging) {
    LoggerConfiguration configured = logging.getLoggerConfiguration(PARSER_LOGGER);
    if (configured == null || configured.getConfiguredLevel() == null) {
      logging.setLogLevel(PARSER_LOGGER, LogLevel.WARN);
    }
  }

  /**
   * Refuses malformed targets and oversized header sections with OSB error bodies before Jersey.
   *
   * @return the filter, first on {@code /*}
   */
  @Bean
  public FilterRegistrationBean<ServletRequestGuard> osbRequestGuard() {
    FilterRegistrationBean<ServletRequestGuard> registration =
        new FilterRegistrationBean<>(new ServletRequestGuard());
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * Writes each finished response out before Tomcat releases its servlet, so that a request in
   * progress at a graceful shutdown is answered before the connectors stop.
   *
   * @return the filter, on {@code /*} after the request guard
   */
  @Bean
  public FilterRegistrationBean<FlushBeforeRelease> osbFlushBeforeRelease() {
    FilterRegistrationBean<FlushBeforeRelease> registration =
        new FilterRegistrationBean<>(new FlushBeforeRelease());
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }
}
