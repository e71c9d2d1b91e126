package dev.tandem.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URL helpers shared by the modules that quote or check endpoints: a form safe to put in messages, and
 * whether a host is this machine. Internal: not part of Tandem's API.
 */
public final class Urls {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Urls() {}

    /**
     * The URL with what may be a secret hidden: {@code user:password@} becomes {@code ***@}, and a query or
     * fragment becomes {@code ?***}. Works on text that is not a valid URL too, since that is when it gets
     * quoted in an error.
     */
    public static String withoutSecrets(String url) {
        String shown = USER_INFO.matcher(url).replaceFirst("***@");
        int query = indexOfQueryOrFragment(shown);
        return query < 0 ? shown : shown.substring(0, query) + "?***";
    }

    /**
     * True for {@code localhost}, names under {@code .localhost}, and loopback IP literals ({@code
     * 127.0.0.0/8}, {@code ::1}). Never looks a name up: a name that resolves to a loopback address today
     * may not tomorrow.
     */
    public static boolean isLoopbackHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (IPV4.matcher(name).matches() || name.indexOf(':') >= 0) {
            try {
                // An IP literal is parsed, not resolved.
                return InetAddress.getByName(name).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static int indexOfQueryOrFragment(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }
}
