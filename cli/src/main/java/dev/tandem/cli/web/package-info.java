/**
 * The privacy-first web chat ({@code tandem chat --web}): one self-contained page that streams each
 * answer and shows, next to it, the tier that served it, why, what was redacted before anything left
 * the machine, and the exact text a remote tier received. {@link dev.tandem.cli.web.WebChat} holds the
 * logic and the page, so any HTTP server can host it; {@link dev.tandem.cli.web.WebChatServer} hosts it
 * on the JDK's built-in server, on loopback by default, answering only its own page (Host, Origin and a
 * per-session token are checked on each request).
 */
@NullMarked
package dev.tandem.cli.web;

import org.jspecify.annotations.NullMarked;
