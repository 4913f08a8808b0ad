package org.babelscope.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recognises a corpus layout from names alone, to tell a user who picked the wrong
 * {@code --format} which one fits. It never decides how a corpus is read: the user's format does.
 */
final class FormatGuess {
    static final Pattern TATOEBA_FILE = Pattern.compile("tatoeba\\.([A-Za-z0-9_]+)-eng\\.([A-Za-z0-9_]+)");
    static final Pattern OPTION_FILE = Pattern.compile("(.+)_choice([0-9]{1,4})\\.txt");
    static final Pattern FLORES_FILE = Pattern.compile("([A-Za-z0-9_]+)\\.(devtest|dev|txt)");

    private FormatGuess() {
    }

    /** The format {@code path} looks like, if any. */
    static Optional<CorpusFormat> of(Path path) {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            return name.endsWith(".jsonl") || name.endsWith(".json") ? Optional.of(CorpusFormat.JSONL) : Optional.empty();
        }
        if (!Files.isDirectory(path)) {
            return Optional.empty();
        }
        if (Files.isDirectory(path.resolve("data")) && Files.isDirectory(path.resolve("data-gmt"))) {
            return Optional.of(CorpusFormat.XCOPA);
        }
        List<String> names = fileNames(path);
        if (names.stream().anyMatch(n -> TATOEBA_FILE.matcher(n).matches())) {
            return Optional.of(CorpusFormat.TATOEBA);
        }
        if (names.stream().anyMatch(n -> OPTION_FILE.matcher(n).matches())) {
            return Optional.of(CorpusFormat.OPTIONS);
        }
        if (names.stream().anyMatch(n -> FLORES_FILE.matcher(n).matches())) {
            return Optional.of(CorpusFormat.FLORES);
        }
        return Optional.empty();
    }

    /** "; it looks like a corpus for --format X: use that" or "", to end an error message about {@code path}. */
    static String hint(Path path, CorpusFormat tried) {
        Optional<CorpusFormat> guess = of(path);
        if (guess.isPresent() && guess.get() != tried) {
            return "; it looks like a corpus for --format " + guess.get().cliName() + ": use that";
        }
        if (Files.isDirectory(path) && fileNames(path).stream().anyMatch(n -> n.endsWith(".jsonl"))) {
            return "; for a .jsonl corpus, give the file itself with --format jsonl";
        }
        return "";
    }

    /** The names of the regular files directly in {@code dir}, sorted. */
    static List<String> fileNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
