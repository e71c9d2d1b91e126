/**
 * Tandem for Spring AI 2.0: {@link dev.tandem.springai.TandemSpringAiChatModel}, a Spring AI {@code
 * ChatModel} (blocking, streaming, tool calling) backed by the Tandem router, and {@link
 * dev.tandem.springai.TandemSpringAiAutoConfiguration}, which makes it the application's Spring AI model
 * when the Tandem starter is on the classpath.
 */
@NullMarked
package dev.tandem.springai;

import org.jspecify.annotations.NullMarked;
