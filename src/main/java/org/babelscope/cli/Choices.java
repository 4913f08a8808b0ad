package org.babelscope.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.babelscope.BadInputException;

/** Case-insensitive parsing of enum-valued options, with the allowed values in the message. */
final class Choices {
    private Choices() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new BadInputException(option + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining("|")) + ", got '" + value + "'");
    }
}
