/**
 * A Tandem tier that calls an OpenAI-compatible Chat Completions API over HTTP.
 *
 * <p>The only public type is {@link dev.tandem.remote.OpenAiCompatibleChatModel}; the wire format,
 * the error mapping and the stream parser are package-private.
 */
@NullMarked
package dev.tandem.remote;

import org.jspecify.annotations.NullMarked;
