/**
 * Spring Boot auto-configuration for Tandem: {@code tandem.*} properties become a {@code TandemRouter}
 * bean, which is the application's LangChain4j {@code ChatModel}; metrics bind to the application's
 * Micrometer registry and Actuator's health endpoint reports each tier.
 */
@NullMarked
package dev.tandem.spring;

import org.jspecify.annotations.NullMarked;
