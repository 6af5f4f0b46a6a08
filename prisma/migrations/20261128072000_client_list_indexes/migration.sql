-- Duplicate detection looks clients up by date of birth, and the client list pages a site's or a
-- Mentor Mother's clients in name order (keyset on last name, first name, id).
CREATE INDEX "clients_date_of_birth_idx" ON "clients"("date_of_birth");
CREATE INDEX "clients_site_id_last_name_first_name_id_idx" ON "clients"("site_id", "last_name", "first_name", "id");
CREATE INDEX "clients_mentor_id_last_name_first_name_id_idx" ON "clients"("mentor_id", "last_name", "first_name", "id");
