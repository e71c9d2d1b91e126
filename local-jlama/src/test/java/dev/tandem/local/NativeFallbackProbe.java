package dev.tandem.local;

import java.nio.file.Path;

/** Run in a child JVM by {@link JlamaRuntimeTest}: loads a model and prints which kernels ran it. */
public final class NativeFallbackProbe {

    private NativeFallbackProbe() {}

    public static void main(String[] args) {
        try (JlamaLocalModel model = JlamaLocalModel.builder()
                .modelDirectory(Path.of(args[0]))
                .maxNewTokens(5)
                .build()) {
            int tokens = model.chat(dev.langchain4j.data.message.UserMessage.from("Hi"))
                    .tokenUsage()
                    .outputTokenCount();
            System.out.println("native=" + JlamaRuntime.nativeKernels() + " tokens=" + tokens + " ops="
                    + JlamaRuntime.tensorOperations());
        }
    }
}
