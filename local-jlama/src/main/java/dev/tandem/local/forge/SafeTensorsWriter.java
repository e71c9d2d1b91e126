package dev.tandem.local.forge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file of F32 tensors: an 8-byte little-endian header length, a JSON header padded
 * with spaces to a multiple of 8 bytes, then the raw little-endian data of each tensor in header order.
 * Values are streamed from the tensor's source, so the file can be larger than the heap.
 */
final class SafeTensorsWriter {

    /** A tensor to write: its name, its shape, and where its values come from. */
    record Tensor(String name, int[] shape, ValueSource values) {

        long elementCount() {
            long count = 1;
            for (int dimension : shape) {
                count *= dimension;
            }
            return count;
        }
    }

    /** Produces the values of one tensor, in row-major order. */
    @FunctionalInterface
    interface ValueSource {
        float next();
    }

    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsWriter() {}

    static void write(Path file, Map<String, String> metadata, List<Tensor> tensors, ObjectMapper json)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Tensor tensor : tensors) {
            long end = offset + tensor.elementCount() * Float.BYTES;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", tensor.shape());
            info.put("data_offsets", new long[] {offset, end});
            header.put(tensor.name(), info);
            offset = end;
        }
        byte[] headerJson = padded(json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8));

        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(headerJson.length);
            flush(channel, buffer);
            drain(channel, ByteBuffer.wrap(headerJson));
            for (Tensor tensor : tensors) {
                for (long i = tensor.elementCount(); i > 0; i--) {
                    if (!buffer.hasRemaining()) {
                        flush(channel, buffer);
                    }
                    buffer.putFloat(tensor.values().next());
                }
            }
            flush(channel, buffer);
        }
    }

    private static byte[] padded(byte[] header) {
        int length = (header.length + 7) / 8 * 8;
        byte[] padded = new byte[length];
        System.arraycopy(header, 0, padded, 0, header.length);
        for (int i = header.length; i < length; i++) {
            padded[i] = ' ';
        }
        return padded;
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        drain(channel, buffer);
        buffer.clear();
    }

    private static void drain(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
