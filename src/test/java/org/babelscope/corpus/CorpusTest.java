package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;

/** View names, the pivot rule, the corpus's checks, its counts and its identity. */
class CorpusTest {
    @Test
    void viewNamesParseAndPrint() {
        assertEquals(new ViewName("fra_Latn", null, OptionalInt.empty()), ViewName.parse("fra_Latn"));
        assertEquals(new ViewName("fra_Latn", null, OptionalInt.of(2)), ViewName.parse("fra_Latn.opt2"));
        assertEquals(new ViewName("eng", "it", OptionalInt.of(1)), ViewName.parse("eng-it.opt1"));
        for (String name : List.of("english", "eng-fra", "zho_Hans.opt0", "eng-it.opt12")) {
            assertEquals(name, ViewName.parse(name).toString());
        }
        assertEquals("fra", ViewName.parse("eng-fra").owner());
        for (String bad : List.of("", "fra.opt", "fra.2", "a-b-c", "eng@fra", "fr CA", "x.opt1.opt2")) {
            assertThrows(BadInputException.class, () -> ViewName.parse(bad), bad);
        }
    }

    @Test
    void pivotRulePrefersThePairedView() {
        Set<String> present = Set.of("eng", "eng-fra", "fra", "deu", "eng.opt1", "spa.opt1");
        assertEquals(Optional.of("eng-fra"), ViewName.pivotFor("fra", "eng", present));
        assertEquals(Optional.of("eng"), ViewName.pivotFor("deu", "eng", present));
        assertEquals(Optional.of("eng.opt1"), ViewName.pivotFor("spa.opt1", "eng", present));
        assertEquals(Optional.empty(), ViewName.pivotFor("spa.opt2", "eng", present));
        assertEquals(Optional.empty(), ViewName.pivotFor("eng-fra", "eng", present));
    }

    @Test
    void everyViewNeedsAnAlignedPivot() {
        BadInputException none = assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("eng.opt1", List.of("a")), new View("fra", List.of("b"))), Map.of()));
        assertTrue(none.getMessage().contains("fra") && none.getMessage().contains("no pivot view"), none.getMessage());
        BadInputException longer = assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("eng", List.of("a")), new View("fra", List.of("b", "c"))), Map.of()));
        assertTrue(longer.getMessage().contains("2 items but its pivot view eng has 1"), longer.getMessage());
        // No view in the pivot language: the language view finds no pivot view.
        BadInputException noPivot = assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("fra", List.of("a"))), Map.of()));
        assertTrue(noPivot.getMessage().contains("no pivot view"), noPivot.getMessage());
        assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("eng", List.of("a")), new View("eng", List.of("a"))), Map.of()), "duplicate view");
        assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("eng", List.of("a")), new View("fra-deu", List.of("a")), new View("deu", List.of("b"))),
                Map.of()), "only the pivot has paired views");
        assertThrows(BadInputException.class, () -> new Corpus("c", "eng",
                List.of(new View("eng", List.of("a")), new View("fra", List.of("b"))), Map.of("fra", List.of(0, 1))),
                "labels must match the item count");
    }

    @Test
    void pairedCorpusCountsEachPairOnce() {
        Corpus corpus = new Corpus("pairs", "eng", List.of(
                new View("eng-fra", List.of("e1", "e2", "e3")), new View("fra", List.of("f1", "f2", "f3")),
                new View("eng-tzl", List.of("E1")), new View("tzl", List.of("t1"))), Map.of());
        assertFalse(corpus.isLineAligned());
        assertEquals(4, corpus.nItems());
        assertEquals(3, corpus.itemCount("eng-fra"));
        assertEquals(List.of("fra", "tzl"), corpus.languages());
        assertEquals(List.of("eng-tzl", "tzl"), corpus.viewsOf("tzl").stream().map(View::name).toList());
        assertThrows(BadInputException.class, () -> corpus.view("deu"));
        assertThrows(BadInputException.class, () -> corpus.pivotFor("deu"));
    }

    @Test
    void identityIsTheDocumentedDigest() throws Exception {
        List<View> views = List.of(new View("eng", List.of("Hello.", "")), new View("zho_Hans", List.of("你好。", "x")));
        Corpus corpus = new Corpus("c", "eng", views, Map.of());
        // The byte stream CorpusDigest documents, spelled out by hand.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("eng\u00002\u0000Hello.\u0000\u0000zho_Hans\u00002\u0000你好。\u0000x\u0000".getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(md.digest()), corpus.sha256());

        // Without the counts, "eng\0a\0fra\0b\0" would hash both ways of cutting these texts into views.
        String oneView = CorpusDigest.of(List.of(new View("eng", List.of("a", "fra", "b"))));
        String twoViews = CorpusDigest.of(List.of(new View("eng", List.of("a")), new View("fra", List.of("b"))));
        assertNotEquals(oneView, twoViews);
    }
}
