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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads a forged model from WireMock serving Hugging Face style URLs. */
class HuggingFaceHubTest {

    private static final String REPO = "tandem-test/tiny-qwen";
    private static final String WEIGHTS = "model.safetensors";
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
        hub = new WireMockServer(options().dynamicPort());
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

        assertThat(folder).isEqualTo(cache.resolve("models/hf/tandem-test--tiny-qwen/main"));
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
        Path partial = cache.resolve("models/hf/tandem-test--tiny-qwen/main/" + WEIGHTS + ".incomplete");
        long kept = Files.size(partial);
        assertThat(kept).isPositive().isLessThan(weights.length);
        assertThat(cache.resolve("models/hf/tandem-test--tiny-qwen/main/" + HuggingFaceHub.COMPLETE_MARKER))
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
        Path folder = cache.resolve("models/hf/tandem-test--tiny-qwen/main");
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
    void unauthorizedFailsAndTheTokenIsSentButNeverShown() {
        hub.stubFor(get(urlPathEqualTo(listingPath())).willReturn(aResponse().withStatus(401)));
        HuggingFaceHub client = hub(false).token("hf_secret_token").build();

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
    void aMissingModelFailsAsNotFound() {
        hub.stubFor(get(urlPathEqualTo(listingPath()))
                .willReturn(aResponse().withStatus(404).withHeader("X-Error-Code", "RepoNotFound")));

        assertThatThrownBy(() -> hub(false).build().resolve(REPO))
                .isInstanceOfSatisfying(
                        ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageStartingWith("The hub " + hub.baseUrl() + " has no model tandem-test/tiny-qwen (HTTP 404).");
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
        Files.createDirectories(client.modelsDirectory().resolve("other--model/v2"));

        List<HuggingFaceHub.CachedModel> models = client.cachedModels();

        assertThat(models).extracting(m -> m.id().toString()).containsExactly("other/model@v2", REPO + "@main");
        assertThat(models.get(1).complete()).isTrue();
        assertThat(models.get(1).commit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(models.get(0).complete()).isFalse();
    }

    @Test
    void anExistingFolderResolvesToItselfWithoutTheNetwork() {
        assertThat(hub(true).build().resolve(forged.toString())).isEqualTo(forged);
    }

    private HuggingFaceHub.Builder hub(boolean offline) {
        return HuggingFaceHub.builder()
                .cacheDirectory(cache)
                .environment(Map.of("HF_ENDPOINT", hub.baseUrl()))
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
        listing.put("sha", "0123456789abcdef0123456789abcdef01234567");
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
        return "/" + REPO + "/resolve/main/" + file;
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
