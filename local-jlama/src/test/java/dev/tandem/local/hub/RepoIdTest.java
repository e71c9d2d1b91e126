package dev.tandem.local.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepoIdTest {

    @Test
    void parsesOwnerNameAndRevision() {
        RepoId id = RepoId.parse("Qwen/Qwen2.5-0.5B-Instruct@v1.0");

        assertThat(id.owner()).isEqualTo("Qwen");
        assertThat(id.name()).isEqualTo("Qwen2.5-0.5B-Instruct");
        assertThat(id.revision()).isEqualTo("v1.0");
        assertThat(id.cacheFolder()).isEqualTo("Qwen--Qwen2.5-0.5B-Instruct");
        assertThat(id.refFile()).isEqualTo("v1.0");
    }

    @Test
    void revisionDefaultsToMain() {
        assertThat(RepoId.parse("tjake/Llama-3.2-1B-Instruct-JQ4").revision()).isEqualTo("main");
    }

    @Test
    void aRevisionWithASlashGetsAFlatRefFile() {
        assertThat(RepoId.parse("a/b@refs/pr/1").refFile()).isEqualTo("refs--pr--1");
    }

    @Test
    void textWithoutASlashIsRejected() {
        assertThatThrownBy(() -> RepoId.parse("qwen"))
                .hasMessage("'qwen' is not a Hugging Face model id: use owner/name or owner/name@revision, like"
                        + " Qwen/Qwen2.5-0.5B-Instruct");
    }

    @Test
    void pathTraversalIsRejected() {
        assertThatThrownBy(() -> RepoId.parse("a/b@../../etc"))
                .hasMessage("'../../etc' is not a valid revision: use a branch, tag or commit hash, like main or v1.0");
    }

    @Test
    void foldersDoNotLookLikeIds() {
        assertThat(RepoId.looksLikeRepoId("./models/x")).isFalse();
        assertThat(RepoId.looksLikeRepoId("/models/x")).isFalse();
        assertThat(RepoId.looksLikeRepoId("owner/name")).isTrue();
    }
}
