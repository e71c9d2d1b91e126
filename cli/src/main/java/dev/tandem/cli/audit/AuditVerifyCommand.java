package dev.tandem.cli.audit;

import dev.tandem.cli.Console;
import dev.tandem.router.audit.AuditVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem audit verify FILE [--key-file K] [--checkpoint C]}: checks the hash chain of an audit log
 * and its rotated files, with the HMAC key if the log was sealed with one, and against the checkpoint the
 * log writes (default {@code FILE.checkpoint}). Exit 0 when intact; 1 when any record was altered,
 * removed, inserted or reordered, records were cut off the end, the tail was re-sealed, or the log is
 * missing.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check the hash chain of an audit log across its rotated files (FILE.1, FILE.2, ...).",
            "Exits 0 when intact, 1 when a record was altered, removed, inserted or reordered, records were cut"
                    + " off the end, or the tail was re-sealed (the last two found through the checkpoint)."
        })
public final class AuditVerifyCommand implements Callable<Integer> {

    @ParentCommand
    private AuditCommand parent;

    @Parameters(paramLabel = "FILE", description = "The live audit file, as given to --audit.")
    private Path file;

    @Option(
            names = "--key-file",
            paramLabel = "K",
            description = "A file holding the HMAC key the log was sealed with (its bytes, as given to the log).")
    private Path keyFile;

    @Option(
            names = "--checkpoint",
            paramLabel = "C",
            description = "The checkpoint file the log writes; default FILE.checkpoint. Missing: not checked.")
    private Path checkpoint;

    @Override
    public Integer call() {
        Console console = parent.console();
        byte[] key = null;
        if (keyFile != null) {
            try {
                key = Files.readAllBytes(keyFile);
            } catch (IOException e) {
                console.err()
                        .println("cannot read the key file " + keyFile + " ("
                                + e.getClass().getSimpleName() + ")");
                return 2;
            }
        }
        Path checkpointFile = checkpoint != null ? checkpoint : file.resolveSibling(file.getFileName() + ".checkpoint");
        AuditVerifier.Verification result = AuditVerifier.verify(file, key, checkpointFile);
        if (result.valid()) {
            console.out()
                    .println("OK: " + result.records() + " records in " + result.files() + " file"
                            + (result.files() == 1 ? "" : "s") + ", seq " + result.firstSeq() + " to "
                            + result.lastSeq() + "; last hash "
                            + result.lastHash().orElse("-"));
            if (!Files.exists(checkpointFile)) {
                console.out()
                        .println("Note: no checkpoint at " + checkpointFile
                                + "; records cut off the end could not be detected.");
            }
            if (result.firstSeq() > 0) {
                console.out()
                        .println("Note: the log starts at seq " + result.firstSeq()
                                + "; earlier files were rotated away.");
            }
            return 0;
        }
        console.err().println("FAILED: " + file + " does not verify:");
        result.problems().forEach(problem -> console.err().println("  " + problem));
        return 1;
    }
}
