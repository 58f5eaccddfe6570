package io.shopset.admin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.shopset.routing.config.Mappers;

/**
 * The admin API's JSON: the stores' mapper, except that responses keep {@code null} map values
 * ({@code "rememberedShopsets": null}, {@code "chosen": null}) and request bodies take no number
 * or boolean where a string belongs ({@code "hosts": [1]} is a 400).
 */
final class AdminJson {

    static final ObjectMapper WRITER = Mappers.json().copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                                                                     JsonInclude.Include.ALWAYS));

    static final ObjectMapper READER = strictStrings(Mappers.json().copy());

    private AdminJson() {
    }

    private static ObjectMapper strictStrings(ObjectMapper m) {
        m.coercionConfigFor(LogicalType.Textual)
         .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
         .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
         .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }
}
