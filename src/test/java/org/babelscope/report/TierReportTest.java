package org.babelscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.babelscope.BadInputException;
import org.junit.jupiter.api.Test;

/** Tier averages worked by hand on small inputs (German, Italian high; Swahili, Quechua low). */
class TierReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode results(double deu0, double deu1, double ita0, double ita1, double swh0, double swh1)
            throws Exception {
        return JSON.readTree("""
                {"layers":[3,4],"metrics":{"mexa":{"per_language":{
                  "deu_Latn":{"per_layer":[%s,%s]},
                  "ita_Latn":{"per_layer":[%s,%s]},
                  "swh_Latn":{"per_layer":[%s,%s]},
                  "xyz_Latn":{"per_layer":[0.9,0.9]},
                  "eng-sw":{"per_layer":[1.0,1.0]}}}}}""".formatted(deu0, deu1, ita0, ita1, swh0, swh1));
    }

    @Test
    void macroAveragesGapsAndMoversByHand() throws Exception {
        JsonNode before = results(0.8, 0.6, 0.4, 0.2, 0.1, 0.3);
        JsonNode after = results(0.8, 0.6, 0.5, 0.3, 0.5, 0.7);
        JsonNode evalBefore = JSON.readTree("""
                {"per_language":{"en":{"acc":0.9},"eng-sw":{"acc":0.7},"de":{"acc":0.6},"it":{"acc":0.5},
                 "sw":{"acc":0.3},"qu":{"acc":0.2}}}""");
        JsonNode json = new TierReport(before, after, evalBefore, null).toJson();
        JsonNode high = json.path("alignment").path("mexa").path("high");
        // layer 3: (0.8 + 0.4) / 2 = 0.6; layer 4: (0.6 + 0.2) / 2 = 0.4; mean 0.5; gap 0.5
        assertEquals(0.6, high.path("per_layer").get(0).asDouble(), 1e-12);
        assertEquals(0.4, high.path("per_layer").get(1).asDouble(), 1e-12);
        assertEquals(0.5, high.path("mean").asDouble(), 1e-12);
        assertEquals(0.5, high.path("gap_to_pivot").asDouble(), 1e-12);
        assertEquals(0.55, high.path("mean_after").asDouble(), 1e-12); // ((0.8+0.5)/2 + (0.6+0.3)/2) / 2
        JsonNode low = json.path("alignment").path("mexa").path("low");
        assertEquals(0.2, low.path("mean").asDouble(), 1e-12);
        assertEquals(0.6, low.path("mean_after").asDouble(), 1e-12);
        assertEquals("[\"xyz_Latn\"]", json.path("alignment").path("mexa").path("untiered").toString());
        JsonNode movers = json.path("alignment").path("mexa").path("moved_most");
        assertEquals("swh_Latn", movers.get(0).path("language").asText());
        assertEquals(0.4, movers.get(0).path("change").asDouble(), 1e-12);
        assertEquals("ita_Latn", movers.get(1).path("language").asText());
        // Accuracy: pivot rows en and eng-sw average 0.8; high (de, it) 0.55, low (sw, qu) 0.25.
        JsonNode acc = json.path("accuracy");
        assertEquals(0.8, acc.path("pivot_before").asDouble(), 1e-12);
        assertEquals(0.55, acc.path("high").path("mean").asDouble(), 1e-12);
        assertEquals(0.25, acc.path("high").path("gap_to_pivot").asDouble(), 1e-12);
        assertEquals(0.25, acc.path("low").path("mean").asDouble(), 1e-12);
        assertEquals(0.55, acc.path("low").path("gap_to_pivot").asDouble(), 1e-12);
        String md = new TierReport(before, after, evalBefore, null).table();
        assertTrue(md.contains("| high | 2 | 0.500 → 0.550 | 0.500 → 0.450 |"), md);
    }

    @Test
    void needsAnInput() {
        assertThrows(BadInputException.class, () -> new TierReport(null, null, null, null));
    }
}
