import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { Database } from "./client.ts";

/**
 * Wraps an open PGlite (tests load a migrated snapshot into one). Apart from client.ts so that
 * a bot on a PostgreSQL server never loads PGlite (openDatabase imports this on demand).
 */
export function wrapPglite(pglite: PGlite): Database {
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    kind: "pglite",
    withMigrationAdapter: (work) => work(adapterFactory),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
