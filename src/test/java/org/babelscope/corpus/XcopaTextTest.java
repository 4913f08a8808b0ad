package org.babelscope.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.babelscope.BadInputException;
import org.babelscope.corpus.XcopaText.Relation;
import org.junit.jupiter.api.Test;

/** The sentence rule of XcopaText on hand-written cases. */
class XcopaTextTest {
    @Test
    void englishConnectivesAndCase() {
        assertEquals("The man turned on the faucet, so the toilet filled with water.",
                XcopaText.sentence("en", "The man turned on the faucet.", Relation.EFFECT, "The toilet filled with water."));
        assertEquals("My body cast a shadow over the grass because the sun was rising.",
                XcopaText.sentence("en", "My body cast a shadow over the grass.", Relation.CAUSE, "The sun was rising."));
        assertEquals("I was tired, so I'm going to bed.",
                XcopaText.sentence("en", "I was tired.", Relation.EFFECT, "I'm going to bed."));
        assertEquals("The screen went dark because TV signals failed.",
                XcopaText.sentence("en", "The screen went dark.", Relation.CAUSE, "TV signals failed."));
    }

    @Test
    void prefixPlusContinuationIsTheSentence() {
        String prefix = XcopaText.prefix("it", "L'ufficio era chiuso.", Relation.CAUSE);
        String continuation = XcopaText.continuation("it", "Era vacanza.");
        assertEquals("L'ufficio era chiuso perché ", prefix);
        assertEquals("era vacanza.", continuation);
        assertEquals(prefix + continuation, XcopaText.sentence("it", "L'ufficio era chiuso.", Relation.CAUSE, "Era vacanza."));
    }

    @Test
    void turkishLowerCaseKeepsItsDots() {
        assertEquals("Kapı açıktı, çünkü ışık yanıyordu.",
                XcopaText.sentence("tr", "Kapı açıktı.", Relation.CAUSE, "Işık yanıyordu."));
        assertEquals("Kapı açıktı, bu yüzden içeri girdim.",
                XcopaText.sentence("tr", "Kapı açıktı.", Relation.EFFECT, "İçeri girdim."));
        assertEquals("o eve gitti.", XcopaText.continuation("tr", "O eve gitti."), "a one-letter Turkish pronoun is lowered");
    }

    @Test
    void scriptsWithoutCaseAndTheirPunctuation() {
        assertEquals("他很累，所以他睡觉了。", XcopaText.sentence("zh", "他很累。", Relation.EFFECT, "他睡觉了。"));
        assertEquals("เขาเหนื่อย เพราะเขาทำงานหนัก", XcopaText.sentence("th", "เขาเหนื่อย", Relation.CAUSE, "เขาทำงานหนัก"));
        assertEquals("அவன் சோர்வாக இருந்தான், அதனால் அவன் தூங்கினான்",
                XcopaText.sentence("ta", "அவன் சோர்வாக இருந்தான்", Relation.EFFECT, "அவன் தூங்கினான்"));
    }

    @Test
    void everyXcopaLanguageHasConnectives() {
        for (String lang : new String[] {"et", "ht", "id", "it", "qu", "sw", "ta", "th", "tr", "vi", "zh", "en"}) {
            XcopaText.prefix(lang, "x.", Relation.CAUSE);
        }
        assertEquals(12, XcopaText.languages().size());
        assertThrows(BadInputException.class, () -> XcopaText.prefix("de", "x.", Relation.CAUSE));
        assertThrows(BadInputException.class, () -> Relation.parse("result"));
    }
}
