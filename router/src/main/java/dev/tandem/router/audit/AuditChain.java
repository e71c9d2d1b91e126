package dev.tandem.router.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain and the file layout shared by the writer and the verifier.
 *
 * <p>Each line is a JSON object whose last field is {@code "hash"}: the SHA-256, in lower-case hex, of
 * the line with that field removed (the text up to {@code ,"hash":} followed by {@code }}). Each line's
 * {@code "prev"} field holds the previous line's hash; the very first header's holds {@link #GENESIS}.
 * With a key, the hash is HMAC-SHA-256 under that key instead, so whoever rewrites the log cannot seal
 * it again without the key.
 */
final class AuditChain {

    static final String GENESIS = "0".repeat(64);
    private static final Pattern ROTATED_SUFFIX = Pattern.compile("[1-9][0-9]*");
    static final String HASH_FIELD = ",\"hash\":\"";

    /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    static final int HASH_SUFFIX_LENGTH = HASH_FIELD.length() + 64 + 2;

    private AuditChain() {}

    /**
     * {@code body} is a complete JSON object; returns it with the {@code hash} field appended: SHA-256, or
     * HMAC-SHA-256 when {@code key} is given.
     */
    static String seal(String body, byte @Nullable [] key) {
        if (!body.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + body.length() + " characters");
        }
        String hash = chainHash(body.getBytes(StandardCharsets.UTF_8), key);
        return body.substring(0, body.length() - 1) + HASH_FIELD + hash + "\"}";
    }

    /** The hash a sealed line declares, or null when the line is not sealed. */
    static @Nullable String declaredHash(String line) {
        if (line.length() < HASH_SUFFIX_LENGTH + 2 || !line.endsWith("\"}")) {
            return null;
        }
        int at = line.length() - HASH_SUFFIX_LENGTH;
        if (!line.startsWith(HASH_FIELD, at)) {
            return null;
        }
        return line.substring(at + HASH_FIELD.length(), line.length() - 2);
    }

    /** The hash the line's content actually has under {@code key}, whatever it declares; null when not sealed. */
    static @Nullable String actualHash(String line, byte @Nullable [] key) {
        if (declaredHash(line) == null) {
            return null;
        }
        String body = line.substring(0, line.length() - HASH_SUFFIX_LENGTH) + "}";
        return chainHash(body.getBytes(StandardCharsets.UTF_8), key);
    }

    static String chainHash(byte[] bytes, byte @Nullable [] key) {
        if (key == null) {
            return sha256Hex(bytes);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(bytes));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** {@code FILE.checkpoint}: where the head of the chain is recorded unless configured elsewhere. */
    static Path defaultCheckpoint(Path file) {
        return file.resolveSibling(file.getFileName() + ".checkpoint");
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** The salted hash of content: SHA-256 over the salt followed by the UTF-8 text. */
    static String saltedHash(byte[] salt, String text) {
        MessageDigest digest = sha256();
        digest.update(salt);
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code FILE.n}: the n-th newest rotated file of the log whose live file is {@code file}. */
    static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /**
     * The files of a log that exist, oldest first: {@code FILE.n} … {@code FILE.1}, then {@code FILE}.
     * A gap in the numbering (say {@code FILE.2} missing while {@code FILE.3} exists) yields a null at
     * the missing place, so that the verifier can report it.
     */
    static List<@Nullable Path> files(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".";
        int highest = 0;
        if (folder != null && Files.isDirectory(folder)) {
            try (Stream<Path> siblings = Files.list(folder)) {
                highest = siblings.map(path -> path.getFileName().toString())
                        .filter(name -> name.startsWith(prefix))
                        .map(name -> name.substring(prefix.length()))
                        .filter(suffix -> ROTATED_SUFFIX.matcher(suffix).matches())
                        .mapToInt(suffix -> suffix.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(suffix))
                        .max()
                        .orElse(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        List<@Nullable Path> all = new ArrayList<>();
        for (int n = Math.min(highest, AuditConfig.MAX_KEEP + 1); n >= 1; n--) {
            Path candidate = rotated(file, n);
            all.add(Files.exists(candidate) ? candidate : null);
        }
        if (Files.exists(file)) {
            all.add(file);
        }
        return all;
    }
}
