package dev.tandem.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.stream.Stream;

/**
 * A Hugging Face hub on WireMock serving the forged model's files under a repository id, with the listing
 * and the LFS and git-blob hashes the real hub gives, so the CLI downloads and verifies it for real.
 */
final class HubStub implements AutoCloseable {

    /** The commit the listing names; files are fetched by it, as the hub client does. */
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    HubStub() {
        server.start();
    }

    /** Serves the forged model as {@code repo} at revision main; returns the bytes in all. */
    long serve(String repo, Path model) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(model)) {
            for (Path path : paths.sorted().toList()) {
                files.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> siblings = new ArrayList<>();
        files.forEach((name, bytes) -> {
            Map<String, Object> sibling = new LinkedHashMap<>();
            sibling.put("rfilename", name);
            sibling.put("size", bytes.length);
            if (name.endsWith(".safetensors")) {
                String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + hex("SHA-256", bytes)
                        + "\nsize " + bytes.length + "\n";
                sibling.put("blobId", gitBlob(pointer.getBytes(StandardCharsets.UTF_8)));
                sibling.put(
                        "lfs",
                        Map.of("sha256", hex("SHA-256", bytes), "size", bytes.length, "pointerSize", pointer.length()));
            } else {
                sibling.put("blobId", gitBlob(bytes));
            }
            siblings.add(sibling);
            server.stubFor(get(urlEqualTo("/" + repo + "/resolve/" + COMMIT + "/" + name))
                    .willReturn(aResponse()
                            .withHeader("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567")
                            .withBody(bytes)));
        });
        Map<String, Object> listing = Map.of("id", repo, "sha", COMMIT, "siblings", siblings);
        try {
            server.stubFor(get(urlEqualTo("/api/models/" + repo + "/revision/main?blobs=true"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(JSON.writeValueAsBytes(listing))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    String endpoint() {
        return server.baseUrl();
    }

    int requests() {
        return server.findAll(anyRequestedFor(anyUrl())).size();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String gitBlob(byte[] bytes) {
        byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        return hex("SHA-1", all);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
