/**
 * {@code tandem serve}: an OpenAI-compatible HTTP gateway in front of a {@link dev.tandem.router.TandemRouter},
 * so that services in any language reach it with their OpenAI client. Start one with {@link
 * dev.tandem.gateway.TandemGateway}; the wire format stays in {@code internal}.
 */
@NullMarked
package dev.tandem.gateway;

import org.jspecify.annotations.NullMarked;
