/**
 * Models from the Hugging Face Hub: {@link dev.tandem.local.hub.HuggingFaceHub} downloads a repository
 * into a local cache, resumably and verified, and turns a folder or a model id ({@link
 * dev.tandem.local.hub.RepoId}) into a folder {@link dev.tandem.local.JlamaLocalModel} can load. Failures
 * are {@link dev.tandem.local.hub.ModelDownloadException}s with a reason.
 */
@NullMarked
package dev.tandem.local.hub;

import org.jspecify.annotations.NullMarked;
