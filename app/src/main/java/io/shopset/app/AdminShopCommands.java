package io.shopset.app;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopset.routing.config.Mappers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shopset admin isolate SHOP --shopset NAME} and {@code shopset admin restore SHOP}. */
final class AdminShopCommands {

    private AdminShopCommands() {
    }

    @Command(name = "isolate", mixinStandardHelpOptions = true,
             description = "Move a shop onto a dedicated ShopSet; its placement is remembered (idempotent).")
    static final class Isolate extends AdminCommand.Sub {
        @Parameters(index = "0", paramLabel = "SHOP")
        String shop;

        @Option(names = "--shopset", required = true, paramLabel = "NAME", description = "The dedicated ShopSet.")
        String shopset;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final var body = Mappers.json().createObjectNode().put("shopset", shopset);
            print(out, json, client.post("/api/v1/shops/" + AdminClient.q(shop) + "/isolate", body.toString()).json());
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
             description = "Move an isolated shop back to its remembered placement (idempotent).")
    static final class Restore extends AdminCommand.Sub {
        @Parameters(index = "0", paramLabel = "SHOP")
        String shop;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            print(out, json, client.post("/api/v1/shops/" + AdminClient.q(shop) + "/restore", null).json());
        }
    }

    static void print(PrintWriter out, boolean json, JsonNode shop) {
        if (json) {
            AdminCommand.Sub.printJson(out, shop);
            return;
        }
        out.printf("%s -> %s%s%n", shop.path("id").asText(), join(shop.path("shopsets")),
                   shop.path("isolated").asBoolean() ? "   (isolated; remembered: " + join(shop.path("rememberedShopsets"))
                                                       + ')' : "");
    }

    static String join(JsonNode array) {
        final StringBuilder sb = new StringBuilder();
        array.forEach(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n.asText()));
        return sb.length() == 0 ? "(none)" : sb.toString();
    }
}
