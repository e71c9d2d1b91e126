package dev.tandem.cli.audit;

import dev.tandem.cli.Console;
import dev.tandem.router.audit.AuditVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem audit verify FILE}: checks the hash chain of an audit log and its rotated files. Exit 0
 * when intact; 1 when any record was altered, removed, inserted or reordered, or the log is missing.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check the hash chain of an audit log across its rotated files (FILE.1, FILE.2, ...).",
            "Exits 0 when intact, 1 when a record was altered, removed, inserted or reordered."
        })
public final class AuditVerifyCommand implements Callable<Integer> {

    @ParentCommand
    private AuditCommand parent;

    @Parameters(paramLabel = "FILE", description = "The live audit file, as given to --audit.")
    private Path file;

    @Override
    public Integer call() {
        Console console = parent.console();
        AuditVerifier.Verification result = AuditVerifier.verify(file);
        if (result.valid()) {
            console.out()
                    .println("OK: " + result.records() + " records in " + result.files() + " file"
                            + (result.files() == 1 ? "" : "s") + ", seq " + result.firstSeq() + " to "
                            + result.lastSeq() + "; last hash "
                            + result.lastHash().orElse("-"));
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
