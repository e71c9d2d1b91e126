/**
 * The local tier: {@link dev.tandem.local.JlamaLocalModel}, a LangChain4j {@code ChatModel} and {@code
 * StreamingChatModel} that runs a Hugging Face model folder in process with Jlama, so requests to it never
 * leave the machine. Around it: {@link dev.tandem.local.LocalModels} (several named models, lazily
 * loaded), {@link dev.tandem.local.ModelQuantizer} and {@link dev.tandem.local.ModelInfo} (offline tools),
 * {@link dev.tandem.local.JlamaRuntime} (threads and native kernels), {@link
 * dev.tandem.local.LocalResponseMetadata} (per-token log-probabilities), and {@code hub} for downloads.
 */
@NullMarked
package dev.tandem.local;

import org.jspecify.annotations.NullMarked;
