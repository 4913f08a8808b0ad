package org.babelscope.lift;

import java.util.Locale;
import org.babelscope.BadInputException;

/** How a language's embeddings are mapped onto the pivot's (DESIGN.md, LinguaLIFT). */
public enum MapMethod {
    /** W = UVᵀ from the SVD of X_LᵀX_pivot: the rotation that best lines the two up. */
    PROCRUSTES,
    /** W = (X_LᵀX_L + λI)⁻¹X_LᵀX_pivot: any linear map, shrunk toward zero by λ. */
    RIDGE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MapMethod parse(String s) {
        for (MapMethod m : values()) {
            if (m.cliName().equals(s)) {
                return m;
            }
        }
        throw new BadInputException("--method " + s + ": choose procrustes or ridge");
    }
}
