package io.github.osbsdk.samples.hello.spring.tomcat;

import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
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
   * Encoded slashes and JSON error pages on Tomcat.
   *
   * @return the customizer
   */
  @Bean
  public OsbTomcatCustomizer osbTomcatCustomizer() {
    return new OsbTomcatCustomizer();
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
}
