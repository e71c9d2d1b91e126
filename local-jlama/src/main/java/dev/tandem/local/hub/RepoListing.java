package dev.tandem.local.hub;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Hub's answer to {@code GET /api/models/{owner}/{name}/revision/{revision}?blobs=true} (the call
 * behind huggingface_hub's {@code model_info(..., files_metadata=True)}), reduced to what a download
 * needs. Unknown fields are ignored.
 *
 * <pre>{@code
 * {"id": "owner/name", "sha": "<commit>", "gated": false,
 *  "siblings": [
 *    {"rfilename": "config.json", "blobId": "<git sha-1>", "size": 681},
 *    {"rfilename": "model.safetensors", "blobId": "<git sha-1 of the pointer>", "size": 988097824,
 *     "lfs": {"sha256": "<hex>", "size": 988097824, "pointerSize": 135}}]}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RepoListing(
        @Nullable String id, @Nullable String sha, @Nullable List<Sibling> siblings) {

    List<Sibling> files() {
        return siblings == null ? List.of() : siblings;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sibling(
            String rfilename,
            @Nullable Long size,
            @JsonProperty("blobId") @Nullable String blobId,
            @Nullable Lfs lfs) {

        /** The file's size: the LFS object's for LFS files (size may be the pointer's on older hubs). */
        long bytes() {
            if (lfs != null && lfs.size() != null) {
                return lfs.size();
            }
            return size == null ? -1 : size;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lfs(
            @Nullable String sha256,
            @Nullable Long size,
            @JsonProperty("pointerSize") @Nullable Long pointerSize) {}
}
