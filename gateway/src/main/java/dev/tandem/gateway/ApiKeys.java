package dev.tandem.gateway;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys mapped to tenants, kept only as SHA-256 hashes: the keys file never holds a key, and neither
 * does memory after start-up. A request's {@code Authorization: Bearer KEY} is hashed and looked up; the
 * tenant it maps to becomes the request's {@code CallerMetadata} tenant, so per-tenant budgets apply.
 *
 * <p>The file has one key per line, {@code TENANT SHA256-HEX}, with {@code #} comments:
 *
 * <pre>
 * # tenant   sha256 of the key (printf %s "$KEY" | sha256sum)
 * acme       9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeys {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, String> tenantsByHash;

    private ApiKeys(Map<String, String> tenantsByHash) {
        this.tenantsByHash = Map.copyOf(tenantsByHash);
    }

    /** No keys: every request is accepted, with no tenant. Only for a gateway on the loopback interface. */
    public static ApiKeys none() {
        return new ApiKeys(Map.of());
    }

    /**
     * Reads a keys file.
     *
     * @throws IllegalArgumentException listing every bad line as {@code file:line:col: message}
     */
    public static ApiKeys load(Path file) {
        requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys file " + file, e);
        }
        Map<String, String> tenants = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            if (content.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ":";
            int column = content.length() - content.stripLeading().length() + 1;
            String[] fields = content.strip().split("\\s+");
            if (fields.length != 2) {
                problems.add(where + column + ": expected 'TENANT SHA256-HEX', got " + fields.length + " field(s)");
                continue;
            }
            int hashColumn = content.indexOf(fields[1], column - 1 + fields[0].length()) + 1;
            if (!TENANT.matcher(fields[0]).matches()) {
                problems.add(where + column + ": tenant '" + fields[0] + "' must match " + TENANT.pattern());
            } else if (!SHA256.matcher(fields[1]).matches()) {
                // Never quote it: a key pasted by mistake would end up in a log.
                problems.add(where + hashColumn + ": the hash must be 64 lower-case hex digits (the SHA-256 of the"
                        + " key, printf %s \"$KEY\" | sha256sum), not the key itself");
            } else if (tenants.putIfAbsent(fields[1], fields[0]) != null) {
                problems.add(where + hashColumn + ": this hash is already listed for tenant " + tenants.get(fields[1]));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no keys; add a line 'TENANT SHA256-HEX'");
        }
        return new ApiKeys(tenants);
    }

    /** Whether requests must carry a key. */
    public boolean required() {
        return !tenantsByHash.isEmpty();
    }

    /** The tenant of {@code key}, if it is one of the keys. */
    public Optional<String> tenantOf(String key) {
        return Optional.ofNullable(tenantsByHash.get(sha256(key)));
    }

    /** The number of keys. */
    public int size() {
        return tenantsByHash.size();
    }

    /** The lower-case hex SHA-256 of {@code key}, as the keys file holds it. */
    public static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + tenantsByHash.size() + " keys, hashed]";
    }
}
