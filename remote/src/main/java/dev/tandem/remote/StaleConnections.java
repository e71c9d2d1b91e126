package dev.tandem.remote;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Tells a pooled connection that the server had already closed from a failed request. A network
 * interceptor: it remembers the connections it has seen (weakly, so the pool alone decides how long they
 * live) and, when a request on a connection used before fails before a single byte of the answer — the
 * server ended the stream, or reset or broke the connection — rethrows the failure as {@link Closed}.
 *
 * <p>That is how a keep-alive connection looks that the server closed while it sat idle in the pool (a
 * server closes idle connections after a timeout, or beyond a count: the JDK's server keeps 200): the
 * request went into a socket whose other end was already gone, unread. A server that read the request
 * and then dropped the connection without a byte of answer looks the same from here; nothing on the
 * client can tell the two apart, so the caller resends at most once. A failure on a fresh connection, or
 * after the first byte of the answer, is never taken for a closed idle connection. Thread-safe.
 */
final class StaleConnections implements Interceptor {

    /** A request failed on a pooled connection before any byte of the answer; {@link #getCause()} is why. */
    static final class Closed extends IOException {
        private static final long serialVersionUID = 1L;

        Closed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Okio's message when the status line's end was looked for in zero bytes. */
    private static final String NOTHING_READ = "\\n not found: limit=0 ";

    private final Set<Connection> seen = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection connection = chain.connection();
        boolean reused = connection != null && !seen.add(connection);
        try {
            return chain.proceed(chain.request());
        } catch (IOException e) {
            // proceed() returns once the answer's status line and headers are read, so a failure here is
            // before the answer's body; the checks below narrow it to "no byte of the answer at all".
            if (reused && closedByServer(e)) {
                throw new Closed(e);
            }
            throw e;
        }
    }

    /**
     * OkHttp reports the end of the stream before the status line as "unexpected end of stream", caused by
     * Okio's {@link EOFException} saying how many bytes it had read ({@code \n not found: limit=0 ...} when
     * none); a reset or broken connection as a {@link SocketException}.
     */
    private static boolean closedByServer(IOException e) {
        if (e.getCause() instanceof EOFException eof) {
            return String.valueOf(e.getMessage()).startsWith("unexpected end of stream")
                    && String.valueOf(eof.getMessage()).startsWith(NOTHING_READ);
        }
        return e instanceof SocketException socket && isResetOrBroken(socket.getMessage());
    }

    private static boolean isResetOrBroken(String message) {
        return message != null && (message.startsWith("Connection reset") || message.startsWith("Broken pipe"));
    }
}
