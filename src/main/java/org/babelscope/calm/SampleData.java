package org.babelscope.calm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.babelscope.BadInputException;

/**
 * The X-CSQA questions {@code calm sample} asks: a folder of {@code x_csqa_<l>_test.json} or
 * {@code x_csqa_<l>_train_sampled.json} files (or the X-CSQA root, whose {@code test/} is taken),
 * read like the released samples, parallel by position.
 */
public final class SampleData {
    private static final Pattern FILE = Pattern.compile("x_csqa_(.+)_(?:test|train_sampled)\\.json");

    private SampleData() {
    }

    public static SampleSources.Loaded read(Path data, List<String> langs) {
        Path dir = Files.isDirectory(data.resolve("test")) ? data.resolve("test") : data;
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("no such folder: " + data);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.put(m.group(1), p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BadInputException("no x_csqa_<l>_test.json or x_csqa_<l>_train_sampled.json in " + dir);
        }
        List<String> specs = new ArrayList<>();
        for (String wanted : langs) {
            String found = files.keySet().stream().filter(l -> CalmLanguages.same(l, wanted)).findFirst()
                    .orElseThrow(() -> new BadInputException("unknown language " + wanted + ": no file for it in " + dir
                            + " (have " + String.join(", ", files.keySet()) + "; cn = zh)"));
            specs.add(wanted + "=" + files.get(found));
        }
        return SampleSources.read(specs, List.of(), false);
    }
}
