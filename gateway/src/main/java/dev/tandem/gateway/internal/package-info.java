/** The gateway's OpenAI wire format (requests, responses, chunks, errors) and its HTTP handlers. */
@NullMarked
package dev.tandem.gateway.internal;

import org.jspecify.annotations.NullMarked;
