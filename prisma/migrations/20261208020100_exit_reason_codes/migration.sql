-- Issue 12: every exit carries a code (lib/clients/exit-reasons.ts), so the reports count exits by
-- reason and never by free text. Exits recorded before codes existed get one from their status and,
-- where it says so plainly, from the free-text reason (which stays where it is, never exported).
UPDATE "clients" SET "status_reason_code" = CASE
    WHEN "status" = 'TRANSFERRED_OUT' THEN 'DE43'
    WHEN "status" = 'LOST_TO_FOLLOW_UP' THEN 'DE42'
    WHEN "status" = 'OPTED_OUT' THEN 'OPTED_OUT'
    WHEN "status" = 'DIED' AND coalesce("status_reason", '') ~* '(report|told|neighbou?r|family)' THEN 'DIED_REPORTED'
    WHEN "status" = 'DIED' THEN 'DE44'
    WHEN "status" = 'EXITED' AND coalesce("status_reason", '') ~* 'graduat' THEN 'GRADUATED'
    WHEN "status" = 'EXITED' AND coalesce("status_reason", '') ~* 'duplicat' THEN 'DUPLICATE'
    WHEN "status" = 'EXITED' AND coalesce("status_reason", '') ~* '(refus|stopped)' THEN 'DE45'
    ELSE 'OTHER'
  END
WHERE "status" <> 'ACTIVE' AND "status_reason_code" IS NULL
