/**
 * The local tier: {@link dev.tandem.local.JlamaLocalModel}, a LangChain4j {@code ChatModel} that runs a
 * Hugging Face model folder in process with Jlama, so requests to it never leave the machine.
 */
@NullMarked
package dev.tandem.local;

import org.jspecify.annotations.NullMarked;
