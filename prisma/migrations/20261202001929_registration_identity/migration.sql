-- CreateEnum
CREATE TYPE "RegistrationRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "RegistrationRequest" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "inviteCode" TEXT NOT NULL,
    "telegramUserId" BIGINT NOT NULL,
    "telegramName" TEXT,
    "nip" TEXT,
    "nipMasked" TEXT NOT NULL,
    "phone" TEXT,
    "reason" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "status" "RegistrationRequestStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,

    CONSTRAINT "RegistrationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationAttempt" (
    "id" BIGSERIAL NOT NULL,
    "telegramUserId" BIGINT NOT NULL,
    "inviteCode" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrationAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RegistrationRequest_programId_status_idx" ON "RegistrationRequest"("programId", "status");

-- CreateIndex
CREATE INDEX "RegistrationRequest_telegramUserId_status_idx" ON "RegistrationRequest"("telegramUserId", "status");

-- CreateIndex
CREATE INDEX "RegistrationAttempt_telegramUserId_createdAt_idx" ON "RegistrationAttempt"("telegramUserId", "createdAt");

-- CreateIndex
CREATE INDEX "RegistrationAttempt_inviteCode_createdAt_idx" ON "RegistrationAttempt"("inviteCode", "createdAt");

-- AddForeignKey
ALTER TABLE "RegistrationRequest" ADD CONSTRAINT "RegistrationRequest_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;
