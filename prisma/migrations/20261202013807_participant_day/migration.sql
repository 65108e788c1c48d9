-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "RosterEntry" ADD COLUMN     "hostUnitId" TEXT;

-- AddForeignKey
ALTER TABLE "RosterEntry" ADD CONSTRAINT "RosterEntry_hostUnitId_fkey" FOREIGN KEY ("hostUnitId") REFERENCES "HostUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
