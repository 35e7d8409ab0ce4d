-- AlterTable
ALTER TABLE "email_outbox" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_error" TEXT;

-- CreateIndex
CREATE INDEX "email_outbox_sent_at_attempts_created_at_idx" ON "email_outbox"("sent_at", "attempts", "created_at");
