package dev.tandem.local.hub;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.local.LocalModelMemory;
import dev.tandem.local.ProgressListener;
import dev.tandem.local.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Downloads Hugging Face model repositories into a local cache, so that {@link
 * dev.tandem.local.JlamaLocalModel} can load them, and finds them there again without the network.
 *
 * <pre>{@code
 * HuggingFaceHub hub = HuggingFaceHub.builder()
 *         .progress(TerminalProgressBar.to(System.err, System.console() != null))
 *         .build();
 * Path folder = hub.resolve("Qwen/Qwen2.5-0.5B-Instruct");        // or "owner/name@revision", or a folder
 * JlamaLocalModel local = JlamaLocalModel.builder().modelDirectory(folder).build();
 * }</pre>
 *
 * <p><b>What is fetched.</b> The repository listing ({@code GET {endpoint}/api/models/{owner}/{name}/
 * revision/{revision}?blobs=true}) names every file with its size, Git blob id and, for LFS files, the
 * SHA-256 of the content. The top-level files a Jlama model needs are downloaded from {@code
 * {endpoint}/{owner}/{name}/resolve/{revision}/{file}}: {@code *.json}, {@code *.safetensors}, {@code
 * *.txt}, {@code *.model}, {@code *.md} (Jlama's quantizer wants the README). Other weight formats
 * ({@code .bin}, {@code .gguf}, {@code .onnx}) and sub-folders are skipped.
 *
 * <p><b>Cache layout.</b> Keyed by commit, as huggingface_hub's own cache: {@code
 * <cacheDirectory>/models/hf/<owner>--<name>/snapshots/<commit>/} holds the files under their own names,
 * and {@code refs/<revision>} (a '/' in the revision written '--') holds the commit the revision pointed
 * at when it was last downloaded. Files are fetched by commit ({@code resolve/<commit>/<file>}), so a
 * branch that moves during a download cannot mix two versions. While a file downloads it is {@code
 * <file>.incomplete}; it gets its real name only once its SHA-256 (LFS files) or Git blob SHA-1 (small
 * files) matches the listing, and a file already present under its real name is hashed again before it
 * is trusted. When every file is verified, a {@code .tandem-complete} marker (JSON: repository,
 * revision, commit, files and their hashes) is written atomically, then the ref; a folder without the
 * marker is never used. An interrupted download resumes where it stopped with an HTTP {@code Range}
 * request.
 *
 * <p><b>What a hostile hub or mirror cannot do.</b> A listed file name with a {@code ..} segment, a
 * backslash, a drive letter, a control character or an absolute path fails the download ({@link
 * Reason#UNSAFE}) before anything is written. Redirects are followed by this class, at most {@value
 * #MAX_REDIRECTS}, never from https to http; the token goes only to the hub's own host over https, never
 * over plain http and never to the host a redirect leads to (the Hub's CDN URLs are signed).
 *
 * <p><b>Settings</b> (builder first, then the environment):
 *
 * <ul>
 *   <li>endpoint: {@code HF_ENDPOINT}, default {@code https://huggingface.co};
 *   <li>token for gated and private models: {@code HF_TOKEN} (sent as {@code Authorization: Bearer} to
 *       the hub's host over https only; never logged, printed or put in {@code toString});
 *   <li>cache directory: {@code TANDEM_CACHE_DIR}, the {@code tandem.cache.dir} system property, {@code
 *       $XDG_CACHE_HOME/tandem}, else {@code ~/.cache/tandem};
 *   <li>offline: {@code TANDEM_OFFLINE=1} or {@code HF_HUB_OFFLINE=1}: only the cache is used, and a
 *       missing model fails at once with {@link Reason#NOT_CACHED}.
 * </ul>
 *
 * <p><b>Errors</b> are {@link ModelDownloadException}s whose {@link ModelDownloadException#reason()}
 * separates no network, 401, gated (403), not found (404), corruption, a full disk and offline misses.
 *
 * <p>Thread-safe, but two downloads of the same model at once (in one JVM or two) race each other.
 */
public final class HuggingFaceHub {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    static final String COMPLETE_MARKER = ".tandem-complete";
    static final String INCOMPLETE_SUFFIX = ".incomplete";
    static final int MAX_REDIRECTS = 10;
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final List<String> WANTED_SUFFIXES = List.of(".json", ".safetensors", ".txt", ".model", ".md");
    private static final int BUFFER = 1 << 16;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final String endpoint;
    private final @Nullable String token;
    private final Path cacheDirectory;
    private final boolean offline;
    private final ProgressListener progress;
    private final OkHttpClient http;
    private final ToLongFunction<Path> usableSpace;

    private HuggingFaceHub(Builder builder) {
        Map<String, String> env = builder.environment;
        this.endpoint = stripSlash(Optional.ofNullable(builder.endpoint)
                .or(() -> nonBlank(env.get("HF_ENDPOINT")))
                .orElse(DEFAULT_ENDPOINT));
        this.token = Optional.ofNullable(builder.token)
                .or(() -> nonBlank(env.get("HF_TOKEN")))
                .orElse(null);
        this.cacheDirectory = Optional.ofNullable(builder.cacheDirectory).orElseGet(() -> defaultCacheDirectory(env));
        this.offline = builder.offline != null
                ? builder.offline
                : truthy(env.get("TANDEM_OFFLINE")) || truthy(env.get("HF_HUB_OFFLINE"));
        this.progress = builder.progress;
        OkHttpClient base = builder.http != null
                ? builder.http
                : new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(60))
                        .build();
        // Redirects are followed by execute(), which refuses https -> http and keeps the token on the hub.
        this.http = base.newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
        this.usableSpace = builder.usableSpace;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cache root when nothing is configured: {@code $TANDEM_CACHE_DIR}, the {@code tandem.cache.dir}
     * property, {@code $XDG_CACHE_HOME/tandem}, else {@code ~/.cache/tandem}. The CLI uses the same rule.
     */
    public static Path defaultCacheDirectory(Map<String, String> environment) {
        return nonBlank(environment.get("TANDEM_CACHE_DIR"))
                .or(() -> nonBlank(System.getProperty("tandem.cache.dir")))
                .map(Path::of)
                .or(() -> nonBlank(environment.get("XDG_CACHE_HOME")).map(xdg -> Path.of(xdg, "tandem")))
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "tandem"));
    }

    public String endpoint() {
        return endpoint;
    }

    public Path cacheDirectory() {
        return cacheDirectory;
    }

    public boolean offline() {
        return offline;
    }

    /** Where downloaded models live: {@code <cacheDirectory>/models/hf}. */
    public Path modelsDirectory() {
        return cacheDirectory.resolve("models").resolve("hf");
    }

    /**
     * A folder for {@code folderOrId}: an existing folder as it is, or a model id ({@code owner/name} or
     * {@code owner/name@revision}) from the cache, downloading it first if needed.
     *
     * @throws IllegalArgumentException if the text is neither an existing folder nor a model id
     * @throws ModelDownloadException if the model cannot be downloaded
     */
    public Path resolve(String folderOrId) {
        requireNonNull(folderOrId, "folderOrId");
        Path folder = Path.of(folderOrId);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (!RepoId.looksLikeRepoId(folderOrId)) {
            throw new IllegalArgumentException("'" + folderOrId + "' is neither a model folder nor a Hugging Face"
                    + " model id: give an existing folder, or owner/name[@revision] like Qwen/Qwen2.5-0.5B-Instruct");
        }
        return download(RepoId.parse(folderOrId));
    }

    /**
     * A stable folder for {@code id}, whether it is downloaded yet or not, for a model that loads after its
     * download: {@code snapshots/<commit>} when the revision is a commit, else {@code revisions/<revision>},
     * a link that {@link #download(RepoId)} points at the snapshot of the commit the revision names (the
     * commit is not known before the hub is asked). Never uses the network.
     */
    public Path folder(RepoId id) {
        Path repo = modelsDirectory().resolve(id.cacheFolder());
        return COMMIT.matcher(id.revision()).matches()
                ? repo.resolve("snapshots").resolve(id.revision())
                : repo.resolve("revisions").resolve(id.refFile());
    }

    /**
     * How many bytes {@link #download(RepoId)} fetches for {@code id} from scratch: the hub's listing of the
     * files Jlama needs. One small request; nothing is downloaded.
     *
     * @throws ModelDownloadException as {@link #download(RepoId)} does when the hub cannot be asked
     */
    public long downloadSize(RepoId id) {
        requireNonNull(id, "id");
        return wanted(id, listing(id)).stream()
                .mapToLong(RepoListing.Sibling::bytes)
                .sum();
    }

    /** The complete cached folder of {@code id}, if it was downloaded before. Never uses the network. */
    public Optional<Path> cached(RepoId id) {
        Path repo = modelsDirectory().resolve(id.cacheFolder());
        Optional<String> commit = readRef(repo.resolve("refs").resolve(id.refFile()));
        if (commit.isEmpty() && COMMIT.matcher(id.revision()).matches()) {
            commit = Optional.of(id.revision());
        }
        return commit.map(c -> repo.resolve("snapshots").resolve(c))
                .filter(folder -> Files.isRegularFile(folder.resolve(COMPLETE_MARKER)));
    }

    private static Optional<String> readRef(Path ref) {
        try {
            String commit = Files.readString(ref, StandardCharsets.US_ASCII).strip();
            return COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every model in the cache, complete or not, sorted by id. Never uses the network. */
    public List<CachedModel> cachedModels() {
        Path root = modelsDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<CachedModel> models = new ArrayList<>();
        try (Stream<Path> repos = Files.list(root)) {
            for (Path repo : repos.filter(Files::isDirectory).sorted().toList()) {
                String folder = repo.getFileName().toString();
                int separator = folder.indexOf("--");
                if (separator <= 0) {
                    continue;
                }
                String owner = folder.substring(0, separator);
                String name = folder.substring(separator + 2);
                Map<String, String> refs = new java.util.TreeMap<>();
                Path refsFolder = repo.resolve("refs");
                if (Files.isDirectory(refsFolder)) {
                    try (Stream<Path> refFiles = Files.list(refsFolder)) {
                        for (Path ref : refFiles.filter(Files::isRegularFile).toList()) {
                            readRef(ref)
                                    .ifPresent(commit -> refs.put(
                                            ref.getFileName().toString().replace("--", "/"), commit));
                        }
                    }
                }
                java.util.Set<String> named = new java.util.HashSet<>(refs.values());
                for (Map.Entry<String, String> ref : refs.entrySet()) {
                    cachedModel(
                                    owner,
                                    name,
                                    ref.getKey(),
                                    repo.resolve("snapshots").resolve(ref.getValue()))
                            .ifPresent(models::add);
                }
                Path snapshots = repo.resolve("snapshots");
                if (Files.isDirectory(snapshots)) {
                    try (Stream<Path> commits = Files.list(snapshots)) {
                        for (Path snapshot :
                                commits.filter(Files::isDirectory).sorted().toList()) {
                            String commit = snapshot.getFileName().toString();
                            if (!named.contains(commit)) {
                                // A download that did not finish: no ref points here yet.
                                cachedModel(owner, name, commit, snapshot).ifPresent(models::add);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the model cache " + root + ": " + e.getMessage(), e);
        }
        return List.copyOf(models);
    }

    private Optional<CachedModel> cachedModel(String owner, String name, String revision, Path revisionFolder)
            throws IOException {
        if (!Files.isDirectory(revisionFolder)) {
            return Optional.empty();
        }
        RepoId id;
        try {
            id = new RepoId(owner, name, revision);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long bytes;
        try (Stream<Path> files = Files.list(revisionFolder)) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
        Path marker = revisionFolder.resolve(COMPLETE_MARKER);
        String commit = null;
        if (Files.isRegularFile(marker)) {
            commit = JSON.readTree(marker.toFile()).path("commit").asText(null);
        }
        return Optional.of(new CachedModel(id, revisionFolder, Files.isRegularFile(marker), commit, bytes));
    }

    /**
     * The folder of {@code id}, downloading what is missing; a complete cached copy is returned without
     * touching the network.
     *
     * @throws ModelDownloadException naming the model and the {@link Reason}
     */
    public Path download(RepoId id) {
        requireNonNull(id, "id");
        Optional<Path> cached = cached(id);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (offline) {
            throw new ModelDownloadException(
                    Reason.NOT_CACHED,
                    id.toString(),
                    "Model " + id + " is not in the cache " + modelsDirectory() + ", and offline mode is on"
                            + " (TANDEM_OFFLINE or HF_HUB_OFFLINE). Go online and run `tandem models pull " + id.repo()
                            + "` once, or point at a local model folder.",
                    null);
        }
        RepoListing listing = listing(id);
        String commit = listing.sha() == null ? "" : listing.sha().toLowerCase(Locale.ROOT);
        if (!COMMIT.matcher(commit).matches()) {
            throw hubError(id, "its listing names no commit (a 40-digit hex 'sha')", 0, null);
        }
        List<RepoListing.Sibling> files = wanted(id, listing);
        Path repo = modelsDirectory().resolve(id.cacheFolder());
        Path folder = repo.resolve("snapshots").resolve(commit);
        try {
            if (Files.isRegularFile(folder.resolve(COMPLETE_MARKER))) {
                // The revision moved to (or back to) a commit already downloaded and verified.
                writeRef(repo, id, commit);
                return folder;
            }
            Files.createDirectories(folder);
            long total = files.stream().mapToLong(RepoListing.Sibling::bytes).sum();
            long present = 0;
            for (RepoListing.Sibling file : files) {
                present += presentBytes(folder, file);
            }
            long needed = total - present;
            long free = usableSpace.applyAsLong(folder);
            if (free >= 0 && free < needed) {
                throw diskFull(id, folder, needed, null);
            }
            progress.started("Downloading " + id, total, present);
            long[] done = {present};
            Map<String, Object> hashes = new LinkedHashMap<>();
            for (RepoListing.Sibling file : files) {
                fetch(id, commit, folder, file, done);
                hashes.put(file.rfilename(), fileRecord(file));
            }
            writeMarker(id, commit, folder, hashes);
            writeRef(repo, id, commit);
            progress.finished("Model " + id + " is ready in " + folder);
            return folder;
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw diskFull(id, folder, -1, e);
            }
            throw new ModelDownloadException(
                    Reason.NO_NETWORK,
                    id.toString(),
                    "Downloading model " + id + " from " + endpoint + " failed: " + describe(e)
                            + ". Check the network connection and run the command again; finished files are kept"
                            + " and the download resumes where it stopped.",
                    e);
        }
    }

    private RepoListing listing(RepoId id) {
        String url = endpoint + "/api/models/" + id.owner() + "/" + id.name() + "/revision/"
                + URLEncoder.encode(id.revision(), StandardCharsets.UTF_8) + "?blobs=true";
        try (Response response = execute(id, request(url).build())) {
            checkStatus(id, response, null);
            ResponseBody body = response.body();
            return JSON.readValue(body.byteStream(), RepoListing.class);
        } catch (IOException e) {
            throw noNetwork(id, e);
        }
    }

    private List<RepoListing.Sibling> wanted(RepoId id, RepoListing listing) {
        for (RepoListing.Sibling file : listing.files()) {
            checkSafeName(id, file.rfilename());
        }
        List<RepoListing.Sibling> files = listing.files().stream()
                .filter(file -> !file.rfilename().contains("/"))
                .filter(file -> WANTED_SUFFIXES.stream().anyMatch(file.rfilename()::endsWith))
                .toList();
        boolean config = files.stream().anyMatch(file -> file.rfilename().equals("config.json"));
        boolean weights = files.stream().anyMatch(file -> file.rfilename().endsWith(".safetensors"));
        if (!config || !weights) {
            throw new ModelDownloadException(
                    Reason.UNSUPPORTED,
                    id.toString(),
                    "Repository " + id + " has no " + (config ? "*.safetensors weights" : "config.json")
                            + " at its top level, so Jlama cannot load it. Choose a repository with config.json and"
                            + " safetensors weights (for example one converted for Jlama, tjake/*-JQ4).",
                    null);
        }
        for (RepoListing.Sibling file : files) {
            if (file.bytes() < 0) {
                throw hubError(id, "the listing gives no size for " + file.rfilename(), 0, null);
            }
        }
        return files;
    }

    /**
     * Refuses a listed name that could leave the model folder on any operating system, whether or not the
     * file would be downloaded: such a listing comes from a hub or mirror that cannot be trusted.
     */
    private static void checkSafeName(RepoId id, @Nullable String name) {
        String problem = null;
        if (name == null || name.isEmpty()) {
            problem = "an empty file name";
        } else if (name.indexOf('\\') >= 0) {
            problem = "a backslash";
        } else if (name.startsWith("/")) {
            problem = "an absolute path";
        } else if (DRIVE.matcher(name).matches() || name.indexOf(':') >= 0) {
            problem = "a drive letter or ':'";
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "a control character";
        } else if (java.util.Arrays.asList(name.split("/", -1)).stream()
                .anyMatch(part -> part.equals("..") || part.equals(".") || part.isEmpty())) {
            problem = "a '..', '.' or empty path segment";
        }
        if (problem != null) {
            String shown = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
            throw new ModelDownloadException(
                    Reason.UNSAFE,
                    id.toString(),
                    "The listing of model " + id + " names a file '" + shown + "' with " + problem
                            + ", which could be written outside the model folder; nothing was downloaded. Use a hub"
                            + " or mirror you trust (HF_ENDPOINT).",
                    null);
        }
    }

    private long presentBytes(Path folder, RepoListing.Sibling file) throws IOException {
        Path done = folder.resolve(file.rfilename());
        if (Files.isRegularFile(done) && Files.size(done) == file.bytes()) {
            return file.bytes();
        }
        Path partial = folder.resolve(file.rfilename() + INCOMPLETE_SUFFIX);
        return Files.isRegularFile(partial) ? Math.min(Files.size(partial), file.bytes()) : 0;
    }

    private void fetch(RepoId id, String commit, Path folder, RepoListing.Sibling file, long[] done)
            throws IOException {
        Path target = folder.resolve(file.rfilename());
        if (!target.normalize().startsWith(folder.normalize())) {
            throw new IllegalStateException("unreachable: checkSafeName lets no escaping name through");
        }
        if (Files.isRegularFile(target)) {
            // Present from an earlier, interrupted run, or put there by someone else: trusted only if it hashes.
            boolean countedAsDone = Files.size(target) == file.bytes();
            Hasher present = Hasher.forFile(file);
            present.updateFrom(target);
            if (countedAsDone && present.digest().equals(present.expected())) {
                return;
            }
            Files.delete(target);
            Files.deleteIfExists(folder.resolve(file.rfilename() + INCOMPLETE_SUFFIX));
            if (countedAsDone) {
                done[0] -= file.bytes();
            }
        }
        Path partial = folder.resolve(file.rfilename() + INCOMPLETE_SUFFIX);
        long offset = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        if (offset > file.bytes()) {
            Files.delete(partial);
            offset = 0;
        }
        Hasher hasher = Hasher.forFile(file);
        if (offset > 0) {
            hasher.updateFrom(partial);
        }
        if (offset < file.bytes() || file.bytes() == 0) {
            String url = endpoint + "/" + id.owner() + "/" + id.name() + "/resolve/" + commit + "/" + file.rfilename();
            Request.Builder request = request(url).header("Accept-Encoding", "identity");
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            try (Response response = execute(id, request.build())) {
                if (response.code() == 416) {
                    // The server has no bytes past our offset: our partial file is stale; start over.
                    Files.deleteIfExists(partial);
                    done[0] -= offset;
                    fetch(id, commit, folder, file, done);
                    return;
                }
                checkStatus(id, response, file.rfilename());
                boolean append = offset > 0 && response.code() == 206;
                if (offset > 0 && !append) {
                    done[0] -= offset; // the server ignored Range and sends the whole file
                    hasher = Hasher.forFile(file);
                }
                try (InputStream in = response.body().byteStream();
                        OutputStream out = Files.newOutputStream(
                                partial,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buffer = new byte[BUFFER];
                    for (int read; (read = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, read);
                        hasher.update(buffer, read);
                        done[0] += read;
                        progress.progressed(done[0], file.rfilename());
                    }
                }
            }
        }
        long size = Files.size(partial);
        String actual = hasher.digest();
        if (size != file.bytes() || !actual.equals(hasher.expected())) {
            Files.deleteIfExists(partial);
            throw new ModelDownloadException(
                    Reason.CORRUPT,
                    id.toString(),
                    "File " + file.rfilename() + " of model " + id + " is corrupt: expected " + file.bytes()
                            + " bytes with " + hasher.algorithm() + " " + hasher.expected() + ", got " + size
                            + " bytes with " + actual + ". The damaged file was deleted and the model not marked"
                            + " complete; run the command again to download it afresh.",
                    null);
        }
        move(partial, target);
    }

    private Request.Builder request(String url) {
        Request.Builder request = new Request.Builder().url(url).header("User-Agent", "tandem/0.1 (jlama)");
        if (token != null && url.startsWith("https://")) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /**
     * Runs the request, following redirects here rather than in OkHttp so that none goes from https to
     * http, and the token stays with the hub's own host (a redirect elsewhere, such as the Hub's CDN, carries
     * its own signature).
     */
    private Response execute(RepoId id, Request first) throws IOException {
        Request request = first;
        for (int hops = 0; ; hops++) {
            Response response = http.newCall(request).execute();
            if (!response.isRedirect()) {
                return response;
            }
            String location = response.header("Location");
            HttpUrl next = location == null ? null : response.request().url().resolve(location);
            response.close();
            if (next == null) {
                throw hubError(id, "it answered a redirect without a usable Location", response.code(), null);
            }
            if (request.isHttps() && !next.isHttps()) {
                throw new ModelDownloadException(
                        Reason.UNSAFE,
                        id.toString(),
                        "The hub " + endpoint + " redirected a download of model " + id + " from https to plain"
                                + " http (" + next.scheme() + "://" + next.host() + "), which is refused: the file"
                                + " could be altered and a token read on the way.",
                        null);
            }
            if (hops + 1 >= MAX_REDIRECTS) {
                throw hubError(id, "it redirected more than " + MAX_REDIRECTS + " times", response.code(), null);
            }
            Request.Builder follow = request.newBuilder().url(next);
            if (!next.host().equals(first.url().host()) || !next.isHttps()) {
                follow.removeHeader("Authorization");
            }
            request = follow.build();
        }
    }

    // The Hub names its errors in X-Error-Code (huggingface_hub's hf_raise_for_status reads the same header):
    // RepoNotFound (also sent with 401 for private repositories), GatedRepo, RevisionNotFound, EntryNotFound.
    private void checkStatus(RepoId id, Response response, @Nullable String file) {
        int code = response.code();
        if (response.isSuccessful()) {
            return;
        }
        String errorCode = Optional.ofNullable(response.header("X-Error-Code")).orElse("");
        String what = file == null ? "model " + id : "file " + file + " of model " + id;
        boolean tokenSent = token != null && endpoint.startsWith("https://");
        String tokenKeptBack = token != null && !tokenSent
                ? "HF_TOKEN is set but never sent over plain http; use an https endpoint"
                : null;
        if (errorCode.equals("GatedRepo") || (code == 403)) {
            throw new ModelDownloadException(
                    Reason.GATED,
                    id.toString(),
                    "Model " + id + " is gated (HTTP " + code + "): "
                            + (tokenKeptBack != null
                                    ? tokenKeptBack
                                    : token == null
                                            ? "set HF_TOKEN to a Hugging Face access token"
                                            : "the account of HF_TOKEN has not been granted access")
                            + ". Accept the model's licence on " + endpoint + "/" + id.repo()
                            + " and use a token of that account.",
                    null);
        }
        if (errorCode.equals("RepoNotFound")
                || errorCode.equals("RevisionNotFound")
                || errorCode.equals("EntryNotFound")
                || code == 404) {
            String missing = errorCode.equals("RevisionNotFound")
                    ? "revision '" + id.revision() + "' of " + id.repo()
                    : errorCode.equals("EntryNotFound") ? what : "model " + id.repo();
            throw new ModelDownloadException(
                    Reason.NOT_FOUND,
                    id.toString(),
                    "The hub " + endpoint + " has no " + missing + " (HTTP " + code + "). Check the spelling"
                            + " (owner/name, case matters) and the revision"
                            + (code == 401 ? "; a private model also needs HF_TOKEN" : "") + ".",
                    null);
        }
        if (code == 401) {
            throw new ModelDownloadException(
                    Reason.UNAUTHORIZED,
                    id.toString(),
                    "The hub refused access to model " + id + " (HTTP 401): "
                            + (tokenKeptBack != null
                                    ? tokenKeptBack + ", with HF_TOKEN set"
                                    : token == null ? "it needs a token; set HF_TOKEN" : "HF_TOKEN was not accepted")
                            + " to a Hugging Face access token with read access.",
                    null);
        }
        throw hubError(id, "it answered HTTP " + code + " for " + what, code, null);
    }

    private ModelDownloadException hubError(RepoId id, String problem, int code, @Nullable Throwable cause) {
        return new ModelDownloadException(
                Reason.HUB_ERROR,
                id.toString(),
                "The hub " + endpoint + " could not serve model " + id + ": " + problem + ". Try again later.",
                cause,
                code >= 500);
    }

    private ModelDownloadException noNetwork(RepoId id, IOException e) {
        return new ModelDownloadException(
                Reason.NO_NETWORK,
                id.toString(),
                "Could not reach the hub " + endpoint + " to fetch model " + id + ": " + describe(e)
                        + ". Check the network (and HF_ENDPOINT), or set TANDEM_OFFLINE=1 to use cached models only.",
                e);
    }

    private ModelDownloadException diskFull(RepoId id, Path folder, long needed, @Nullable Throwable cause) {
        return new ModelDownloadException(
                Reason.DISK_FULL,
                id.toString(),
                "No space left on the disk of " + folder + " for model " + id
                        + (needed >= 0 ? " (it needs " + LocalModelMemory.human(needed) + " more)" : "")
                        + ". Free some space or set TANDEM_CACHE_DIR to a larger disk, then run the command again;"
                        + " finished files are kept.",
                cause);
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null
                    && (message.contains("No space left on device")
                            || message.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    /** Records which commit {@code id}'s revision names, atomically, as the last step of a download. */
    private static void writeRef(Path repo, RepoId id, String commit) throws IOException {
        Path refs = Files.createDirectories(repo.resolve("refs"));
        Path temporary = Files.createTempFile(refs, ".ref", ".tmp");
        try {
            Files.writeString(temporary, commit, StandardCharsets.US_ASCII);
            move(temporary, refs.resolve(id.refFile()));
        } finally {
            Files.deleteIfExists(temporary);
        }
        Path revisions = Files.createDirectories(repo.resolve("revisions"));
        Path link = revisions.resolve(".link-" + id.refFile() + ".tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("..", "snapshots", commit));
        move(link, revisions.resolve(id.refFile()));
    }

    private void writeMarker(RepoId id, String commit, Path folder, Map<String, Object> files) throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("repo", id.repo());
        marker.put("revision", id.revision());
        marker.put("commit", commit);
        marker.put("endpoint", endpoint);
        marker.put("completedAt", Instant.now().toString());
        marker.put("files", files);
        Path temporary = Files.createTempFile(folder, COMPLETE_MARKER, ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), marker);
            move(temporary, folder.resolve(COMPLETE_MARKER));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Map<String, Object> fileRecord(RepoListing.Sibling file) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("size", file.bytes());
        if (file.lfs() != null && file.lfs().sha256() != null) {
            record.put("sha256", file.lfs().sha256());
        } else {
            record.put("gitBlobSha1", file.blobId());
        }
        return record;
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Optional<String> nonBlank(@Nullable String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static boolean truthy(@Nullable String value) {
        return value != null
                && List.of("1", "true", "yes", "on").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "HuggingFaceHub[" + endpoint + ", cache " + cacheDirectory + ", token "
                + (token == null ? "none" : "***") + (offline ? ", offline" : "") + "]";
    }

    /**
     * A model in the cache.
     *
     * @param id the repository and revision
     * @param folder where its files are
     * @param complete whether every file was verified and the marker written
     * @param commit the commit the revision pointed at when it was downloaded, if complete
     * @param bytes the size of the files in the folder, partial ones included
     */
    public record CachedModel(
            RepoId id,
            Path folder,
            boolean complete,
            @Nullable String commit,
            long bytes) {}

    /** Checks what the listing promises: SHA-256 for LFS files, the Git blob SHA-1 for small ones. */
    private static final class Hasher {
        private final MessageDigest digest;
        private final String expected;
        private final String algorithm;

        private Hasher(MessageDigest digest, String expected, String algorithm) {
            this.digest = digest;
            this.expected = expected;
            this.algorithm = algorithm;
        }

        static Hasher forFile(RepoListing.Sibling file) {
            try {
                if (file.lfs() != null && file.lfs().sha256() != null) {
                    return new Hasher(
                            MessageDigest.getInstance("SHA-256"),
                            file.lfs().sha256().toLowerCase(Locale.ROOT),
                            "SHA-256");
                }
                // Git names a blob by the SHA-1 of "blob <size>\0" followed by its content.
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(("blob " + file.bytes() + "\0").getBytes(StandardCharsets.US_ASCII));
                String blobId = file.blobId() == null ? "" : file.blobId().toLowerCase(Locale.ROOT);
                return new Hasher(sha1, blobId, "Git blob SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("The JDK lacks SHA-256 or SHA-1", e);
            }
        }

        void update(byte[] buffer, int length) {
            digest.update(buffer, 0, length);
        }

        void updateFrom(Path partial) throws IOException {
            try (InputStream in = Files.newInputStream(partial)) {
                byte[] buffer = new byte[BUFFER];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, read);
                }
            }
        }

        String digest() {
            return HexFormat.of().formatHex(digest.digest());
        }

        String expected() {
            return expected;
        }

        String algorithm() {
            return algorithm;
        }
    }

    /** Builds a {@link HuggingFaceHub}; everything is optional. */
    public static final class Builder {
        private @Nullable String endpoint;
        private @Nullable String token;
        private @Nullable Path cacheDirectory;
        private @Nullable Boolean offline;
        private ProgressListener progress = ProgressListener.NONE;
        private @Nullable OkHttpClient http;
        private Map<String, String> environment = System.getenv();
        private ToLongFunction<Path> usableSpace = HuggingFaceHub::usableSpaceOf;

        private Builder() {}

        /** The hub's base URL; default {@code HF_ENDPOINT}, else {@value #DEFAULT_ENDPOINT}. */
        public Builder endpoint(String endpoint) {
            requireNonNull(endpoint, "endpoint");
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new IllegalArgumentException("endpoint must be an http or https URL, was '" + endpoint + "'");
            }
            this.endpoint = endpoint;
            return this;
        }

        /** An access token for gated and private models; default {@code HF_TOKEN}. Never printed. */
        public Builder token(String token) {
            this.token = requireNonNull(token, "token");
            return this;
        }

        /** The cache root (models go to {@code models/hf} under it); default as {@link #defaultCacheDirectory}. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = requireNonNull(cacheDirectory, "cacheDirectory");
            return this;
        }

        /** Use the cache only; default {@code TANDEM_OFFLINE=1} or {@code HF_HUB_OFFLINE=1}. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Hears the download's progress; default none. See {@link dev.tandem.local.TerminalProgressBar}. */
        public Builder progress(ProgressListener progress) {
            this.progress = requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The HTTP client (its pool, proxy, TLS settings); default one with a 10 s connect and 60 s read timeout.
         * Its redirect settings are replaced: the hub follows redirects itself, never from https to http.
         */
        public Builder httpClient(OkHttpClient http) {
            this.http = requireNonNull(http, "http");
            return this;
        }

        /** The variables to read settings from; default the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** How much space a folder's disk has free; tests pass their own. */
        Builder usableSpace(ToLongFunction<Path> usableSpace) {
            this.usableSpace = requireNonNull(usableSpace, "usableSpace");
            return this;
        }

        public HuggingFaceHub build() {
            return new HuggingFaceHub(this);
        }
    }

    private static long usableSpaceOf(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
