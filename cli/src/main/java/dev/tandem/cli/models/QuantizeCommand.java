package dev.tandem.cli.models;

import dev.tandem.local.ModelQuantizer;
import dev.tandem.local.TerminalProgressBar;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tandem models quantize SRC --to Q4 [--out DIR]}: quantizes once, offline. */
@Command(
        name = "quantize",
        mixinStandardHelpOptions = true,
        description = {
            "Quantize a model once, offline (Jlama 0.8.4 cannot quantize at load time). SRC is a folder or a",
            "model id (pulled first). Norms and biases stay F32. Prints the output folder."
        })
final class QuantizeCommand implements Callable<Integer> {

    @ParentCommand
    private ModelsCommand models;

    @Parameters(index = "0", paramLabel = "SRC", description = "a model folder or owner/name[@revision]")
    private String source;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FORMAT",
            description = "Q4 (Q8 is refused: Jlama 0.8.4 cannot run it)")
    private ModelQuantizer.Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder; default SRC-JQ4 beside the source")
    private Path out;

    @Override
    public Integer call() {
        Path folder = models.hub().resolve(source);
        Path output = out != null ? out : ModelQuantizer.defaultOutput(folder, format);
        ModelQuantizer.quantize(
                folder,
                format,
                output,
                TerminalProgressBar.to(models.console().err(), models.console().interactive()));
        models.console().out().println(output);
        return 0;
    }
}
