-- Deleting an infant (or resetting synthetic data) otherwise scans every appointment.
CREATE INDEX "appointments_infant_id_idx" ON "appointments"("infant_id");
