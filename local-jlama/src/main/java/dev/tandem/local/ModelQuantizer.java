package dev.tandem.local;

import static java.util.Objects.requireNonNull;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.TensorInfo;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.Q4ByteBufferTensor;
import com.github.tjake.jlama.tensor.Q8ByteBufferTensor;
import com.github.tjake.jlama.util.JsonSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantizes a model folder once, offline, into Jlama's Q4 or Q8 format. Jlama 0.8.4's quantization at
 * load time is broken (weights stay F32 and the first generate fails), so a quantized model is made
 * ahead of time and then loaded like any other.
 *
 * <pre>{@code
 * Path q4 = ModelQuantizer.quantize(Path.of("models/Qwen2.5-0.5B-Instruct"), ModelQuantizer.Format.Q4,
 *         Path.of("models/Qwen2.5-0.5B-Instruct-JQ4"), TerminalProgressBar.to(System.err, true));
 * }</pre>
 *
 * <p>The steps are those of Jlama's {@code SafeTensorSupport.quantizeModel(dir, Q4, {"norm", "bias"},
 * null, out)}: every tensor except norms and biases is quantized in blocks of 32 ({@code .qb} tensors
 * hold the block scales), and {@code config.json}, {@code tokenizer.json}, {@code tokenizer_config.json}
 * and {@code README.md} are copied. Unlike Jlama's version it reports progress per tensor, writes its
 * scratch file inside the output folder rather than the system temp folder, and moves {@code
 * model.safetensors} into place only when it is whole.
 *
 * <p>The source folder needs a README.md (Jlama's rule; a missing one is reported up front); the output
 * folder, default {@code <source>-JQ4} / {@code -JQ8} beside the source, must not hold model files yet.
 * Matrix widths should be multiples of 32; Jlama's fast Q4 kernels want 256 (AVX2) or 512 (AVX-512).
 * Stateless and thread-safe.
 */
public final class ModelQuantizer {

    /** The target formats. */
    public enum Format {
        /** 4-bit blocks of 32 with an F32 scale each: about 1/6 of F32's size. */
        Q4(DType.Q4),
        /**
         * 8-bit blocks of 32 with an F32 scale each (Jlama's I8). Jlama 0.8.4 writes this format but cannot
         * run it (no F32 x I8 kernel), so {@link #quantize} refuses it until a Jlama release that can.
         */
        Q8(DType.I8);

        private final DType dType;

        Format(DType dType) {
            this.dType = dType;
        }
    }

    private static final String[] SKIPPED = {"norm", "bias"};
    private static final List<String> COPIED = List.of("config.json", "tokenizer.json", "tokenizer_config.json");

    private ModelQuantizer() {}

    /** The default output folder: {@code <source>-JQ4} or {@code <source>-JQ8} beside the source. */
    public static Path defaultOutput(Path source, Format format) {
        Path absolute = source.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-J" + format.name());
    }

    /**
     * Quantizes {@code source} into {@code output}.
     *
     * @return {@code output}
     * @throws IllegalArgumentException if the source is not a model folder with a README.md, or the output
     *     already holds model files
     * @throws UncheckedIOException if reading or writing fails (the output then holds no model.safetensors)
     */
    public static Path quantize(Path source, Format format, Path output, ProgressListener progress) {
        requireNonNull(source, "source");
        requireNonNull(format, "format");
        requireNonNull(output, "output");
        requireNonNull(progress, "progress");
        if (format == Format.Q8) {
            throw new IllegalArgumentException("Q8 is not supported with Jlama 0.8.4: it can write Q8 weights but"
                    + " has no kernel to run them (UnsupportedOperationException: F32 I8). Use --to Q4.");
        }
        check(source, output);
        try {
            Files.createDirectories(output);
            Path scratch = Files.createTempFile(output, ".quantize-", ".tmp");
            Path weights = Files.createTempFile(output, ".model-", ".tmp");
            try {
                Map<String, Object> written = new TreeMap<>();
                try (WeightLoader loader = SafeTensorSupport.loadWeights(source.toFile());
                        RandomAccessFile raf = new RandomAccessFile(scratch.toFile(), "rw")) {
                    Map<String, TensorInfo> tensors = new TreeMap<>(loader.tensorInfoMap());
                    long total = tensors.values().stream()
                            .mapToLong(info -> info.dataOffsets[1] - info.dataOffsets[0])
                            .sum();
                    progress.started("Quantizing " + source.getFileName() + " to " + format, total, 0);
                    long done = 0;
                    FileChannel channel = raf.getChannel();
                    for (Map.Entry<String, TensorInfo> entry : tensors.entrySet()) {
                        String name = entry.getKey();
                        quantizeOne(loader, name, format, channel, written);
                        done += entry.getValue().dataOffsets[1] - entry.getValue().dataOffsets[0];
                        progress.progressed(done, name);
                    }
                } catch (Exception e) {
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
                assemble(written, scratch, weights);
                for (String file : COPIED) {
                    if (Files.isRegularFile(source.resolve(file))) {
                        Files.copy(source.resolve(file), output.resolve(file));
                    }
                }
                Files.writeString(
                        output.resolve("README.md"),
                        "# " + source.getFileName() + ", quantized to " + format + " for Jlama\n\n"
                                + "Quantized by Tandem's ModelQuantizer (norms and biases kept in F32).\n\n---\n\n"
                                + Files.readString(source.resolve("README.md")));
                Files.move(weights, output.resolve("model.safetensors"));
                progress.finished(String.format(
                        Locale.ROOT,
                        "Quantized model written to %s (%s, was %s)",
                        output,
                        LocalModelMemory.human(Files.size(output.resolve("model.safetensors"))),
                        LocalModelMemory.human(LocalModelFiles.weightsBytes(source))));
                return output;
            } finally {
                Files.deleteIfExists(scratch);
                Files.deleteIfExists(weights);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Quantizing " + source + " into " + output + " failed: " + e.getMessage()
                            + ". Check that the source is a complete F32/BF16 model and the output disk has room.",
                    e);
        }
    }

    private static void quantizeOne(
            WeightLoader loader, String name, Format format, FileChannel channel, Map<String, Object> written)
            throws IOException {
        try (AbstractTensor<?, ?> original = loader.load(name)) {
            boolean skip = false;
            for (String skipped : SKIPPED) {
                skip |= name.contains(skipped);
            }
            AbstractTensor<?, ?> tensor = skip ? original : original.quantize(format.dType);
            written.put(name, tensor.save(channel));
            if (tensor instanceof Q4ByteBufferTensor q4) {
                written.put(name + ".qb", q4.getBlockF().save(channel));
            } else if (tensor instanceof Q8ByteBufferTensor q8) {
                written.put(name + ".qb", q8.getBlockF().save(channel));
            }
        }
    }

    private static void assemble(Map<String, Object> written, Path scratch, Path weights) throws IOException {
        byte[] header = JsonSupport.om.writeValueAsBytes(written);
        try (OutputStream out = Files.newOutputStream(weights, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(header.length)
                    .array());
            out.write(header);
            Files.copy(scratch, out);
        }
    }

    private static void check(Path source, Path output) {
        if (!Files.isRegularFile(source.resolve("config.json")) || LocalModelFiles.weightsBytes(source) == 0) {
            throw new IllegalArgumentException("'" + source + "' is not a model folder: it needs config.json and"
                    + " *.safetensors weights. Pass the folder of an F32 or BF16 model.");
        }
        if (!Files.isRegularFile(source.resolve("README.md"))) {
            throw new IllegalArgumentException("'" + source + "' has no README.md, which Jlama's quantized format"
                    + " carries over. Add one (any text) and run again.");
        }
        if (Files.isRegularFile(output.resolve("model.safetensors"))
                || Files.isRegularFile(output.resolve("config.json"))) {
            throw new IllegalArgumentException("The output folder '" + output + "' already holds a model. Choose"
                    + " another --out folder, or delete it first.");
        }
    }
}
