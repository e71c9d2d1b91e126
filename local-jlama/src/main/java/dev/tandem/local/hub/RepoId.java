package dev.tandem.local.hub;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A Hugging Face model repository and revision, written {@code owner/name} or {@code owner/name@revision}
 * (a branch, a tag or a commit hash; default {@code main}).
 *
 * <pre>{@code
 * RepoId id = RepoId.parse("Qwen/Qwen2.5-0.5B-Instruct@main");
 * }</pre>
 *
 * @param owner the user or organisation
 * @param name the repository name
 * @param revision the branch, tag or commit
 */
public record RepoId(String owner, String name, String revision) {

    /** The revision when none is given. */
    public static final String DEFAULT_REVISION = "main";

    // The Hub's own rule for repo names: letters, digits, '-', '_', '.'; no leading or trailing '-' or '.'.
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

    public RepoId {
        requireNonNull(owner, "owner");
        requireNonNull(name, "name");
        requireNonNull(revision, "revision");
        if (!PART.matcher(owner).matches() || !PART.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("'" + owner + "/" + name + "' is not a Hugging Face model id: use"
                    + " owner/name with letters, digits, '-', '_' and '.', like Qwen/Qwen2.5-0.5B-Instruct");
        }
        if (!REVISION.matcher(revision).matches() || revision.contains("..")) {
            throw new IllegalArgumentException("'" + revision + "' is not a valid revision: use a branch, tag or"
                    + " commit hash, like main or v1.0");
        }
    }

    /**
     * Parses {@code owner/name} or {@code owner/name@revision}.
     *
     * @throws IllegalArgumentException quoting the text if it is not a model id
     */
    public static RepoId parse(String text) {
        requireNonNull(text, "text");
        String id = text.strip();
        String revision = DEFAULT_REVISION;
        int at = id.indexOf('@');
        if (at >= 0) {
            revision = id.substring(at + 1);
            id = id.substring(0, at);
        }
        int slash = id.indexOf('/');
        if (slash <= 0 || slash != id.lastIndexOf('/') || slash == id.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a Hugging Face model id: use owner/name or"
                    + " owner/name@revision, like Qwen/Qwen2.5-0.5B-Instruct");
        }
        return new RepoId(id.substring(0, slash), id.substring(slash + 1), revision);
    }

    /** Whether {@code text} looks like a model id rather than a folder: {@code owner/name[@rev]}, nothing more. */
    public static boolean looksLikeRepoId(String text) {
        try {
            parse(text);
            return !text.startsWith(".") && !text.startsWith("/") && !text.startsWith("~");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code owner/name}. */
    public String repo() {
        return owner + "/" + name;
    }

    /** The folder of this repository under the cache: {@code owner--name}. */
    String cacheFolder() {
        return owner + "--" + name;
    }

    /** The file under {@code refs/} that records this revision's commit: the revision with '/' as '--'. */
    String refFile() {
        return revision.replace("/", "--");
    }

    /** {@code owner/name@revision}. */
    @Override
    public String toString() {
        return repo() + "@" + revision;
    }
}
