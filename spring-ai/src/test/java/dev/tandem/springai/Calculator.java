package dev.tandem.springai;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** A Spring AI tool for the tests: adds two numbers and counts its calls. */
public class Calculator {

    final AtomicInteger calls = new AtomicInteger();

    @Tool(description = "Adds two whole numbers")
    public long add(
            @ToolParam(description = "the first number") long a, @ToolParam(description = "the second") long b) {
        calls.incrementAndGet();
        return a + b;
    }
}
