import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import {
  type DataSubject,
  needlesOf,
  personalDataStores,
  phoneForms,
  redact,
} from "../../../src/features/own-data/personal-data-registry.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const ani: DataSubject = {
  personId: "11111111-1111-4111-8111-111111111111",
  telegramUserIds: [4711n],
  nips: ["198503122010011003"],
  phones: ["+6281234567890"],
  names: ["Ani"],
  enrollmentIds: [],
};

describe("recognising an erased person inside free text", () => {
  it("finds the NIP grouped or not, the phone in every form, and the name as a whole word", () => {
    expect(needlesOf(ani).anywhere).toEqual(
      expect.arrayContaining(["198503122010011003", "19850312 201001 1 003", "81234567890"]),
    );
    expect(phoneForms("081234567890")).toEqual(
      expect.arrayContaining(["+6281234567890", "6281234567890", "081234567890"]),
    );
    const text = {
      text: "Bu Ani (NIP 19850312 201001 1 003, 0812-34567890? no: 081234567890) dari Dinas Pertanian",
      nested: ["ani sakit", "Ani.", "Maniak"],
    };
    expect(redact(text, ani)).toEqual({
      text: "Bu [dihapus] (NIP [dihapus], 0812-34567890? no: 0[dihapus]) dari Dinas Pertanian",
      nested: ["[dihapus] sakit", "[dihapus].", "Maniak"],
    });
  });

  describe("in the database", () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.close());

    it("drops chat state naming the person, and leaves a word that merely contains the name", async () => {
      const db = database.prisma;
      await db.chatState.createMany({
        data: [
          { key: "flow:4711", value: { step: "contact" } },
          { key: "import:99", value: { rows: [{ fullName: "Ani", agency: "Dinas Pertanian" }] } },
          { key: "import:98", value: { rows: [{ fullName: "Budi", agency: "Dinas Pertanian" }] } },
          { key: "flow:14711", value: { step: "nip" } },
        ],
      });
      const store = personalDataStores.find((entry) => entry.name === "chatState");
      if (!store) throw new Error("the chat-state store is registered");
      const changed = await store.erase(db, ani, { files: [], counts: {} });
      expect(changed).toBe(2);
      expect(
        (await db.chatState.findMany({ orderBy: { key: "asc" } })).map((row) => row.key),
      ).toEqual(["flow:14711", "import:98"]);
    });
  });
});
