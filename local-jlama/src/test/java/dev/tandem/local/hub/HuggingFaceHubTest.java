package dev.tandem.local.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.ProgressListener;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.local.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downloads a forged model from WireMock serving Hugging Face style URLs. */
class HuggingFaceHubTest {

    private static final String REPO = "tandem-test/tiny-qwen";
    private static final String WEIGHTS = "model.safetensors";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path forged;

    @TempDir
    Path cache;

    private static Map<String, byte[]> files;
    private WireMockServer hub;

    @BeforeAll
    static void forgeModel() throws IOException {
        ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), forged);
        files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(forged)) {
            for (Path path : paths.sorted().toList()) {
                files.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        }
    }

    @BeforeEach
    void startHub() {
        hub = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop();
    }

    @Test
    void downloadsVerifiesAndMarksTheModelCompleteThenLoadsIt() throws Exception {
        serveListing(files);
        files.forEach(this::serveFile);
        List<Long> progress = new ArrayList<>();

        Path folder = hub(false)
                .progress(new ProgressListener() {
                    @Override
                    public void progressed(long done, String detail) {
                        progress.add(done);
                    }
                })
                .build()
                .resolve(REPO);

        assertThat(folder).isEqualTo(cache.resolve("models/hf/tandem-test--tiny-qwen/snapshots/" + COMMIT));
        assertThat(folder.resolve(WEIGHTS)).hasBinaryContent(files.get(WEIGHTS));
        assertThat(folder.resolve(HuggingFaceHub.COMPLETE_MARKER)).exists();
        assertThat(JSON.readTree(folder.resolve(HuggingFaceHub.COMPLETE_MARKER).toFile())
                        .at("/files/model.safetensors/sha256")
                        .asText())
                .isEqualTo(sha256(files.get(WEIGHTS)));
        assertThat(progress).isSorted().last().isEqualTo(totalBytes());
        try (JlamaLocalModel model =
                JlamaLocalModel.builder().modelDirectory(folder).maxNewTokens(3).build()) {
            assertThat(model.chat("Hallo").length()).isPositive();
        }
    }

    @Test
    void aCompleteModelIsServedFromTheCacheOfflineWithoutTheNetwork() {
        serveListing(files);
        files.forEach(this::serveFile);
        Path folder = hub(false).build().resolve(REPO);
        HuggingFaceHub offline = hub(true).build();
        hub.stop();

        Path again = offline.resolve(REPO);

        assertThat(again).isEqualTo(folder);
    }

    @Test
    void offlineModeWithoutACachedCopyFailsClearly() {
        HuggingFaceHub offline = HuggingFaceHub.builder()
                .cacheDirectory(cache)
                .environment(Map.of("HF_HUB_OFFLINE", "1"))
                .build();

        assertThatThrownBy(() -> offline.resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CACHED))
                .hasMessageStartingWith("Model tandem-test/tiny-qwen@main is not in the cache ")
                .hasMessageContaining("offline mode is on");
        assertThat(hub.getAllServeEvents()).isEmpty();
    }

    @Test
    void anInterruptedDownloadResumesWithARangeRequest() throws IOException {
        serveListing(files);
        files.forEach((name, bytes) -> {
            if (!name.equals(WEIGHTS)) {
                serveFile(name, bytes);
            }
        });
        byte[] weights = files.get(WEIGHTS);
        int half = weights.length / 2;
        // The first answer promises the whole file but the connection drops after half of it.
        hub.stubFor(get(urlEqualTo(resolvePath(WEIGHTS)))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Length", Integer.toString(weights.length))
                        .withBody(Arrays.copyOf(weights, half))));
        HuggingFaceHub client = hub(false).build();

        assertThatThrownBy(() -> client.resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_NETWORK))
                .hasMessageContaining("resumes where it stopped");
        Path partial =
                cache.resolve("models/hf/tandem-test--tiny-qwen/snapshots/" + COMMIT + "/" + WEIGHTS + ".incomplete");
        long kept = Files.size(partial);
        assertThat(kept).isPositive().isLessThan(weights.length);
        assertThat(cache.resolve(
                        "models/hf/tandem-test--tiny-qwen/snapshots/" + COMMIT + "/" + HuggingFaceHub.COMPLETE_MARKER))
                .doesNotExist();

        hub.stubFor(get(urlEqualTo(resolvePath(WEIGHTS)))
                .withHeader("Range", equalTo("bytes=" + kept + "-"))
                .willReturn(aResponse()
                        .withStatus(206)
                        .withHeader(
                                "Content-Range", "bytes " + kept + "-" + (weights.length - 1) + "/" + weights.length)
                        .withBody(Arrays.copyOfRange(weights, (int) kept, weights.length))));
        Path folder = client.resolve(REPO);

        hub.verify(
                getRequestedFor(urlEqualTo(resolvePath(WEIGHTS))).withHeader("Range", equalTo("bytes=" + kept + "-")));
        assertThat(folder.resolve(WEIGHTS)).hasBinaryContent(weights);
        assertThat(partial).doesNotExist();
        assertThat(folder.resolve(HuggingFaceHub.COMPLETE_MARKER)).exists();
    }

    @Test
    void aCorruptFileIsDeletedAndTheModelIsNotMarkedComplete() throws IOException {
        serveListing(files);
        files.forEach((name, bytes) -> {
            byte[] served = bytes.clone();
            if (name.equals(WEIGHTS)) {
                served[served.length - 1] ^= 0x5A;
            }
            serveFile(name, served);
        });

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageStartingWith(
                        "File model.safetensors of model tandem-test/tiny-qwen@main is corrupt:" + " expected "
                                + files.get(WEIGHTS).length + " bytes with SHA-256 " + sha256(files.get(WEIGHTS)))
                .hasMessageContaining("not marked complete");
        Path folder = cache.resolve("models/hf/tandem-test--tiny-qwen/snapshots/" + COMMIT);
        assertThat(folder.resolve(WEIGHTS)).doesNotExist();
        assertThat(folder.resolve(WEIGHTS + ".incomplete")).doesNotExist();
        assertThat(folder.resolve(HuggingFaceHub.COMPLETE_MARKER)).doesNotExist();
        assertThat(hub(true).build().cached(RepoId.parse(REPO))).isEmpty();
    }

    @Test
    void aCorruptSmallFileFailsItsGitBlobCheck() {
        serveListing(files);
        files.forEach((name, bytes) -> serveFile(name, name.equals("config.json") ? "{}".getBytes() : bytes));

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("config.json")
                .hasMessageContaining("Git blob SHA-1 " + gitBlobSha1(files.get("config.json")));
    }

    @Test
    void aGatedModelWithoutAccessFailsNamingHfToken() {
        hub.stubFor(get(urlPathEqualTo(listingPath()))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("X-Error-Code", "GatedRepo")
                        .withBody("{\"error\":\"Access to model tandem-test/tiny-qwen is restricted.\"}")));

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.GATED))
                .hasMessageStartingWith("Model tandem-test/tiny-qwen@main is gated (HTTP 403): set HF_TOKEN");
    }

    @Test
    void unauthorizedFailsAndTheTokenIsSentButNeverShown() throws Exception {
        hub.stubFor(get(urlPathEqualTo(listingPath())).willReturn(aResponse().withStatus(401)));
        HuggingFaceHub client = overHttps().token("hf_secret_token").build();

        assertThatThrownBy(() -> client.resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                .hasMessage("The hub refused access to model tandem-test/tiny-qwen@main (HTTP 401): HF_TOKEN was not"
                        + " accepted to a Hugging Face access token with read access.")
                .hasMessageNotContaining("hf_secret_token");
        hub.verify(getRequestedFor(urlPathEqualTo(listingPath()))
                .withHeader("Authorization", equalTo("Bearer hf_secret_token")));
        assertThat(client.toString()).doesNotContain("hf_secret_token").contains("token ***");
    }

    @Test
    void theCacheIsKeyedByCommitAndTheRevisionIsRecordedAsARef() throws IOException {
        serveListing(files);
        files.forEach(this::serveFile);

        Path folder = hub(false).build().resolve(REPO);

        Path repo = cache.resolve("models/hf/tandem-test--tiny-qwen");
        assertThat(folder).isEqualTo(repo.resolve("snapshots").resolve(COMMIT));
        assertThat(repo.resolve("refs/main")).hasContent(COMMIT);
        assertThat(JSON.readTree(folder.resolve(HuggingFaceHub.COMPLETE_MARKER).toFile())
                        .path("revision")
                        .asText())
                .isEqualTo("main");
        assertThat(hub(true).build().resolve(REPO + "@" + COMMIT)).isEqualTo(folder);
        hub.verify(0, getRequestedFor(urlEqualTo("/" + REPO + "/resolve/main/" + WEIGHTS)));
    }

    @Test
    void aFileAlreadyPresentWithTheRightSizeButOtherBytesIsHashedAndFetchedAgain() throws IOException {
        serveListing(files);
        files.forEach(this::serveFile);
        Path folder = Files.createDirectories(cache.resolve("models/hf/tandem-test--tiny-qwen/snapshots/" + COMMIT));
        byte[] planted = files.get(WEIGHTS).clone();
        planted[planted.length / 2] ^= 0x33;
        Files.write(folder.resolve(WEIGHTS), planted);
        Files.write(folder.resolve("config.json"), files.get("config.json"));

        Path downloaded = hub(false).build().resolve(REPO);

        assertThat(downloaded.resolve(WEIGHTS)).hasBinaryContent(files.get(WEIGHTS));
        hub.verify(1, getRequestedFor(urlEqualTo(resolvePath(WEIGHTS))));
        // A present file whose hash matches is kept without a request.
        hub.verify(0, getRequestedFor(urlEqualTo(resolvePath("config.json"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..\\x.json", "../x.json", "a/../../x.json", "C:x.json", "/etc/x.json", "sub\\x.json"})
    void aListedFileNameThatCouldLeaveTheModelFolderFailsTheDownload(String hostile) throws IOException {
        Map<String, byte[]> served = new LinkedHashMap<>(files);
        served.put(hostile, "{}".getBytes(StandardCharsets.UTF_8));
        serveListing(served);
        files.forEach(this::serveFile);

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE))
                .hasMessageStartingWith(
                        "The listing of model tandem-test/tiny-qwen@main names a file '" + hostile + "' with ")
                .hasMessageContaining("nothing was downloaded");
        assertThat(cache.resolve("models/hf/tandem-test--tiny-qwen")).doesNotExist();
        assertThat(cache.getParent().resolve("x.json")).doesNotExist();
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedBeforeAnythingIsFetchedOverHttp() throws Exception {
        serveListing(files);
        files.forEach(this::serveFile);
        hub.stubFor(get(urlEqualTo(resolvePath(WEIGHTS)))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "http://localhost:" + hub.port() + "/cdn/" + WEIGHTS)));
        hub.stubFor(get(urlEqualTo("/cdn/" + WEIGHTS)).willReturn(aResponse().withBody(files.get(WEIGHTS))));

        assertThatThrownBy(() -> overHttps().token("hf_secret_token").build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE))
                .hasMessageContaining("from https to plain http (http://localhost), which is refused");
        hub.verify(0, getRequestedFor(urlEqualTo("/cdn/" + WEIGHTS)));
    }

    @Test
    void theTokenGoesToTheHubOverHttpsOnlyNeverToARedirectedHostNorOverHttp() throws Exception {
        serveListing(files);
        files.forEach(this::serveFile);
        // The hub sends the weights to its "CDN", another host name for the same server.
        hub.stubFor(get(urlEqualTo(resolvePath(WEIGHTS)))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "https://127.0.0.1:" + hub.httpsPort() + "/cdn/" + WEIGHTS)));
        hub.stubFor(get(urlEqualTo("/cdn/" + WEIGHTS)).willReturn(aResponse().withBody(files.get(WEIGHTS))));

        Path folder = overHttps().token("hf_secret_token").build().resolve(REPO);

        assertThat(folder.resolve(WEIGHTS)).hasBinaryContent(files.get(WEIGHTS));
        hub.verify(getRequestedFor(urlEqualTo(resolvePath(WEIGHTS)))
                .withHeader("Authorization", equalTo("Bearer hf_secret_token")));
        hub.verify(getRequestedFor(urlEqualTo("/cdn/" + WEIGHTS)).withoutHeader("Authorization"));

        hub.resetRequests();
        serveFile(WEIGHTS, files.get(WEIGHTS));
        Path again = hub(false)
                .cacheDirectory(cache.resolve("plain"))
                .token("hf_secret_token")
                .build()
                .resolve(REPO);

        assertThat(again.resolve(WEIGHTS)).exists();
        assertThat(hub.getAllServeEvents())
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getRequest().containsHeader("Authorization"))
                        .isFalse());
    }

    @Test
    void aMissingModelFailsAsNotFound() {
        hub.stubFor(get(urlPathEqualTo(listingPath()))
                .willReturn(aResponse().withStatus(404).withHeader("X-Error-Code", "RepoNotFound")));

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageStartingWith("The hub " + httpUrl() + " has no model tandem-test/tiny-qwen (HTTP 404).");
    }

    @Test
    void noNetworkFailsClearly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HuggingFaceHub client = HuggingFaceHub.builder()
                .cacheDirectory(cache)
                .environment(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + closedPort))
                .build();

        assertThatThrownBy(() -> client.resolve(REPO))
                .isInstanceOfSatisfying(ModelDownloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NO_NETWORK);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessageStartingWith("Could not reach the hub http://127.0.0.1:" + closedPort);
    }

    @Test
    void aConnectionResetMidListingIsANetworkError() {
        hub.stubFor(
                get(urlPathEqualTo(listingPath())).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_NETWORK));
    }

    @Test
    void notEnoughDiskSpaceFailsBeforeDownloading() {
        serveListing(files);

        assertThatThrownBy(() -> hub(false).usableSpace(folder -> 1_000).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL))
                .hasMessageStartingWith("No space left on the disk of ")
                .hasMessageContaining("Free some space or set TANDEM_CACHE_DIR");
        hub.verify(0, getRequestedFor(urlEqualTo(resolvePath(WEIGHTS))));
    }

    @Test
    void theOperatingSystemsDiskFullErrorIsRecognised() {
        assertThat(HuggingFaceHub.isDiskFull(new IOException("No space left on device")))
                .isTrue();
        assertThat(HuggingFaceHub.isDiskFull(new IOException("Connection reset")))
                .isFalse();
    }

    @Test
    void aRepositoryWithoutSafetensorsIsRejected() {
        Map<String, byte[]> noWeights = new LinkedHashMap<>(files);
        noWeights.remove(WEIGHTS);
        serveListing(noWeights);

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageStartingWith("Repository tandem-test/tiny-qwen@main has no *.safetensors weights");
    }

    @Test
    void cachedModelsListsCompleteAndPartialDownloads() throws IOException {
        serveListing(files);
        files.forEach(this::serveFile);
        HuggingFaceHub client = hub(false).build();
        client.resolve(REPO);
        String unfinished = "fedcba9876543210fedcba9876543210fedcba98";
        Files.createDirectories(client.modelsDirectory().resolve("other--model/snapshots/" + unfinished));

        List<HuggingFaceHub.CachedModel> models = client.cachedModels();

        assertThat(models)
                .extracting(m -> m.id().toString())
                .containsExactly("other/model@" + unfinished, REPO + "@main");
        assertThat(models.get(1).complete()).isTrue();
        assertThat(models.get(1).commit()).isEqualTo(COMMIT);
        assertThat(models.get(0).complete()).isFalse();
    }

    @Test
    void anExistingFolderResolvesToItselfWithoutTheNetwork() {
        assertThat(hub(true).build().resolve(forged.toString())).isEqualTo(forged);
    }

    private String httpUrl() {
        return "http://localhost:" + hub.port();
    }

    /** The hub over https (WireMock's self-signed certificate, trusted by this client only). */
    private HuggingFaceHub.Builder overHttps() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, null);
        OkHttpClient client = new OkHttpClient.Builder()
                .sslSocketFactory(tls.getSocketFactory(), trustAll)
                .hostnameVerifier((host, session) -> true)
                .build();
        return HuggingFaceHub.builder()
                .cacheDirectory(cache)
                .environment(Map.of("HF_ENDPOINT", "https://localhost:" + hub.httpsPort()))
                .httpClient(client)
                .offline(false);
    }

    private HuggingFaceHub.Builder hub(boolean offline) {
        return HuggingFaceHub.builder()
                .cacheDirectory(cache)
                .environment(Map.of("HF_ENDPOINT", httpUrl()))
                .offline(offline);
    }

    private void serveListing(Map<String, byte[]> served) {
        List<Map<String, Object>> siblings = new ArrayList<>();
        served.forEach((name, bytes) -> {
            Map<String, Object> sibling = new LinkedHashMap<>();
            sibling.put("rfilename", name);
            if (name.endsWith(".safetensors")) {
                String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(bytes) + "\nsize "
                        + bytes.length + "\n";
                sibling.put("blobId", gitBlobSha1(pointer.getBytes(StandardCharsets.UTF_8)));
                sibling.put("size", bytes.length);
                sibling.put(
                        "lfs", Map.of("sha256", sha256(bytes), "size", bytes.length, "pointerSize", pointer.length()));
            } else {
                sibling.put("blobId", gitBlobSha1(bytes));
                sibling.put("size", bytes.length);
            }
            siblings.add(sibling);
        });
        siblings.add(Map.of("rfilename", "onnx/model.onnx", "blobId", "x", "size", 10));
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("_id", "abc");
        listing.put("id", REPO);
        listing.put("sha", COMMIT);
        listing.put("private", false);
        listing.put("gated", false);
        listing.put("siblings", siblings);
        try {
            hub.stubFor(get(urlEqualTo(listingPath() + "?blobs=true"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(JSON.writeValueAsBytes(listing))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void serveFile(String name, byte[] bytes) {
        hub.stubFor(get(urlEqualTo(resolvePath(name)))
                .willReturn(aResponse()
                        .withHeader("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567")
                        .withBody(bytes)));
    }

    private long totalBytes() {
        return files.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    private static String listingPath() {
        return "/api/models/" + REPO + "/revision/main";
    }

    private static String resolvePath(String file) {
        return "/" + REPO + "/resolve/" + COMMIT + "/" + file;
    }

    private static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes, null);
    }

    private static String gitBlobSha1(byte[] bytes) {
        return hex("SHA-1", bytes, ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private static String hex(String algorithm, byte[] bytes, byte[] prefix) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                digest.update(prefix);
            }
            return HexFormat.of().formatHex(digest.digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
